/**
 * What `push` sends beside a prompt file's source, read from the working tree as the editor reads
 * it: the text of every `_name.prompt` the file includes (directly or through other partials), and
 * the definitions of the tools its `tools:` names (`name.tool.yaml` or `.tool.json`, beside it or in
 * `tools/`). The backend records both with the version, so its runs render and offer exactly what
 * a local run does.
 */
import { readFileSync } from 'node:fs';
import type { ToolDefinition } from '@promptstack/core';
import { collectPartialsBeside } from '@promptstack/core/render/partialFiles';
import { resolveToolFilesFor, toolNamesOf } from '@promptstack/core/render/toolFiles';

/** The partials and tool definitions to push with one file, and what could not be read for it. */
export interface PushExtras {
  /** Partial name -> text; undefined when the file includes none. */
  partials?: Record<string, string>;
  /** The tools `tools:` names, resolved; undefined when it names none (the backend then keeps nothing to check). */
  tools?: ToolDefinition[];
  /** Included partials with no file beside the prompt. */
  missingPartials: string[];
  /** Tool files that exist but hold no usable definition (`lookupOrder.tool.yaml: description: Required`). */
  toolProblems: string[];
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The extras of the prompt file `file` with text `source`. `tools` is sent whenever the prompt names
 * tools, even when no file was found: the backend then answers 400 naming each undefined tool.
 */
export function pushExtras(file: string, source: string): PushExtras {
  const { partials, missing } = collectPartialsBeside(file, source);
  const extras: PushExtras = { missingPartials: missing, toolProblems: [] };
  if (Object.keys(partials).length > 0) extras.partials = partials;
  if (toolNamesOf(source).length > 0) {
    const resolved = resolveToolFilesFor(file, source, readOrNull);
    extras.tools = resolved.tools;
    extras.toolProblems = resolved.problems.map((problem) => problem.message);
  }
  return extras;
}

/** Whether a push of the file carries anything besides its source. */
export function hasExtras(extras: PushExtras): boolean {
  return extras.partials !== undefined || extras.tools !== undefined;
}

/** Says on stderr which partials `shown` includes with no file beside it (backend runs fail until one is pushed). */
export function warnMissingPartials(extras: PushExtras, shown: string): void {
  if (extras.missingPartials.length === 0) return;
  const list = extras.missingPartials.map((name) => `{{> ${name}}}`).join(', ');
  process.stderr.write(`promptstack: ${shown} includes ${list} with no _name.prompt beside it: backend runs fail until it is pushed\n`);
}

/** The `error` line of a file whose tool files hold no usable definition, so it was not `done` (pushed, linked); undefined when they all do. */
export function toolProblemsLine(extras: PushExtras, shown: string, done: string): string | undefined {
  if (extras.toolProblems.length === 0) return undefined;
  return `error     ${shown}: not ${done}, a tool file holds no usable definition: ${extras.toolProblems.join('; ')}\n`;
}
