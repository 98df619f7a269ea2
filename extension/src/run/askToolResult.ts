/**
 * A local run's tool call with no scripted result: the user is asked for the tool's result as
 * JSON (an input box naming the tool and showing its arguments), and the run carries on with it.
 * Dismissing the box ends the run with the reason.
 */
import type { ToolCall, ToolCallHandler } from '@promptstack/core';
import type * as vscode from 'vscode';

/** The one question asked: an input box (VS Code's, or the tests' scripted answers). */
export interface ToolResultUi {
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
}

/** The handler a local run passes to core's runner as `onToolCall`. */
export function askToolResult(ui: ToolResultUi): ToolCallHandler {
  return async (call: ToolCall) => {
    const text = await ui.input({
      title: `PromptStack: result of tool '${call.name}'`,
      prompt: `The model called ${call.name}(${truncate(JSON.stringify(call.arguments ?? {}), 300)}). Enter the tool's result as JSON.`,
      placeHolder: '{"temperature": 21}',
      ignoreFocusOut: true,
      validateInput: (value) => (parseJson(value).ok ? undefined : 'Enter a JSON value (an object, array, string in quotes, number, true, false or null)'),
    });
    if (text === undefined) throw new Error(`no result was given for tool '${call.name}'`);
    const parsed = parseJson(text);
    if (!parsed.ok) throw new Error(`the result given for tool '${call.name}' is not JSON`);
    return parsed.value;
  };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
