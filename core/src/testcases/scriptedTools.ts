/**
 * A test case's scripted tool results as the runner's `onToolCall`: each tool answers with its
 * one `result`, or with its `results` one call after another, so a tool conversation runs to its
 * final answer without any tool server.
 */
import type { ToolCallHandler } from '../runner/types.ts';
import type { ToolScript } from './schema.ts';

/**
 * Builds the handler. A call of a tool the script does not name goes to `fallback` when there is
 * one, and otherwise rejects, which fails the run (and so the case) with the reason.
 */
export function scriptedToolHandler(script: Readonly<Record<string, ToolScript>>, fallback?: ToolCallHandler): ToolCallHandler {
  const calls = new Map<string, number>();
  return async (call, signal) => {
    const entry = Object.hasOwn(script, call.name) ? script[call.name] : undefined;
    if (!entry) {
      if (fallback) return fallback(call, signal);
      throw new Error(`no scripted result for tool '${call.name}' (add it under the test case's tools:)`);
    }
    if (!('results' in entry)) return entry.result;
    const index = calls.get(call.name) ?? 0;
    calls.set(call.name, index + 1);
    if (index >= entry.results.length) {
      throw new Error(`tool '${call.name}' was called ${index + 1} times but its script has ${entry.results.length} result(s)`);
    }
    return entry.results[index];
  };
}
