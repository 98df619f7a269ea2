/** Scripted tool results (a dataset item's `tools`, as a tests.yaml case writes them) read back from a Json column. */
import { toolScriptSchema, type ToolScript } from '@promptstack/core/testcases/schema';

/** Scripted tool results as stored (a dataset item's `tools`), or undefined when absent or malformed. */
export function readToolScripts(stored: unknown): Record<string, ToolScript> | undefined {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return undefined;
  const out: Record<string, ToolScript> = {};
  for (const [name, script] of Object.entries(stored)) {
    const parsed = toolScriptSchema.safeParse(script);
    if (parsed.success) out[name] = parsed.data;
  }
  return Object.keys(out).length ? out : undefined;
}
