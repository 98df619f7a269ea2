/**
 * A local run's tool call with no scripted result: the user is asked for the tool's result, and
 * the run carries on with it. A tool whose output schema is an object of scalar properties gets a
 * small form (a question per property); any other tool an input box for JSON. Both name the tool
 * and show its arguments. Dismissing a question ends the run with the reason.
 */
import type { JSONSchema, ToolCall, ToolCallHandler } from '@promptstack/core';
import { askForm, formFields, type FormUi } from './toolResultForm.ts';

/** The questions asked: input boxes and quick picks (VS Code's, or the tests' scripted answers). */
export type ToolResultUi = FormUi;

/**
 * The handler a local run passes to core's runner as `onToolCall`; `outputSchemas` are the tools'
 * output schemas as JSON Schema, by tool name.
 */
export function askToolResult(ui: ToolResultUi, outputSchemas: Readonly<Record<string, JSONSchema>> = {}): ToolCallHandler {
  return async (call: ToolCall) => {
    const fields = formFields(outputSchemas[call.name]);
    if (fields) {
      const called = `The model called ${call.name}(${truncate(JSON.stringify(call.arguments ?? {}), 200)})`;
      const result = await askForm(ui, fields, { title: `PromptStack: result of tool '${call.name}'`, call: called });
      if (result === undefined) throw new Error(`no result was given for tool '${call.name}'`);
      return result;
    }
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
