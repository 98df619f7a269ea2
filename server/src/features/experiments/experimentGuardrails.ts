/**
 * Guardrails: a treatment arm whose error rate or latency is significantly worse than the
 * control's, by more than the experiment allows, stops the experiment. "Significantly" is the
 * always-valid confidence sequence: its lower end (treatment − control) above the allowed increase.
 * Because the sequence is valid at every look, checking it after every batch of generations does
 * not raise the chance of stopping a harmless arm above alpha.
 */
import type { ExperimentSettings } from './experimentGuardrailSettings.ts';
import type { ComparisonResult } from './experimentResultsSchemas.ts';

/** Why a guardrail stopped an experiment (`Experiment.endReason`). */
export type GuardrailEndReason = 'guardrail:error-rate' | 'guardrail:latency';

/** A tripped guardrail: which arm, and a reason naming the numbers (for the audit log). */
export interface GuardrailBreach {
  endReason: GuardrailEndReason;
  versionId: string;
  versionNumber: number;
  reason: string;
}

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;
const points = (x: number): string => `${(x * 100).toFixed(1)} points`;
const ms = (x: number): string => `${Math.round(x)} ms`;
const pText = (p: number): string => (p < 0.0001 ? 'p < 0.0001' : `p = ${p.toPrecision(2)}`);

function breachOf(c: ComparisonResult, allowed: number, endReason: GuardrailEndReason, controlNumber: number): GuardrailBreach | null {
  const cs = c.sequential.confidenceSequence;
  if (c.verdict === 'insufficient-data' || !cs || !(cs.lower > allowed)) return null;
  const errorRate = endReason === 'guardrail:error-rate';
  const show = errorRate ? percent : ms;
  const diff = errorRate ? points : ms;
  const level = Math.round(cs.level * 100);
  const what = errorRate ? 'error rate' : 'mean latency';
  return {
    endReason,
    versionId: c.versionId,
    versionNumber: c.versionNumber,
    reason:
      `Guardrail: v${c.versionNumber}'s ${what} ${show(c.meanTreatment ?? NaN)} against ${show(c.meanControl ?? NaN)} for the control v${controlNumber} ` +
      `(${c.nTreatment} and ${c.nControl} generations) is worse by ${diff(c.difference ?? NaN)} (always-valid ${level}% confidence sequence ` +
      `${diff(cs.lower)} to ${diff(cs.upper)}, ${pText(c.sequential.pValue)}), more than the ${diff(allowed)} allowed`,
  };
}

/**
 * The first guardrail the comparisons trip (error rate before latency), or null. `controlNumber`
 * is the control's version number, for the reason text.
 */
export function findGuardrailBreach(comparisons: readonly ComparisonResult[], settings: ExperimentSettings, controlNumber: number): GuardrailBreach | null {
  const checks: Array<[string, number | null, GuardrailEndReason]> = [
    ['errorRate', settings.maxErrorRateIncrease, 'guardrail:error-rate'],
    ['latencyMs', settings.maxLatencyIncreaseMs, 'guardrail:latency'],
  ];
  for (const [metric, allowed, endReason] of checks) {
    if (allowed === null) continue;
    for (const c of comparisons.filter((x) => x.metric === metric)) {
      const breach = breachOf(c, allowed, endReason, controlNumber);
      if (breach) return breach;
    }
  }
  return null;
}
