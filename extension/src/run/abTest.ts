/**
 * A/B tests run from the editor: the prompt (variant A) against another model or another
 * .prompt file (variant B), N runs each over the same inputs (the test cases beside the prompt,
 * or the remembered input), analysed with core's `analyzeAbTest`, shown in the A/B panel.
 * This is the local form: runs go straight to the provider and the winner is recorded in the
 * workspace state. Signed in and linked, backendAbTest.ts runs the test on PromptStack instead.
 */
import type { AbMetric, AbTestAnalysis, RunObservation } from '@promptstack/core';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { AbComparisonView, AbPanelMessage, VariantSamples } from '../webviews/protocol.ts';
import { loadEngine } from './loadEngine.ts';
import type { RunServices } from './runServices.ts';
import { readTestCases, readText, testsFileFor } from './testsFile.ts';

/** One side of the test. */
export interface AbVariantSpec {
  /** 'A' or 'B'. */
  id: string;
  label: string;
  uri: vscode.Uri;
  source: string;
  /** Model override; undefined runs the file's own model. */
  model?: string;
}

/** What to compare and how much. */
export interface AbTestPlan {
  variants: AbVariantSpec[];
  runsPerVariant: number;
  primaryMetric: AbMetric;
}

/** The recorded choice of a local A/B test. */
interface AbWinnerRecord {
  testId: string;
  variant: string;
  label: string;
  chosenAt: string;
}

/** One input of an A/B test, named after its test case. */
export interface NamedInput {
  key: string;
  input: Record<string, unknown>;
}

/** Runs the plan for the prompt at `uri`, reporting progress to its A/B panel; resolves with the final message. */
export async function runAbTest(services: RunServices, uri: vscode.Uri, plan: AbTestPlan): Promise<Extract<AbPanelMessage, { type: 'abResult' }>> {
  const engine = loadEngine(services.ctx.extensionContext);
  installWinnerHandler(services);
  const host = services.abPanels.show(uri);
  const testId = randomUUID();
  const inputs = await inputsFor(services, uri);
  const target = services.target();
  const samples = new Map(
    plan.variants.map((v) => [v.id, { id: v.id, label: v.label, latencyMs: [], costUsd: [], successes: 0, failures: 0 } as VariantSamples]),
  );
  const observations = new Map<string, RunObservation[]>(plan.variants.map((v) => [v.id, []]));
  const snapshot = (): VariantSamples[] => [...samples.values()].map((s) => ({ ...s, latencyMs: [...s.latencyMs], costUsd: [...s.costUsd] }));
  host.post({
    type: 'abStarted',
    testId,
    primaryMetric: plan.primaryMetric,
    runsPerVariant: plan.runsPerVariant,
    variants: plan.variants.map(({ id, label }) => ({ id, label })),
  });

  const jobs = plan.variants.flatMap((variant) =>
    Array.from({ length: plan.runsPerVariant }, (_, i) => {
      const named = inputs[i % inputs.length]!;
      // The same key on both sides pairs the runs (same input, same repetition).
      return { variant, input: named.input, inputKey: `${named.key}#${Math.floor(i / inputs.length)}` };
    }),
  );
  const total = jobs.length;
  let done = 0;
  const limiter = engine.createProviderLimiter();
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'PromptStack: A/B test', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      await Promise.all(
        jobs.map((job) =>
          limiter.runForModel(job.variant.model ?? '', async () => {
            if (controller.signal.aborted) return;
            const { result } = await target.run({
              uri: job.variant.uri,
              source: job.variant.source,
              input: job.input,
              model: job.variant.model,
              signal: controller.signal,
            });
            if (result.error?.kind === 'cancelled') return;
            const success = result.status === 'success';
            const sample = samples.get(job.variant.id)!;
            if (success) {
              sample.successes++;
              sample.latencyMs.push(result.latencyMs);
              sample.costUsd.push(result.costUsd);
            } else {
              sample.failures++;
            }
            observations.get(job.variant.id)!.push({ inputKey: job.inputKey, success, latencyMs: result.latencyMs, costUsd: result.costUsd });
            done++;
            progress.report({ message: `${done}/${total} runs`, increment: 100 / total });
            host.post({ type: 'abProgress', testId, done, total, variants: snapshot() });
          }),
        ),
      );
    },
  );

  const analysis = engine.analyzeAbTest({
    variants: plan.variants.map((v) => ({ id: v.id, runs: observations.get(v.id)! })),
    primaryMetric: plan.primaryMetric,
  });
  const message = resultMessage(testId, analysis, snapshot());
  host.post(message);
  await services.ctx.extensionContext.workspaceState.update(lastTestKey(uri), { testId, variants: plan.variants.map(({ id, label }) => ({ id, label })) });
  return message;
}

