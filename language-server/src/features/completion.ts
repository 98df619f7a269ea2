/**
 * Completion: input fields, item fields, data variables, helpers and partials inside `{{ }}`;
 * known keys and model ids in the frontmatter. Each item carries a textEdit over exactly the
 * word being typed, so completing `{{us|}}` replaces `us`.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DOTPROMPT_HELPERS, type HelperInfo } from '@promptstack/core/format/helpers';
import { findFrontmatterKey, KNOWN_FRONTMATTER_KEYS } from '@promptstack/core/format/knownKeys';
import { listModels, qualifiedModelId } from '@promptstack/core/models/catalog';
import type { InputField, PromptAnalysis } from '@promptstack/core/format/types';
import { cursorContext, frontmatterEndLine, type FrontmatterKeyContext, type MustacheContext } from './cursorContext.ts';
import { fieldDocumentation, fieldTypeLabel, modelDetail, modelMarkdown } from './describe.ts';
import { fieldAtPath, fieldsInContext, resolvePath } from './inputScope.ts';
import { scopeFromText } from './textScope.ts';

/** Characters that open a completion session (space only matters after `model:`). */
export const COMPLETION_TRIGGER_CHARACTERS = ['{', '.', ':', ' ', '>', '#', '/'];

/** Argument snippets after a helper's name; helpers not listed take none. */
const HELPER_ARGUMENTS: Record<string, string> = {
  role: ' "${1|system,user,model|}"',
  section: ' "${1:name}"',
  media: ' url=${1:imageUrl}',
  json: ' ${1:value}',
  if: ' ${1:condition}',
  unless: ' ${1:condition}',
  each: ' ${1:items}',
  with: ' ${1:object}',
  ifEquals: ' ${1:a} ${2:b}',
  unlessEquals: ' ${1:a} ${2:b}',
};

/** Completion items at a position; `partialNames` are the partials beside the document. */
export function completions(analysis: PromptAnalysis, document: TextDocument, position: Position, partialNames: readonly string[]): CompletionItem[] {
  const offset = document.offsetAt(position);
  const context = cursorContext(document, offset);
  switch (context.kind) {
    case 'frontmatterKey':
      return keyCompletions(context);
    case 'frontmatterValue':
      return valueCompletions(context.keyPath.join('.'), context.range);
    case 'mustache':
      return mustacheCompletions(analysis, scopeFromText(document.getText(), bodyStartOffset(document), offset), context, partialNames);
    default:
      return [];
  }
}

/** Value kinds written as an indented block under their key. */
const BLOCK_VALUES = new Set(['object', 'schema']);

function keyCompletions(context: FrontmatterKeyContext): CompletionItem[] {
  const parent = context.parentPath.join('.');
  return KNOWN_FRONTMATTER_KEYS.filter((info) => !info.reserved && parentOf(info.key) === parent)
    .map((info) => ({ info, name: parent ? info.key.slice(parent.length + 1) : info.key }))
    .filter(({ name }) => !context.siblings.includes(name))
    .map(({ info, name }) => {
      const block = BLOCK_VALUES.has(info.valueKind);
      return {
        label: name,
        kind: CompletionItemKind.Property,
        detail: info.valueKind,
        documentation: { kind: MarkupKind.Markdown, value: info.description },
        insertTextFormat: InsertTextFormat.Snippet,
        // The client re-indents snippet lines to the current line, so the child indent is relative.
        textEdit: { range: context.range, newText: block ? `${name}:\n  $0` : `${name}: $0` },
      };
    });
}

function parentOf(key: string): string {
  const dot = key.lastIndexOf('.');
  return dot < 0 ? '' : key.slice(0, dot);
}

function valueCompletions(key: string, range: Range): CompletionItem[] {
  const info = findFrontmatterKey(key);
  if (info?.valueKind === 'model') return modelCompletions(range);
  return (info?.values ?? []).map((value) => ({ label: value, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: value } }));
}

function modelCompletions(range: Range): CompletionItem[] {
  // Every model the price and limit data know, featured first, deprecated last (the catalog's order).
  return listModels().map((model, index) => ({
    label: qualifiedModelId(model),
    kind: CompletionItemKind.Value,
    detail: modelDetail(model),
    documentation: { kind: MarkupKind.Markdown, value: modelMarkdown(model) },
    tags: model.deprecated ? [1] : undefined,
    sortText: String(index).padStart(4, '0'),
    // Aliases too, so typing a snapshot or short name (`claude-3-5-haiku-latest`) finds the model.
    filterText: [qualifiedModelId(model), model.id, ...model.aliases].join(' '),
    textEdit: { range, newText: qualifiedModelId(model) },
  }));
}

