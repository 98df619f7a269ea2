/** The facts behind the extension's CodeLens and run form (`promptstack/promptInfo`). */
import { findModel, priceAt, qualifiedModelId } from '@promptstack/core/models/catalog';
import type { InputField, PromptAnalysis } from '@promptstack/core/format/types';
import type { PromptInfoResult, PromptInputInfo, PromptModelInfo } from '../protocol.ts';

/** Characters per token for a rough estimate; real counts come from the provider at run time. */
const CHARS_PER_TOKEN = 4;

/** Summarises a prompt: name, variant, model with limits and prices, inputs, rough size. */
export function promptInfo(analysis: PromptAnalysis, uri: string, version: number): PromptInfoResult {
  const fm = analysis.frontmatter;
  const text = (key: string) => (typeof fm[key] === 'string' ? (fm[key] as string) : undefined);
  const count = (severity: string) => analysis.diagnostics.filter((d) => d.severity === severity).length;
  return {
    uri,
    version,
    name: text('name'),
    variant: text('variant'),
    model: analysis.model ? modelInfo(analysis.model.id) : undefined,
    inputs: (analysis.inputFields ?? []).map(inputInfo),
    estimatedTemplateTokens: Math.ceil(analysis.body.length / CHARS_PER_TOKEN),
    codeLensLine: 0,
    errors: count('error'),
    warnings: count('warning'),
  };
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
