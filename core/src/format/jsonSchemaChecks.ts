/**
 * Schemas of the frontmatter written as JSON Schema (`input.schema`, `output.schema`, a `toolDefs`
 * entry's `inputSchema` and `outputSchema`; Dotprompt's rule: a JSON Schema `type` or `properties`
 * at the top) are checked against JSON Schema's meta-schema, each problem at the key it concerns,
 * so `type: strng` is marked where it is written rather than refused when the prompt runs; a
 * misspelt value carries the one it most likely means. Picoschema has its own checks.
 */
import { isMap, isNode, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { jsonSchemaProblems } from '../structured/jsonSchemaValidator.ts';
import { closeMatch } from './closeMatch.ts';
import { diagnostic } from './diagnostics.ts';
import { nodeAt, nodeRange, type ParsedFrontmatter } from './frontmatterYaml.ts';
import { isJsonSchemaDialect } from './inputSchema.ts';
import type { LineIndex } from './lineIndex.ts';
import { DIAGNOSTIC_CODES, type PromptDiagnostic } from './types.ts';

/** A schema in the frontmatter: where, its YAML node and its value as the frontmatter reads. */
interface SchemaAt {
  place: string[];
  node: YAMLMap;
  value: unknown;
}

/** Where the frontmatter holds schemas: `input.schema`, `output.schema`, and each `toolDefs` entry's. */
function schemaNodes(parsed: ParsedFrontmatter): SchemaAt[] {
  const found: SchemaAt[] = [];
  const data = parsed.data as { input?: { schema?: unknown }; output?: { schema?: unknown }; toolDefs?: unknown };
  for (const key of ['input', 'output'] as const) {
    const node = nodeAt(parsed.doc, [key, 'schema']);
    if (isMap(node)) found.push({ place: [key, 'schema'], node, value: data[key]?.schema });
  }
  const toolDefs = nodeAt(parsed.doc, ['toolDefs']);
  if (isSeq(toolDefs) && Array.isArray(data.toolDefs)) {
    toolDefs.items.forEach((tool, i) => {
      if (!isMap(tool)) return;
      for (const key of ['inputSchema', 'outputSchema']) {
        const node = tool.get(key, true);
        const value = (data.toolDefs as Record<string, unknown>[])[i]?.[key];
        if (isMap(node)) found.push({ place: ['toolDefs', String(i), key], node, value });
      }
    });
  }
  return found;
}

/** The meta-schema's problems with the JSON Schema dialect schemas of the frontmatter; never throws. */
export function checkJsonSchemas(parsed: ParsedFrontmatter, index: LineIndex): PromptDiagnostic[] {
  const found: PromptDiagnostic[] = [];
  for (const { place: at, node, value } of schemaNodes(parsed)) {
    if (!isJsonSchemaDialect(node) || value === null || typeof value !== 'object') continue;
    for (const problem of jsonSchemaProblems(value)) {
      // The deepest key written on the problem's path (a missing one is reported at its parent).
      let target: Node = node;
      for (let depth = problem.path.length; depth > 0; depth--) {
        const deeper: unknown = node.getIn(problem.path.slice(0, depth), true);
        if (isNode(deeper)) {
          target = deeper;
          break;
        }
      }
      const range = nodeRange(index, parsed.offset, target);
      if (!range) continue;
      const place = [...at, ...problem.path].join('.');
      // A misspelt value among the allowed ones (`strng`) carries the one it most likely means, for the quick fix.
      const written = isScalar(target) && typeof target.value === 'string' ? target.value : undefined;
      const allowed = problem.allowed?.filter((option): option is string => typeof option === 'string') ?? [];
      const suggestion = written === undefined ? undefined : closeMatch(written, allowed);
      const message = `Not valid JSON Schema: ${place} ${problem.message}${suggestion ? `. Did you mean '${suggestion}'?` : ''}`;
      found.push(diagnostic(range, 'error', DIAGNOSTIC_CODES.invalidJsonSchema, message, suggestion ? { suggestions: [suggestion] } : undefined));
    }
  }
  return found.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
