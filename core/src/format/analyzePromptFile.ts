/**
 * `analyzePromptFile`: the editor's view of a `.prompt` file in one pass. Frontmatter split as
 * Dotprompt splits it, YAML read with ranges, input schema read into fields, the Handlebars body
 * walked for references (recovered past a syntax error, so the rest is still checked), then the
 * cross-checks. Never throws: any failure becomes a diagnostic.
 */
import { BodyPositions } from './bodyPositions.ts';
import { walkBody } from './body.ts';
import { parseBody } from './bodyRecovery.ts';
import { diagnostic } from './diagnostics.ts';
import { splitPromptFile, type PromptFileSplit } from './frontmatter.ts';
import { checkFrontmatter } from './frontmatterChecks.ts';
import { parseFrontmatter } from './frontmatterYaml.ts';
import { readInputSchema } from './inputSchema.ts';
import { checkJsonSchemas } from './jsonSchemaChecks.ts';
import { checkToolNames } from './toolChecks.ts';
import { LineIndex } from './lineIndex.ts';
import { DIAGNOSTIC_CODES, type AnalyzeOptions, type InputField, type PromptAnalysis, type PromptDiagnostic } from './types.ts';
import { checkPartials, checkUndeclared, checkUnused, lookupInputPath } from './variableChecks.ts';

/** Analyzes a `.prompt` file's text for the editor; never throws, whatever the input. */
export function analyzePromptFile(text: string, options: AnalyzeOptions = {}): PromptAnalysis {
  const source = typeof text === 'string' ? text : '';
  const index = new LineIndex(source);
  const analysis: PromptAnalysis = {
    frontmatter: {},
    frontmatterEntries: [],
    extensions: {},
    body: source,
    bodyStart: { line: 0, character: 0 },
    variables: [],
    partials: [],
    helpers: [],
    blocks: [],
    diagnostics: [],
  };
  try {
    const split = splitPromptFile(source);
    analysis.body = source.slice(split.bodyStart);
    analysis.bodyStart = index.positionAt(split.bodyStart);
    if (split.frontmatter) analyzeFrontmatter(analysis, split, index, options);
    analyzeBody(analysis, split.bodyStart, index, options);
  } catch (error) {
    // A bug of ours must not take the editor down: report it where the user can see it.
    analysis.diagnostics.push(
      diagnostic(
        index.rangeOf(0, 0),
        'error',
        DIAGNOSTIC_CODES.handlebarsSyntax,
        `PromptStack could not analyze this file: ${(error as Error)?.message ?? String(error)}`,
        { internal: true },
      ),
    );
  }
  return analysis;
}

function analyzeFrontmatter(analysis: PromptAnalysis, split: PromptFileSplit, index: LineIndex, options: AnalyzeOptions): void {
  const { start, end } = split.frontmatter!;
  analysis.frontmatterRange = index.rangeOf(start, end);
  const fence = fenceDiagnostic(split, index);
  if (fence) analysis.diagnostics.push(fence);

  const parsed = parseFrontmatter(index, start, end);
  analysis.frontmatter = parsed.data;
  analysis.frontmatterEntries = parsed.entries;
  analysis.extensions = parsed.extensions;
  analysis.diagnostics.push(...parsed.diagnostics);

  const checks = checkFrontmatter(parsed, index);
  if (checks.model) analysis.model = checks.model;
  analysis.diagnostics.push(...checks.diagnostics);
  analysis.diagnostics.push(...checkToolNames(parsed, index, options.toolFileExists));

  const schema = readInputSchema(parsed, index, options.schemaExists);
  if (schema.fields) {
    analysis.inputFields = schema.fields;
    if (schema.format) analysis.schemaFormat = schema.format;
    if (schema.acceptsAnyField) analysis.inputAcceptsAnyField = true;
  }
  analysis.diagnostics.push(...schema.diagnostics);
  analysis.diagnostics.push(...checkJsonSchemas(parsed, index));
}

function fenceDiagnostic(split: PromptFileSplit, index: LineIndex): PromptDiagnostic | undefined {
  const openingFence = index.rangeOf(0, 3);
  const code = DIAGNOSTIC_CODES.frontmatterUnclosed;
  switch (split.problem) {
    case 'unclosed':
      return diagnostic(
        openingFence,
        'error',
        code,
        'The frontmatter is never closed: add a line with `---` after it. Dotprompt reads this whole file as the template.',
      );
    case 'no-break-after-close': {
      const end = index.text.length;
      return diagnostic(
        index.rangeOf(index.text.lastIndexOf('---'), end),
        'warning',
        code,
        'Add a line break after the closing `---`: without one, Dotprompt reads this whole file as the template.',
      );
    }
    case 'empty-fences':
      return diagnostic(
        openingFence,
        'warning',
        code,
        'Dotprompt needs at least one line between the `---` fences; it reads this whole file as the template. Remove the fences or add a line between them.',
      );
    default:
      return undefined;
  }
}

function analyzeBody(analysis: PromptAnalysis, bodyStart: number, index: LineIndex, options: AnalyzeOptions): void {
  const body = analysis.body;
  if (body.length === 0) return;
  const positions = new BodyPositions(index, bodyStart);
  const { program, syntaxError } = parseBody(body, positions);
  if (syntaxError) analysis.diagnostics.push(syntaxError);
  if (!program) return;
  const fields = analysis.inputFields;
  const open = analysis.inputAcceptsAnyField === true;
  const topLevel = new Set((fields ?? []).map((field) => field.name));
  const walked = walkBody(program, {
    positions,
    extraHelpers: new Set(options.extraHelpers ?? []),
    isDeclaredField: (name) => topLevel.has(name),
    typeAt: (path) => (fields ? typeAt(fields, open, path) : undefined),
  });
  analysis.variables = walked.variables;
  analysis.partials = walked.partials;
  analysis.helpers = walked.helpers;
  analysis.blocks = walked.blocks;
  analysis.diagnostics.push(...walked.diagnostics);
  if (fields) {
    analysis.diagnostics.push(...checkUndeclared(walked.variables, fields, open));
    // A tag lost to a syntax error may be the one use of an input: 'unused' is not known then.
    if (!syntaxError) analysis.diagnostics.push(...checkUnused(walked.variables, fields, walked.partials));
  }
  analysis.diagnostics.push(...checkPartials(walked.partials, walked.inlinePartials, options.partialExists));
}

function typeAt(fields: InputField[], open: boolean, path: readonly string[]): string | undefined {
  const found = lookupInputPath(fields, open, path);
  return found.kind === 'declared' ? found.field?.type : undefined;
}