/** The inputs every variant runs: the test cases beside the prompt, else the remembered input. */
export async function inputsFor(services: RunServices, uri: vscode.Uri): Promise<NamedInput[]> {
  const tests = await readTestCases(loadEngine(services.ctx.extensionContext), testsFileFor(uri));
  const cases = tests?.file?.tests ?? [];
  if (cases.length > 0) return cases.map((t) => ({ key: t.name, input: t.input }));
  return [{ key: 'input', input: services.inputs.get(uri) ?? {} }];
}

/** The page's final message from core's analysis and the variants' figures. */
export function resultMessage(testId: string, analysis: AbTestAnalysis, variants: VariantSamples[]): Extract<AbPanelMessage, { type: 'abResult' }> {
  const comparisons: AbComparisonView[] = analysis.comparisons.map((c) => ({
    metric: c.metric,
    variantA: c.variantA,
    variantB: c.variantB,
    estimateA: c.estimateA,
    estimateB: c.estimateB,
    difference: c.difference,
    ci: c.ci,
    pValue: c.pValue,
    adjustedPValue: c.adjustedPValue,
    verdict: c.verdict,
    summary: c.summary,
  }));
  return {
    type: 'abResult',
    testId,
    primaryMetric: analysis.primaryMetric,
    winner: analysis.recommendation.winner,
    recommendation: analysis.recommendation.summary,
    comparisons,
    variants,
    problems: analysis.problems.map((p) => p.message),
  };
}

/** "Choose winner" from the page for a local test: recorded in the workspace state. */
function installWinnerHandler(services: RunServices): void {
  if (services.abRequestHandlers.has('local')) return;
  services.abRequestHandlers.set('local', (host, request) => {
    if (request.type !== 'chooseWinner') return;
    const state = services.ctx.extensionContext.workspaceState;
    const last = state.get<{ testId: string; variants: { id: string; label: string }[] }>(lastTestKey(host.uri));
    const variant = last?.testId === request.testId ? last.variants.find((v) => v.id === request.variant) : undefined;
    if (!variant) return; // a stale page: that test is no longer the file's latest
    const record: AbWinnerRecord = { testId: request.testId, variant: variant.id, label: variant.label, chosenAt: new Date().toISOString() };
    void state.update(winnerKey(host.uri), record).then(() => {
      host.post({ type: 'winnerChosen', testId: request.testId, variant: variant.id, where: 'local' });
      void vscode.window.showInformationMessage(`PromptStack: ${variant.id} (${variant.label}) recorded as the winner.`);
    });
  });
}

/** Builds variant B's spec from a model id or another prompt file. */
export async function variantB(uri: vscode.Uri, source: string, choice: { model: string } | { file: vscode.Uri }): Promise<AbVariantSpec | undefined> {
  if ('model' in choice) return { id: 'B', label: choice.model, uri, source, model: choice.model };
  const text = await readText(choice.file);
  return text === undefined ? undefined : { id: 'B', label: choice.file.path.split('/').pop()!, uri: choice.file, source: text };
}

function lastTestKey(uri: vscode.Uri): string {
  return `promptstack.abTest:${uri.toString()}`;
}

function winnerKey(uri: vscode.Uri): string {
  return `promptstack.abWinner:${uri.toString()}`;
}
