/**
 * Tool files travel with the prompts that name them. A push (or the create of a link) of a prompt
 * whose `tools:` names tools sends their definitions, read from `name.tool.yaml` (or `.tool.json`)
 * beside it or in `tools/`, as its local runs read them; the backend records them with the version,
 * so a run there offers the model the tools a local run offers. A name with no file is sent as
 * missing: the backend accepts it when the prompt's own `toolDefs` defines it, and otherwise
 * refuses the push naming the tool.
 */
import type * as vscode from 'vscode';
import type { ToolDefinition } from '@promptstack/core';
import { fileNameOf } from './documents.ts';
import type { SyncDeps } from './syncDeps.ts';

/** The tool definitions to send with `document` (undefined when its `tools:` names none). */
export function toolsToPush(deps: SyncDeps, document: vscode.TextDocument): ToolDefinition[] | undefined {
  const found = deps.toolsOf(document);
  if (!found) return undefined;
  if (found.problems.length > 0) {
    const list = found.problems.map((problem) => problem.message).join('; ');
    deps.log.warn(`Push ${fileNameOf(document)}: unusable tool files: ${list}`);
    deps.ui.info(`${fileNameOf(document)}: ${list}. The backend cannot offer that tool until its file holds a definition.`);
  }
  if (found.tools.length > 0) deps.log.info(`Push ${fileNameOf(document)} with tools: ${found.tools.map((tool) => tool.name).join(', ')}`);
  return found.tools;
}
