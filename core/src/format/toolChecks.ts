/**
 * `tools:` entries checked against where tools are defined: a name is defined by a `toolDefs`
 * entry of the same prompt, or by a tool file beside it (core/render/toolFiles.ts says where).
 * A name defined by neither is a warning on the entry itself: a run offers the model no such tool
 * and fails naming it, and a push to the backend is refused.
 */
import { isScalar, isSeq } from 'yaml';
import { diagnostic } from './diagnostics.ts';
import { innerRange } from './frontmatterChecks.ts';
import { nodeAt, type ParsedFrontmatter } from './frontmatterYaml.ts';
import type { LineIndex } from './lineIndex.ts';
import { DIAGNOSTIC_CODES, type PromptDiagnostic } from './types.ts';

/** The names `toolDefs` defines in the parsed frontmatter. */
function inlineToolNames(data: Record<string, unknown>): Set<string> {
  const toolDefs = data.toolDefs;
  if (!Array.isArray(toolDefs)) return new Set();
  return new Set(toolDefs.flatMap((tool) => (typeof (tool as { name?: unknown })?.name === 'string' ? [(tool as { name: string }).name] : [])));
}

/** A warning (data `{ tool }`) on each `tools:` entry that names no defined tool; none without `toolFileExists`. */
export function checkToolNames(parsed: ParsedFrontmatter, index: LineIndex, toolFileExists: ((name: string) => boolean) | undefined): PromptDiagnostic[] {
  const toolsNode = nodeAt(parsed.doc, ['tools']);
  if (!toolFileExists || !isSeq(toolsNode)) return [];
  const inline = inlineToolNames(parsed.data);
  const out: PromptDiagnostic[] = [];
  for (const item of toolsNode.items) {
    if (!isScalar(item) || typeof item.value !== 'string' || !item.range) continue;
    const name = item.value;
    if (inline.has(name) || toolFileExists(name)) continue;
    out.push(
      diagnostic(
        innerRange(item, index, parsed.offset),
        'warning',
        DIAGNOSTIC_CODES.missingTool,
        `No definition for tool '${name}': add ${name}.tool.yaml beside this prompt (or in tools/), or define it in toolDefs.`,
        { tool: name },
      ),
    );
  }
  return out;
}
