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

/** `$2.50 / $10.00 per 1M tokens (input / output)`. */
export function priceLabel(model: ModelInfo): string {
  const price = priceAt(model);
  return `$${price.inputPerMTok.toFixed(2)} / $${price.outputPerMTok.toFixed(2)} per 1M tokens (input / output)`;
}

/** One line for a completion item's detail. */
export function modelDetail(model: ModelInfo): string {
  const price = priceAt(model);
  return `${model.displayName} · ${tokensLabel(model.contextWindow)} context · $${price.inputPerMTok}/$${price.outputPerMTok} per 1M`;
}

/** Hover text of a model: provider, name, limits and prices. */
export function modelMarkdown(model: ModelInfo): string {
  return [
    `**${model.displayName}** (\`${qualifiedModelId(model)}\`)${model.deprecated ? ' — deprecated' : ''}`,
    `Provider: ${model.provider}`,
    `Context window: ${model.contextWindow.toLocaleString('en-US')} tokens · max output: ${model.maxOutputTokens.toLocaleString('en-US')} tokens`,
    `Price: ${priceLabel(model)}`,
  ].join('\n\n');
}
