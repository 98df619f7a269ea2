/**
 * Where the tools a prompt names in `tools:` are defined: a tool `lookupOrder` is the file
 * `lookupOrder.tool.yaml` (or `.tool.yml`, `.tool.json`) beside the prompt, else the same file in a
 * `tools/` folder beside it. The file holds one definition in the shape of a `toolDefs` entry:
 * `{ name?, description, inputSchema, outputSchema? }`, schemas in Picoschema or JSON Schema (the
 * runner converts them as it converts `toolDefs`; a JSON Schema its meta-schema refuses makes the
 * file unusable, with the reason, before any provider sees it). As for partials, the lookup is beside the
 * prompt; reading is the caller's (`readFile` returns the text or null), so the same resolver
 * serves the working tree, a git ref or an editor's unsaved buffers.
 */
import * as path from 'node:path';
import { Dotprompt, type ToolDefinition } from 'dotprompt';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { isJsonSchemaValue } from '../format/inputSchema.ts';
import { jsonSchemaProblems, jsonSchemaProblemsLine } from '../structured/jsonSchemaValidator.ts';

/** Reads a file's text, or null when there is none. */
export type ReadToolFile = (filePath: string) => string | null;

/** File name endings of a tool definition, in lookup order. */
export const TOOL_FILE_EXTENSIONS = ['.tool.yaml', '.tool.yml', '.tool.json'] as const;

/** The files a tool name may be defined in for a prompt at `promptPath`, in lookup order. */
export function toolFileCandidates(promptPath: string, name: string): string[] {
  const dir = path.dirname(promptPath);
  return [dir, path.join(dir, 'tools')].flatMap((folder) => TOOL_FILE_EXTENSIONS.map((ext) => path.join(folder, `${name}${ext}`)));
}

const toolFileSchema = z.object({
  name: z.string().min(1).optional(),
  description: z.string(),
  inputSchema: z.unknown().refine((value) => value !== undefined, 'Required'),
  outputSchema: z.unknown().optional(),
});

/** A tool file that exists but does not hold a usable definition. */
export interface ToolFileProblem {
  name: string;
  file: string;
  message: string;
}

/** The tools a prompt names, resolved from files. */
export interface ToolFilesBeside {
  /** Definitions found, in the order the prompt names them. */
  tools: ToolDefinition[];
  /** Names with no file (the run then fails naming them). */
  missing: string[];
  /** Files found but unreadable as a definition. */
  problems: ToolFileProblem[];
}

/**
 * The first of a definition's schemas written as JSON Schema that its meta-schema refuses, and
 * why (`properties.id.type must be one of ...`); undefined when both are usable. Picoschema is
 * the runner's to convert.
 */
export function toolSchemaProblem(definition: {
  inputSchema?: unknown;
  outputSchema?: unknown;
}): { key: 'inputSchema' | 'outputSchema'; message: string } | undefined {
  for (const key of ['inputSchema', 'outputSchema'] as const) {
    const schema = definition[key];
    const problems = isJsonSchemaValue(schema) ? jsonSchemaProblems(schema) : [];
    if (problems.length) return { key, message: jsonSchemaProblemsLine(problems) };
  }
  return undefined;
}

/** Parses one tool file's text as the definition of `name`; a message when it is not one. */
export function parseToolFile(name: string, file: string, text: string): ToolDefinition | string {
  let value: unknown;
  try {
    value = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    return `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${error instanceof Error ? error.message : String(error)}`;
  }
  const parsed = toolFileSchema.safeParse(value);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'definition'}: ${issue.message}`).join('; ');
  }
  const { name: declared, description, inputSchema, outputSchema } = parsed.data;
  if (declared !== undefined && declared !== name) return `declares name '${declared}' but the file defines '${name}'`;
  const invalid = toolSchemaProblem({ inputSchema, outputSchema });
  if (invalid) return `${invalid.key} is not valid JSON Schema: ${invalid.message}`;
  const tool: ToolDefinition = { name, description, inputSchema: inputSchema as ToolDefinition['inputSchema'] };
  if (outputSchema !== undefined) tool.outputSchema = outputSchema as ToolDefinition['outputSchema'];
  return tool;
}

/** Resolves tool names for a prompt at `promptPath` from the first candidate file that exists. */
export function resolveToolFiles(promptPath: string, names: readonly string[], readFile: ReadToolFile): ToolFilesBeside {
  const result: ToolFilesBeside = { tools: [], missing: [], problems: [] };
  for (const name of new Set(names)) {
    // A name is a file name here: nothing that could leave the folder.
    const found = /^[\w-]+$/.test(name)
      ? toolFileCandidates(promptPath, name)
          .map((file) => ({ file, text: readFile(file) }))
          .find((entry) => entry.text !== null)
      : undefined;
    if (!found) {
      result.missing.push(name);
      continue;
    }
    const tool = parseToolFile(name, found.file, found.text!);
    if (typeof tool === 'string') result.problems.push({ name, file: found.file, message: `${path.basename(found.file)}: ${tool}` });
    else result.tools.push(tool);
  }
  return result;
}

const parser = new Dotprompt();

/** The names a prompt's `tools:` lists (none when the frontmatter does not parse). */
export function toolNamesOf(source: string): string[] {
  try {
    const tools = parser.parse(source).tools;
    return Array.isArray(tools) ? tools.filter((name): name is string => typeof name === 'string') : [];
  } catch {
    return [];
  }
}

/** The names the prompt defines itself in `toolDefs` (none when the frontmatter does not parse). */
export function inlineToolNamesOf(source: string): string[] {
  try {
    const toolDefs = parser.parse(source).toolDefs;
    return Array.isArray(toolDefs) ? toolDefs.flatMap((tool) => (typeof tool?.name === 'string' ? [tool.name] : [])) : [];
  } catch {
    return [];
  }
}

/** The tools the prompt `source` at `promptPath` names, resolved with `readFile`. */
export function resolveToolFilesFor(promptPath: string, source: string, readFile: ReadToolFile): ToolFilesBeside {
  return resolveToolFiles(promptPath, toolNamesOf(source), readFile);
}
