/** The facts behind the extension's CodeLens, run form, A/B command and local runs (`promptstack/promptInfo`). */
import { findModel, priceAt, qualifiedModelId } from '@promptstack/core/models/catalog';
import type { InputField, PromptAnalysis } from '@promptstack/core/format/types';
import type { PartialResolver } from '@promptstack/core/render/renderPrompt';
import { estimateRunCost } from '@promptstack/core/runner/estimateRunCost';
import type { PromptCostInfo, PromptInfoResult, PromptInputInfo, PromptModelInfo } from '../protocol.ts';

/** Characters per token for a rough estimate; real counts come from the provider at run time. */
const CHARS_PER_TOKEN = 4;

/** The document a summary is for, and what its cost estimate renders with. */
export interface PromptInfoSubject {
  uri: string;
  version: number;
  /** The text the analysis is of (rendered for the cost estimate). */
  text: string;
  /** Reads partials; absent for a document that is not a file (its partials then do not resolve). */
  partialResolver?: PartialResolver;
  input?: Record<string, unknown>;
  defaultModel?: string;
}

/** Summarises a prompt: name, variant, model with limits and prices, inputs and defaults, size and cost. */
export async function promptInfo(analysis: PromptAnalysis, subject: PromptInfoSubject): Promise<PromptInfoResult> {
  const fm = analysis.frontmatter;
  const text = (key: string) => (typeof fm[key] === 'string' ? (fm[key] as string) : undefined);
  const count = (severity: string) => analysis.diagnostics.filter((d) => d.severity === severity).length;
  return {
    uri: subject.uri,
    version: subject.version,
    name: text('name'),
    variant: text('variant'),
    model: analysis.model ? modelInfo(analysis.model.id) : undefined,
    inputs: (analysis.inputFields ?? []).map(inputInfo),
    defaultInput: defaultInput(fm),
    cost: await costInfo(analysis, subject),
    estimatedTemplateTokens: Math.ceil(analysis.body.length / CHARS_PER_TOKEN),
    codeLensLine: 0,
    errors: count('error'),
    warnings: count('warning'),
  };
}

/** Renders the prompt as a run would (partials included) and prices it; never throws. */
async function costInfo(analysis: PromptAnalysis, subject: PromptInfoSubject): Promise<PromptCostInfo> {
  const model = analysis.model?.id ?? subject.defaultModel;
  if (!model) return { ok: false, message: 'The prompt names no model' };
  const estimated = await estimateRunCost(subject.text, subject.input ?? {}, model, { partialResolver: subject.partialResolver ?? (() => null) });
  return estimated.ok ? { ok: true, ...estimated.estimate } : estimated;
}

/** `input.default` when the frontmatter gives an object there. */
function defaultInput(frontmatter: Record<string, unknown>): Record<string, unknown> {
  const input = frontmatter.input;
  const value = input !== null && typeof input === 'object' ? (input as Record<string, unknown>).default : undefined;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function modelInfo(written: string): PromptModelInfo {
  const model = findModel(written);
  if (!model) return { written };
  const price = priceAt(model);
  return {
    written,
    qualifiedId: qualifiedModelId(model),
    provider: model.provider,
    displayName: model.displayName,
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    inputPerMTok: price?.inputPerMTok,
    outputPerMTok: price?.outputPerMTok,
  };
}

function inputInfo(field: InputField): PromptInputInfo {
  return {
    name: field.name,
    type: field.type,
    optional: field.optional,
    description: field.description,
    hasDefault: field.hasDefault,
    ...(field.hasDefault ? { default: field.default } : {}),
  };
}