function bodyStartOffset(document: TextDocument): number {
  const fence = frontmatterEndLine(document);
  return fence === undefined || fence < 0 ? 0 : document.offsetAt({ line: fence + 1, character: 0 });
}

function mustacheCompletions(
  analysis: PromptAnalysis,
  scope: ReturnType<typeof scopeFromText>,
  context: MustacheContext,
  partialNames: readonly string[],
): CompletionItem[] {
  const { range } = context;
  if (context.sigil === '>') {
    return partialNames.map((name) => ({ label: name, kind: CompletionItemKind.File, detail: `_${name}.prompt`, textEdit: { range, newText: name } }));
  }
  if (context.sigil === '/') {
    const open = scope.open[scope.open.length - 1];
    return open ? [{ label: open, kind: CompletionItemKind.Keyword, textEdit: { range, newText: context.closed ? open : `${open}}}` } }] : [];
  }
  if (context.segments.length > 0 || context.parentHops > 0) {
    const base = context.segments.length > 0 ? resolvePath(scope, context.segments, context.parentHops) : resolvePath(scope, ['this'], context.parentHops);
    const fields = base ? (base.length === 0 ? (analysis.inputFields ?? []) : objectChildren(fieldAtPath(analysis.inputFields, base))) : [];
    return fields.map((field) => fieldItem(field, range, CompletionItemKind.Field));
  }
  const items: CompletionItem[] = [];
  if (context.sigil === '#' && context.firstWord) {
    return DOTPROMPT_HELPERS.filter((h) => h.block).map((h) => helperItem(h, range, context, false));
  }
  const kind = scope.contexts.length > 0 ? CompletionItemKind.Field : CompletionItemKind.Variable;
  for (const field of fieldsInContext(analysis, scope.contextPath)) items.push(fieldItem(field, range, kind));
  for (const [name, path] of scope.blockParams) {
    const field = path ? fieldAtPath(analysis.inputFields, path) : undefined;
    items.push({
      label: name,
      kind: CompletionItemKind.Variable,
      detail: field ? `block param: ${fieldTypeLabel(field)}` : 'block param',
      textEdit: { range, newText: name },
    });
  }
  if (scope.contexts.length > 0) {
    items.push(dataItem('this', 'the current item', range));
    if (scope.inEach) {
      for (const [name, doc] of [
        ['@index', 'zero-based position'],
        ['@first', 'true for the first item'],
        ['@last', 'true for the last item'],
        ['@key', 'the key, when iterating an object'],
      ]) {
        items.push(dataItem(name!, doc!, range));
      }
    }
    items.push(dataItem('@root', 'the prompt input, from inside a block', range));
  }
  if (context.firstWord && context.sigil === '') {
    for (const helper of DOTPROMPT_HELPERS) items.push(helperItem(helper, range, context, helper.block));
  }
  return items;
}

/** Fields under a path; an array's path also names its item (array items add no segment). */
function objectChildren(field: InputField | undefined): InputField[] {
  return field?.children ?? [];
}

function fieldItem(field: InputField, range: Range, kind: CompletionItemKind): CompletionItem {
  const doc = fieldDocumentation(field);
  return {
    label: field.name,
    kind,
    detail: fieldTypeLabel(field),
    documentation: doc ? { kind: MarkupKind.Markdown, value: doc } : undefined,
    // Declared fields before helpers and data variables.
    sortText: `0${field.name}`,
    textEdit: { range, newText: field.name },
  };
}

function dataItem(name: string, description: string, range: Range): CompletionItem {
  return { label: name, kind: CompletionItemKind.Variable, detail: description, sortText: `1${name}`, textEdit: { range, newText: name } };
}

/** A helper; `withHash` adds the `#` a block helper needs when typed after a plain `{{`. */
function helperItem(helper: HelperInfo, range: Range, context: MustacheContext, withHash: boolean): CompletionItem {
  const close = context.closed ? '' : '}}';
  const args = HELPER_ARGUMENTS[helper.name] ?? '';
  // A block snippet ends just before the tag's closing `}}` when one is already there.
  const body = helper.block ? `${helper.name}${args}}}\n\t$0\n{{/${helper.name}${close}` : `${helper.name}${args}${close}`;
  return {
    label: withHash ? `#${helper.name}` : helper.name,
    kind: CompletionItemKind.Function,
    detail: helper.signature,
    documentation: { kind: MarkupKind.Markdown, value: helper.description },
    sortText: `2${helper.name}`,
    filterText: helper.name,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: withHash ? `#${body}` : body },
  };
}
