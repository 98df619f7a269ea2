/** Go to definition: a partial's file, a variable's key in `input.schema`. */
import type { Location, Position } from 'vscode-languageserver';
import type { PromptAnalysis } from '@promptstack/core';
import { fieldAtPath } from './inputScope.ts';
import { innermost } from './positions.ts';

const FILE_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Where the symbol at a position is defined. `partialUri` maps a partial name to its file's URI
 * when the file exists (the file system stays outside this pure function).
 */
export function definition(
  analysis: PromptAnalysis,
  documentUri: string,
  position: Position,
  partialUri: (name: string) => string | undefined,
): Location | null {
  const partial = innermost(analysis.partials, (p) => p.range, position);
  if (partial) {
    const uri = partialUri(partial.name);
    return uri ? { uri, range: FILE_START } : null;
  }
  const variable = innermost(analysis.variables, (v) => v.range, position);
  const field = variable?.inputPath ? fieldAtPath(analysis.inputFields, variable.inputPath) : undefined;
  return field ? { uri: documentUri, range: field.range } : null;
}
