/**
 * Tool definitions recorded with a prompt version. A prompt's `tools:` names tools defined in
 * files beside it (`name.tool.yaml`, or in `tools/`; core/render/toolFiles.ts); the editor and the
 * CLI read those files and push the definitions with the source. The version keeps the definitions
 * its names resolved to (immutable like the version), so every run of it on the backend (a test
 * run, a dataset run, an A/B job, the serving route) offers exactly the tools the editor offered.
 *
 * A name resolves, in order, to: the definition pushed with the write; one the prompt defines
 * itself in `toolDefs` (nothing to record); when the write carries no tools at all (an edit of the
 * text through the API), the definition the latest version recorded. Anything else is a 400
 * naming the tool.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ToolDefinition } from '@promptstack/core';
import { inlineToolNamesOf, toolNamesOf, toolSchemaProblem } from '@promptstack/core/render/toolFiles';
import { z } from 'zod';

/** The most tool definitions one push may carry. */
export const MAX_PUSHED_TOOLS = 50;

/** The most JSON characters of the tool definitions one push may carry. */
export const MAX_PUSHED_TOOLS_CHARS = 200_000;

/** A tool name as a tool file names it (`lookupOrder` for `lookupOrder.tool.yaml`). */
const toolName = z
  .string()
  .regex(/^[\w-]+$/, 'tool names use letters, digits, "_" and "-"')
  .max(100);

/** One tool definition as a push carries it: a tool file's content (schemas in Picoschema or JSON Schema). */
export const toolDefinitionSchema = z
  .object({
    name: toolName,
    description: z.string().max(10_000).optional(),
    inputSchema: z.unknown().refine((value) => value !== undefined && value !== null, 'Required'),
    outputSchema: z.unknown().optional(),
  })
  .superRefine((tool, ctx) => {
    // A JSON Schema no provider could take is refused here rather than stored for every run to fail on.
    const invalid = toolSchemaProblem(tool);
    if (invalid) ctx.addIssue({ code: 'custom', path: [invalid.key], message: `not valid JSON Schema: ${invalid.message}` });
  });

/** The tool definitions pushed with a prompt (what its `tools:` names resolved to beside it). */
export const pushedToolsSchema = z
  .array(toolDefinitionSchema)
  .max(MAX_PUSHED_TOOLS, `at most ${MAX_PUSHED_TOOLS} tools per push`)
  .refine((tools) => new Set(tools.map((tool) => tool.name)).size === tools.length, 'each tool may be pushed once')
  .refine((tools) => JSON.stringify(tools).length <= MAX_PUSHED_TOOLS_CHARS, `tools must be at most ${MAX_PUSHED_TOOLS_CHARS / 1000} KB of JSON`)
  .optional();

/** A recorded tool definition as the API answers it. */
export const toolDefinitionOutput = z.object({
  name: z.string(),
  description: z.string().optional(),
  inputSchema: z.unknown(),
  outputSchema: z.unknown().optional(),
});

/** A pushed tool definition. */
export type PushedTool = z.infer<typeof toolDefinitionSchema>;

/** What a push that cannot resolve a tool says (a 400 naming it). */
export class ToolDefinitionError extends Error {}

/** A definition as stored: plain JSON, optional fields only when present. */
function storable(tool: PushedTool | ToolDefinition): ToolDefinition {
  const stored: ToolDefinition = { name: tool.name, inputSchema: JSON.parse(JSON.stringify(tool.inputSchema)) as ToolDefinition['inputSchema'] };
  if (tool.description !== undefined) stored.description = tool.description;
  if (tool.outputSchema !== undefined) stored.outputSchema = JSON.parse(JSON.stringify(tool.outputSchema)) as ToolDefinition['outputSchema'];
  return stored;
}

/**
 * The definitions to record with a version of `source`, in the order `tools:` names them.
 * Throws ToolDefinitionError naming every tool that resolves to nothing.
 */
export function toolDefinitionsFor(source: string, pushed: readonly PushedTool[] | undefined, latest: readonly ToolDefinition[]): ToolDefinition[] {
  const names = [...new Set(toolNamesOf(source))];
  if (names.length === 0) return [];
  const inline = new Set(inlineToolNamesOf(source));
  const available = new Map((pushed ?? latest).map((tool) => [tool.name, tool] as const));
  const recorded: ToolDefinition[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const tool = available.get(name);
    if (tool) recorded.push(storable(tool));
    else if (!inline.has(name)) missing.push(name);
  }
  if (missing.length > 0) {
    const list = missing.map((name) => `'${name}'`).join(', ');
    throw new ToolDefinitionError(
      `No definition for tool${missing.length > 1 ? 's' : ''} ${list}: define ${missing.length > 1 ? 'them' : 'it'} in \`toolDefs\`, or push ${
        missing.length > 1 ? 'their' : 'its'
      } definition in \`tools\` (the content of ${missing.map((name) => `${name}.tool.yaml`).join(', ')} beside the prompt)`,
    );
  }
  return recorded;
}

/** The Json column's value as definitions (anything malformed reads as none). */
export function toToolDefinitions(value: unknown): ToolDefinition[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is ToolDefinition => typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string',
  );
}

/** Two lists hold the same definitions in the same order (jsonb reorders keys, so key order does not count). */
export function sameToolDefinitions(a: readonly ToolDefinition[], b: readonly ToolDefinition[]): boolean {
  return isDeepStrictEqual(a, b);
}
