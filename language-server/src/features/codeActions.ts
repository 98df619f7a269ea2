/**
 * Quick fixes: correct an undeclared variable to the declared name it misspells, or declare it in
 * `input.schema` (Picoschema `name: string`, also inside an object or array item, or a top-level
 * JSON Schema property), replace an unknown model with each of the nearest known ids, correct a
 * misspelt value in a JSON Schema (`type: strng`), and create the tool file a `tools:` entry lacks.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_CODES, type PromptAnalysis } from '@promptstack/core/format/types';
import { nearestModelIds } from '@promptstack/core/models/catalog';
import { frontmatterEndLine, lineText } from './cursorContext.ts';
import { DIAGNOSTIC_SOURCE } from './diagnostics.ts';
import { fieldAtPath } from './inputScope.ts';
import { createToolFileFix } from './toolFileFix.ts';

/** Quick fixes for the PromptStack diagnostics the client sent with the request. */
export function codeActions(analysis: PromptAnalysis, document: TextDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    if (diagnostic.code === DIAGNOSTIC_CODES.undeclaredVariable) {
      const correction = correctVariable(document, diagnostic);
      const declaration = declareVariable(analysis, document, diagnostic);
      if (correction) actions.push(correction);
      // A near declared name makes a typo likelier than a new input: the correction comes first.
      if (declaration) actions.push({ ...declaration, isPreferred: !correction });
    } else if (diagnostic.code === DIAGNOSTIC_CODES.unknownModel) {
      actions.push(...replaceModel(analysis, document, diagnostic));
    } else if (diagnostic.code === DIAGNOSTIC_CODES.invalidJsonSchema) {
      actions.push(...replaceValue(document, diagnostic, diagnostic.range, suggestionsOf(diagnostic), 'Change to'));
    } else if (diagnostic.code === DIAGNOSTIC_CODES.missingTool) {
      const action = createToolFileFix(document.uri, diagnostic);
      if (action) actions.push(action);
    }
  }
  return actions;
}

/** `{{nmae}}` -> `{{name}}`: the last segment of the reference replaced by the name the analysis suggests. */
function correctVariable(document: TextDocument, diagnostic: Diagnostic): CodeAction | undefined {
  const data = (diagnostic.data ?? {}) as { variable?: unknown; suggestions?: unknown };
  const suggestion = Array.isArray(data.suggestions) ? data.suggestions[0] : undefined;
  const written = document.getText(diagnostic.range);
  if (typeof suggestion !== 'string' || typeof data.variable !== 'string' || !written.endsWith(data.variable)) return undefined;
  const start = document.offsetAt(diagnostic.range.end) - data.variable.length;
  const range = { start: document.positionAt(start), end: diagnostic.range.end };
  return {
    title: `Change to '${suggestion}'`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: true,
    edit: { changes: { [document.uri]: [{ range, newText: suggestion }] } },
  };
}

function declareVariable(analysis: PromptAnalysis, document: TextDocument, diagnostic: Diagnostic): CodeAction | undefined {
  if (!analysis.inputFields) return undefined;
  const data = (diagnostic.data ?? {}) as { variable?: unknown; path?: unknown };
  // `path` is the input path up to the first undeclared segment (`['items', 'color']` inside each).
  const path =
    Array.isArray(data.path) && data.path.every((s) => typeof s === 'string')
      ? (data.path as string[])
      : typeof data.variable === 'string'
        ? [data.variable]
        : [];
  const name = path[path.length - 1];
  if (!name || !/^[A-Za-z_$][\w$-]*$/.test(name)) return undefined;
  const parentPath = path.slice(0, -1);
  const json = analysis.schemaFormat === 'json-schema';
  // Nested JSON Schema properties sit under `items`/`properties` chains: only the top level is offered.
  if (json && parentPath.length > 0) return undefined;
  const keyLine = json
    ? analysis.frontmatterEntries.find((e) => e.key === 'input.schema.properties')?.keyRange.start.line
    : parentPath.length > 0
      ? fieldAtPath(analysis.inputFields, parentPath)?.range.start.line
      : analysis.frontmatterEntries.find((e) => e.key === 'input.schema')?.keyRange.start.line;
  if (keyLine === undefined) return undefined;
  const edit = appendChildLines(document, keyLine, (indent) => (json ? `${indent}${name}:\n${indent}  type: string\n` : `${indent}${name}: string\n`));
  if (!edit) return undefined;
  return {
    title: parentPath.length ? `Declare '${name}' in '${parentPath.join('.')}'` : `Declare '${name}' in input.schema`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: true,
    edit: { changes: { [document.uri]: [edit] } },
  };
}

/**
 * An insertion after the last line of the block mapping under the key on `keyLine`, indented
 * like its children. Undefined when the mapping is written inline (`schema: {}`), where a new
 * line below would not belong to it.
 */
function appendChildLines(document: TextDocument, keyLine: number, lines: (indent: string) => string): TextEdit | undefined {
  const keyText = lineText(document, keyLine);
  if (!/:\s*(#.*)?$/.test(keyText)) return undefined;
  const keyIndent = indentOf(keyText);
  const fenceLine = frontmatterEndLine(document);
  const stop = fenceLine === undefined || fenceLine < 0 ? document.lineCount : fenceLine;
  let childIndent: number | undefined;
  let last = keyLine;
  for (let line = keyLine + 1; line < stop; line++) {
    const text = lineText(document, line);
    if (text.trim() === '' || /^\s*#/.test(text)) continue;
    const indent = indentOf(text);
    if (indent <= keyIndent) break;
    childIndent ??= indent;
    last = line;
  }
  const indent = ' '.repeat(childIndent ?? keyIndent + 2);
  const at = { line: last + 1, character: 0 };
  // A last line without a newline (frontmatter at end of file) needs one before ours.
  const lead = last + 1 >= document.lineCount ? '\n' : '';
  return { range: { start: at, end: at }, newText: lead + lines(indent) };
}

function indentOf(text: string): number {
  return /^ */.exec(text)![0].length;
}

function replaceModel(analysis: PromptAnalysis, document: TextDocument, diagnostic: Diagnostic): CodeAction[] {
  const written = analysis.model?.id ?? document.getText(diagnostic.range);
  // The analysis attaches suggestions; without them (an unknown provider) there is nothing to offer.
  const suggestions = diagnostic.data ? suggestionsOf(diagnostic) : nearestModelIds(written);
  return replaceValue(document, diagnostic, analysis.model?.range ?? diagnostic.range, suggestions, 'Replace with');
}

/** The `suggestions` the analysis attached to a diagnostic. */
function suggestionsOf(diagnostic: Diagnostic): string[] {
  const given = (diagnostic.data as { suggestions?: unknown } | undefined)?.suggestions;
  return Array.isArray(given) ? given.filter((s): s is string => typeof s === 'string') : [];
}

/** One fix per suggestion, writing it over the YAML value at `range` (keeping the author's quotes); the first preferred. */
function replaceValue(document: TextDocument, diagnostic: Diagnostic, range: Diagnostic['range'], suggestions: readonly string[], verb: string): CodeAction[] {
  const quote = /^["']/.exec(document.getText(range))?.[0] ?? '';
  return suggestions.map((value, index) => ({
    title: `${verb} '${value}'`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: index === 0,
    edit: { changes: { [document.uri]: [{ range, newText: `${quote}${value}${quote}` }] } },
  }));
}
