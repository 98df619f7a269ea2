/** Hover: a variable's declaration, a model's facts, a helper's signature, a key's meaning. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { findFrontmatterKey } from '@promptstack/core/format/knownKeys';
import { findHelper } from '@promptstack/core/format/helpers';
import { findModel, nearestModelIds } from '@promptstack/core/models/catalog';
import type { PromptAnalysis } from '@promptstack/core/format/types';
import { fieldMarkdown, modelMarkdown } from './describe.ts';
import { fieldAtPath } from './inputScope.ts';
import { innermost, rangeContains } from './positions.ts';

/** Handlebars data variables a hover can explain. */
const DATA_VARIABLES: Record<string, string> = {
  '@index': 'Zero-based position of the current item in `{{#each}}`.',
  '@first': 'True for the first item in `{{#each}}`.',
  '@last': 'True for the last item in `{{#each}}`.',
  '@key': 'The key of the current entry when `{{#each}}` iterates an object.',
  '@root': 'The prompt input, reachable from inside any block.',
};

/** The hover at a position, or null where there is nothing to explain. */
export function hover(analysis: PromptAnalysis, position: Position): Hover | null {
  if (analysis.model && rangeContains(analysis.model.range, position)) {
    const model = findModel(analysis.model.id);
    const value = model
      ? modelMarkdown(model)
      : `Unknown model \`${analysis.model.id}\`. Nearest known: ${nearestModelIds(analysis.model.id)
          .map((id) => `\`${id}\``)
          .join(', ')}`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: analysis.model.range };
  }
  const variable = innermost(analysis.variables, (v) => v.range, position);
  if (variable) {
    const field = variable.inputPath ? fieldAtPath(analysis.inputFields, variable.inputPath) : undefined;
    const dataDoc = DATA_VARIABLES[variable.raw.split('.')[0]!];
    const value = field
      ? fieldMarkdown(field)
      : (dataDoc ??
        (analysis.inputFields ? `\`${variable.raw}\` is not declared in \`input.schema\`.` : `\`${variable.raw}\` (no \`input.schema\` declares inputs).`));
    return { contents: { kind: MarkupKind.Markdown, value }, range: variable.range };
  }
  const helper = innermost(analysis.helpers, (h) => h.range, position);
  const helperDoc = helper && findHelper(helper.name);
  if (helper && helperDoc) {
    return { contents: { kind: MarkupKind.Markdown, value: `\`${helperDoc.signature}\`\n\n${helperDoc.description}` }, range: helper.range };
  }
  const entry = innermost(analysis.frontmatterEntries, (e) => e.keyRange, position);
  const keyDoc = entry && findFrontmatterKey(entry.key);
  if (entry && keyDoc) {
    return { contents: { kind: MarkupKind.Markdown, value: `**${entry.key}**\n\n${keyDoc.description}` }, range: entry.keyRange };
  }
  return null;
}
