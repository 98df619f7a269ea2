/**
 * Changing a running experiment's guardrails: the generations each arm needs before any verdict,
 * and the error-rate and latency increases that stop it (each may be turned off). A guardrail may
 * move the label back to the control, so the form is for whoever may move the label directly. The
 * significance level is fixed when the experiment starts and is not offered.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { ActionError } from '../../components/States.tsx';
import type { ExperimentResults } from './types.ts';

type Settings = ExperimentResults['settings'];

/** A threshold as the form edits it: a number, or off. */
function useThreshold(value: number | null, scale: number) {
  const [off, setOff] = useState(value === null);
  const [text, setText] = useState(value === null ? '' : String(Number((value * scale).toFixed(6))));
  return { off, setOff, text, setText, read: () => (off ? null : Number(text) / scale) };
}

/** One guardrail's threshold: a number field and an Off box that turns the guardrail off. */
function ThresholdField({
  legend,
  name,
  label,
  max,
  threshold,
}: {
  legend: string;
  name: string;
  label: string;
  max: number;
  threshold: ReturnType<typeof useThreshold>;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <input
        type="number"
        name={name}
        aria-label={label}
        min={0}
        max={max}
        step="any"
        required={!threshold.off}
        disabled={threshold.off}
        value={threshold.text}
        onChange={(e) => threshold.setText(e.target.value)}
      />
      <label className="check">
        <input type="checkbox" checked={threshold.off} onChange={(e) => threshold.setOff(e.target.checked)} /> Off
      </label>
    </fieldset>
  );
}

export function GuardrailsForm({ experimentId, settings }: { experimentId: string; settings: Settings }) {
  const client = useQueryClient();
  const [minSample, setMinSample] = useState(String(settings.minSamplePerArm));
  const errorRate = useThreshold(settings.maxErrorRateIncrease, 100);
  const latency = useThreshold(settings.maxLatencyIncreaseMs, 1);
  const save = useMutation({
    mutationFn: () =>
      api.experiments.guardrails.mutate({
        id: experimentId,
        settings: { minSamplePerArm: Number(minSample), maxErrorRateIncrease: errorRate.read(), maxLatencyIncreaseMs: latency.read() },
      }),
    onSuccess: () => client.invalidateQueries({ predicate: (q) => ['experiment', 'experiment-results'].includes(String(q.queryKey[0])) }),
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form className="stack" onSubmit={onSubmit} aria-label="Change the guardrails">
      <label>
        Generations per arm before any verdict
        <input
          type="number"
          name="minSamplePerArm"
          min={2}
          max={1_000_000}
          step={1}
          required
          value={minSample}
          onChange={(e) => setMinSample(e.target.value)}
        />
      </label>
      <ThresholdField
        legend="Stop when the error rate is surely higher by more than (percentage points)"
        name="maxErrorRateIncrease"
        label="Error-rate increase allowed, in percentage points"
        max={100}
        threshold={errorRate}
      />
      <ThresholdField
        legend="Stop when the mean latency is surely higher by more than (ms)"
        name="maxLatencyIncreaseMs"
        label="Latency increase allowed, in milliseconds"
        max={3_600_000}
        threshold={latency}
      />
      <button type="submit" disabled={save.isPending}>
        Save guardrails
      </button>
      {save.isSuccess ? (
        <p className="meta" role="status">
          Saved: the next evaluation applies them.
        </p>
      ) : null}
      <ActionError error={save.error} />
    </form>
  );
}
