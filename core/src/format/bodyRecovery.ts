/**
 * Parses the Handlebars body so that one syntax error does not hide the rest of it. The error is
 * reported where it is; then the offending construct is neutralised and the body parsed again, so
 * the walker can still check every other variable, helper and partial. Neutralising never moves
 * text: a bad tag is blanked with spaces (line breaks kept) and a missing close tag is appended at
 * the end, so every location in the recovered tree is the same as in the file.
 */
import { parseWithoutProcessing, type AST } from '@handlebars/parser';
import { BodyPositions } from './bodyPositions.ts';
import { handlebarsErrorDiagnostic, structuralProblem } from './handlebarsErrors.ts';
import { LineIndex } from './lineIndex.ts';
import type { PromptDiagnostic } from './types.ts';

/** Parse errors neutralised before giving up: enough for real typos, bounded for pathological input. */
const MAX_RECOVERIES = 8;

/** The parsed body: the tree (recovered when needed), and the syntax error that was reported, if any. */
export interface ParsedBody {
  /** The tree to walk; undefined only when the body could not be recovered. */
  program?: AST.Program;
  /** The first syntax error, at its exact range; later ones are usually its echoes, so are not reported. */
  syntaxError?: PromptDiagnostic;
}

/** Parses the body; on a syntax error, reports it and recovers a tree for the rest. Never throws. */
export function parseBody(body: string, positions: BodyPositions): ParsedBody {
  try {
    // The common case: one parse, no recovery cost.
    return { program: parseWithoutProcessing(body) };
  } catch (error) {
    const syntaxError = handlebarsErrorDiagnostic(error, positions, body);
    return { program: recover(error, positions), syntaxError };
  }
}

function recover(firstError: unknown, positions: BodyPositions): AST.Program | undefined {
  const { bodyStart } = positions;
  let text = positions.index.text;
  let error = firstError;
  let current = positions;
  for (let attempt = 0; attempt < MAX_RECOVERIES; attempt++) {
    const patched = neutralise(error, text, current);
    if (patched === undefined || patched === text) return undefined;
    text = patched;
    try {
      return parseWithoutProcessing(text.slice(bodyStart));
    } catch (next) {
      error = next;
      current = new BodyPositions(new LineIndex(text), bodyStart);
    }
  }
  return undefined;
}

/** The file text with the construct behind `error` made harmless, or undefined when none is found. */
function neutralise(error: unknown, text: string, positions: BodyPositions): string | undefined {
  const { bodyStart } = positions;
  const problem = structuralProblem(error, text, bodyStart);
  // An unclosed block is closed at the very end, so what it contains keeps its scope.
  if (problem?.kind === 'unclosed' && /^[\w.@-]+$/.test(problem.name)) return `${text}{{/${problem.name}}}`;
  if (problem) return blankTag(text, problem.start, bodyStart);
  const { range } = handlebarsErrorDiagnostic(error, positions, text.slice(bodyStart));
  return blankTag(text, positions.offset(range.start), bodyStart);
}

/** Blanks the tag that holds offset `at`: from its `{{` to its `}}`, or to the next `{{` when unclosed. */
function blankTag(text: string, at: number, bodyStart: number): string | undefined {
  let open = text.lastIndexOf('{{', at);
  // An error at a `{{` inside a still-open tag belongs to that earlier tag (`{{na {{city}}`).
  const earlier = open > bodyStart ? text.lastIndexOf('{{', open - 1) : -1;
  if (open === at && earlier >= bodyStart && !text.slice(earlier + 2, open).includes('}}')) open = earlier;
  if (open < bodyStart) return undefined;
  const close = text.indexOf('}}', open + 2);
  const nextOpen = text.indexOf('{{', open + 2);
  let end = text.length;
  if (close >= 0 && (nextOpen < 0 || close < nextOpen)) end = close + 2;
  else if (nextOpen >= 0) end = nextOpen;
  return text.slice(0, open) + text.slice(open, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}
