/**
 * The output channel's line for a finished run: file, model, status, tokens, cost, duration and
 * where it ran, and for a failure its message. Inputs and outputs stay out (they can be large or
 * private); so does anything secret, which a run view never holds.
 */
// The page's own number formats, so the log and the results view say the same figures.
import { ms, usd } from '../webviews/shared/dom.ts';
import type { RunView } from '../webviews/protocol.ts';

/** `Run support-reply.prompt: success · openai/gpt-4o-mini · 52 in / 61 out tokens · $0.000044 · 820 ms · via local`. */
export function runLogLine(fileName: string, run: RunView): string {
  const cost = run.priced ? usd(run.costUsd) : run.inputTokens || run.outputTokens ? 'unpriced' : 'no cost';
  const where = run.target === 'backend' ? `PromptStack${run.recorded ? ` (recorded, v${run.recorded.versionNumber})` : ''}` : run.target;
  const parts = [run.status, run.model || 'no model', `${run.inputTokens} in / ${run.outputTokens} out tokens`, cost, ms(run.latencyMs), `via ${where}`];
  return `Run ${fileName}: ${parts.join(' · ')}${run.error ? ` · ${run.error.message}` : ''}`;
}
