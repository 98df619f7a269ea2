/**
 * Document symbols: frontmatter keys (nested), input fields under `input.schema`, and the body's
 * blocks, roles and sections, nested as they are in the file.
 */
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FrontmatterEntry, InputField, PromptAnalysis } from '@promptstack/core';
import { fieldTypeLabel } from './describe.ts';
import { comparePositions, rangeWithin } from './positions.ts';

const SCHEMA_KEY = 'input.schema';
/** Body helpers that mark a place in the prompt rather than compute a value. */
const MARKER_HELPERS = new Set(['role', 'section', 'history', 'media']);

/** The outline of a prompt file. */
export function documentSymbols(analysis: PromptAnalysis, document: TextDocument): DocumentSymbol[] {
  return [...frontmatterSymbols(analysis), ...bodySymbols(analysis, document)];
}

function frontmatterSymbols(analysis: PromptAnalysis): DocumentSymbol[] {
  const roots: DocumentSymbol[] = [];
  const byKey = new Map<string, DocumentSymbol>();
  for (const entry of analysis.frontmatterEntries) {
    // Schema keys are shown as the input fields they declare (with types), not as raw YAML keys.
    if (entry.key.startsWith(`${SCHEMA_KEY}.`)) continue;
    const dot = parentKey(entry.key, byKey);
    const symbol: DocumentSymbol = {
      name: dot ? entry.key.slice(dot.length + 1) : entry.key,
      kind: entryKind(entry),
      range: entryRange(entry),
      selectionRange: entry.keyRange,
      children: [],
    };
    if (entry.key === SCHEMA_KEY && analysis.inputFields) symbol.children = analysis.inputFields.map(fieldSymbol);
    byKey.set(entry.key, symbol);
    (dot ? byKey.get(dot)!.children! : roots).push(symbol);
  }
  return roots;
}

/** The longest dotted prefix of `key` that is itself an entry (`promptstack.id` has none). */
function parentKey(key: string, known: Map<string, unknown>): string | undefined {
  for (let dot = key.lastIndexOf('.'); dot > 0; dot = key.lastIndexOf('.', dot - 1)) {
    if (known.has(key.slice(0, dot))) return key.slice(0, dot);
  }
  return undefined;
}

function entryKind(entry: FrontmatterEntry): SymbolKind {
  if (Array.isArray(entry.value)) return SymbolKind.Array;
  if (entry.value !== null && typeof entry.value === 'object') return SymbolKind.Object;
  return typeof entry.value === 'number' ? SymbolKind.Number : typeof entry.value === 'boolean' ? SymbolKind.Boolean : SymbolKind.Property;
}

function entryRange(entry: FrontmatterEntry): Range {
  const end = entry.valueRange && comparePositions(entry.valueRange.end, entry.keyRange.end) > 0 ? entry.valueRange.end : entry.keyRange.end;
  return { start: entry.keyRange.start, end };
}

function fieldSymbol(field: InputField): DocumentSymbol {
  return {
    name: field.name,
    detail: fieldTypeLabel(field),
    kind: field.children.length > 0 ? SymbolKind.Object : SymbolKind.Field,
    range: field.range,
    selectionRange: field.range,
    children: field.children.map(fieldSymbol),
  };
}

function bodySymbols(analysis: PromptAnalysis, document: TextDocument): DocumentSymbol[] {
  const text = document.getText();
  const flat: DocumentSymbol[] = [];
  const blocks = [...analysis.blocks];
  for (const helper of analysis.helpers) {
    if (helper.block) {
      // The block whose content starts first after this open tag is the one it opens.
      const block = blocks
        .filter((b) => b.helper === helper.name && comparePositions(b.contentRange.start, helper.range.end) >= 0)
        .sort((a, b) => comparePositions(a.contentRange.start, b.contentRange.start))[0];
      if (!block) continue;
      blocks.splice(blocks.indexOf(block), 1);
      const closeEnd = text.indexOf('}}', document.offsetAt(block.contentRange.end));
      const end = closeEnd >= 0 ? document.positionAt(closeEnd + 2) : block.contentRange.end;
      flat.push({
        name: `#${tagText(text, document, helper.range)}`,
        kind: SymbolKind.Module,
        range: { start: helper.range.start, end },
        selectionRange: helper.range,
        children: [],
      });
    } else if (MARKER_HELPERS.has(helper.name)) {
      flat.push({ name: tagText(text, document, helper.range), kind: SymbolKind.Event, range: helper.range, selectionRange: helper.range, children: [] });
    }
  }
  return nest(flat);
}

/** The helper's tag from its name to the closing `}}`: `each items`, `role "user"`. */
function tagText(text: string, document: TextDocument, range: Range): string {
  const start = document.offsetAt(range.start);
  const close = text.indexOf('}}', start);
  const tag = text.slice(start, close < 0 ? document.offsetAt(range.end) : close);
  return tag.replace(/\s+/g, ' ').replace(/~$/, '').trim().slice(0, 80);
}

/** Puts each symbol under the smallest earlier symbol that contains it. */
function nest(symbols: DocumentSymbol[]): DocumentSymbol[] {
  symbols.sort((a, b) => comparePositions(a.range.start, b.range.start));
  const roots: DocumentSymbol[] = [];
  const stack: DocumentSymbol[] = [];
  for (const symbol of symbols) {
    while (stack.length && !rangeWithin(symbol.range, stack[stack.length - 1]!.range)) stack.pop();
    (stack.length ? stack[stack.length - 1]!.children! : roots).push(symbol);
    stack.push(symbol);
  }
  return roots;
}
