/**
 * A cost estimate before a run, from the rendered text and `maxOutputTokens`.
 *
 * Heuristic, on purpose: about 4 characters per token for English text (OpenAI's and
 * Anthropic's own rule of thumb) plus a few tokens of framing per message. A real BPE table
 * would be several MB, too much for the VS Code bundle, and an estimate only has to be close.
 */
import { costUsd } from '../models/catalog.ts';
import { resolveModel } from '../providers/resolveModel.ts';
import { messageText, renderPrompt, type RenderPromptOptions } from '../render/renderPrompt.ts';

/** Characters per token assumed by the estimate. */
export const CHARS_PER_TOKEN = 4;
/** Tokens of role/framing overhead assumed per message. */
export const TOKENS_PER_MESSAGE = 4;
/** Output budget assumed when neither config nor catalog gives one. */
const FALLBACK_MAX_OUTPUT_TOKENS = 1024;

/** What a run is expected to cost. */
export interface CostEstimate {
  model: string;
  inputTokens: number;
  /** The output budget: `config.maxOutputTokens`, else the model's limit (capped at 4096). */
  maxOutputTokens: number;
  /** Input only (the answer is empty). */
  minUsd: number;
  /** Input plus the whole output budget. */
  maxUsd: number;
  /** False when the model has no catalog price (both figures are then 0). */
  priced: boolean;
}

/** Token estimate of a text by the documented heuristic. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Estimates a run's cost; never throws (an unknown model or bad template is an error result). */
export async function estimateRunCost(
  source: string,
  input: Record<string, unknown> = {},
  model?: string,
  options: RenderPromptOptions & { at?: Date } = {},
): Promise<{ ok: true; estimate: CostEstimate } | { ok: false; message: string }> {
  let rendered;
  try {
    const metadata = { ...options.metadata, ...(model ? { model } : {}) };
    rendered = await renderPrompt(source, input, { ...options, metadata });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const modelId = rendered.model ?? '';
  const resolved = resolveModel(modelId);
  if (!resolved.ok) return { ok: false, message: resolved.message };
  const info = resolved.model.info;
  const inputTokens = rendered.messages.reduce((sum, message) => sum + TOKENS_PER_MESSAGE + estimateTokens(messageText(message)), 0);
  const configured = (rendered.config as { maxOutputTokens?: unknown } | undefined)?.maxOutputTokens;
  const maxOutputTokens = typeof configured === 'number' ? configured : Math.min(info?.maxOutputTokens ?? FALLBACK_MAX_OUTPUT_TOKENS, 4096);
  const at = options.at ?? new Date();
  const minUsd = info ? costUsd(info, { inputTokens, outputTokens: 0 }, at) : undefined;
  const maxUsd = info ? costUsd(info, { inputTokens, outputTokens: maxOutputTokens }, at) : undefined;
  if (minUsd === undefined || maxUsd === undefined)
    return { ok: true, estimate: { model: modelId, inputTokens, maxOutputTokens, minUsd: 0, maxUsd: 0, priced: false } };
  return { ok: true, estimate: { model: modelId, inputTokens, maxOutputTokens, minUsd, maxUsd, priced: true } };
}
