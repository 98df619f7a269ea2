/** Markdown and one-line descriptions of fields and models, shared by completion and hover. */
import { priceAt, qualifiedModelId, type ModelInfo } from '@promptstack/core/models/catalog';
import type { InputField } from '@promptstack/core/format/types';

/** `string`, `array<object>`, `enum(a, b)`: a field's type as a reader writes it. */
export function fieldTypeLabel(field: InputField): string {
  if (field.type === 'array') return `array<${field.itemType ?? 'any'}>`;
  if (field.type === 'enum' && field.enumValues) return `enum(${field.enumValues.map((v) => JSON.stringify(v)).join(', ')})`;
  return field.optional ? `${field.type}?` : field.type;
}

/** A field's description and default, as markdown. */
export function fieldDocumentation(field: InputField): string {
  const parts: string[] = [];
  if (field.description) parts.push(field.description);
  if (field.hasDefault) parts.push(`Default: \`${JSON.stringify(field.default)}\``);
  return parts.join('\n\n');
}

/** Hover text of a field: type, description, default and where it is declared. */
export function fieldMarkdown(field: InputField): string {
  const head = `**${field.path.join('.')}**: \`${fieldTypeLabel(field)}\``;
  const doc = fieldDocumentation(field);
  const where = `Declared in \`input.schema\`, line ${field.range.start.line + 1}`;
  return [head, doc, where].filter(Boolean).join('\n\n');
}

/** `128K`, `1M`: a token count as a short label. */
export function tokensLabel(count: number): string {
  if (count >= 1_000_000) return `${+(count / 1_048_576).toFixed(1)}M`;
  return `${Math.round(count / 1000)}K`;
}

/** `$2.50 / $10.00 per 1M tokens (input / output) · cached input $1.25`, or `not priced`. */
export function priceLabel(model: ModelInfo): string {
  const price = priceAt(model);
  if (!price) return 'not priced';
  const parts = [`$${price.inputPerMTok.toFixed(2)} / $${price.outputPerMTok.toFixed(2)} per 1M tokens (input / output)`];
  if (price.cachedInputPerMTok !== undefined) parts.push(`cached input $${price.cachedInputPerMTok.toFixed(3)}`);
  const long = price.longContext;
  if (long) parts.push(`above ${tokensLabel(long.aboveInputTokens)} input tokens $${long.inputPerMTok.toFixed(2)} / $${long.outputPerMTok.toFixed(2)}`);
  return parts.join(' · ');
}

/** One line for a completion item's detail. */
export function modelDetail(model: ModelInfo): string {
  const price = priceAt(model);
  const parts = [model.displayName];
  if (model.contextWindow !== undefined) parts.push(`${tokensLabel(model.contextWindow)} context`);
  if (price) parts.push(`$${price.inputPerMTok}/$${price.outputPerMTok} per 1M`);
  return parts.join(' · ');
}

/** A limit as a reader wants it: `128,000 tokens`, or `unknown` when no source states it. */
function limitLabel(count: number | undefined): string {
  return count === undefined ? 'unknown' : `${count.toLocaleString('en-US')} tokens`;
}

/** Hover text of a model: provider, name, limits and prices. */
export function modelMarkdown(model: ModelInfo): string {
  return [
    `**${model.displayName}** (\`${qualifiedModelId(model)}\`)${model.deprecated ? ' — deprecated' : ''}`,
    `Provider: ${model.provider}`,
    `Context window: ${limitLabel(model.contextWindow)} · max output: ${limitLabel(model.maxOutputTokens)}`,
    `Price: ${priceLabel(model)}`,
  ].join('\n\n');
}
