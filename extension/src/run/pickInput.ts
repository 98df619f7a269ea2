/**
 * "Run with...": choose the input for a run. Offers the frontmatter's `input.default`, the input
 * last used, each test case of the `name.tests.yaml` beside the prompt, and typing values as JSON
 * or field by field. The choice is remembered per file, and "Run" reuses it.
 */
import type { InputField } from '@promptstack/core';
import * as vscode from 'vscode';
import { loadEngine } from './loadEngine.ts';
import type { RunServices } from './runServices.ts';
import { readTestCases, testsFileFor } from './testsFile.ts';

interface InputChoice extends vscode.QuickPickItem {
  input?: Record<string, unknown>;
  action?: 'json' | 'fields';
}

/** Asks for the run's input; undefined when the user cancelled. Remembers the answer. */
export async function pickRunInput(services: RunServices, document: vscode.TextDocument): Promise<Record<string, unknown> | undefined> {
  const engine = loadEngine(services.ctx.extensionContext);
  const analysis = engine.analyzePromptFile(document.getText());
  const defaults = objectOr(readPath(analysis.frontmatter, ['input', 'default']), {});
  const last = services.inputs.get(document.uri);
  const choices: InputChoice[] = [
    { label: '$(symbol-field) Defaults', description: 'input.default from the frontmatter', detail: JSON.stringify(defaults), input: defaults },
  ];
  if (last) choices.push({ label: '$(history) Last used', detail: JSON.stringify(last), input: last });
  const tests = await readTestCases(engine, testsFileFor(document.uri));
  for (const test of tests?.file?.tests ?? []) {
    choices.push({ label: `$(beaker) ${test.name}`, description: 'test case', detail: JSON.stringify(test.input), input: test.input });
  }
  choices.push(
    { label: '$(json) Type JSON...', description: 'an object of input values', action: 'json' },
    { label: '$(list-flat) Field by field...', description: 'one box per declared input', action: 'fields' },
  );
  const picked = await vscode.window.showQuickPick(choices, { title: 'Run with...', placeHolder: 'Input for this run', matchOnDetail: true });
  if (!picked) return undefined;
  const start = last ?? defaults;
  const input = picked.action === 'json'
    ? await askJson(start)
    : picked.action === 'fields'
      ? await askFields(analysis.inputFields ?? [], start)
      : picked.input;
  if (input) await services.inputs.set(document.uri, input);
  return input;
}

async function askJson(start: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Run with... (JSON)',
    prompt: 'Input values as a JSON object',
    value: JSON.stringify(start),
    validateInput: (value) => (parseObject(value) ? undefined : 'Enter a JSON object, e.g. {"name": "Ada"}'),
  });
  return text === undefined ? undefined : parseObject(text);
}

async function askFields(fields: readonly InputField[], start: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    const current = start[field.name];
    const text = await vscode.window.showInputBox({
      title: `Run with... ${field.name}`,
      prompt: `${field.name} (${field.type}${field.optional ? ', optional' : ''})${field.description ? `: ${field.description}` : ''}`,
      value: current === undefined ? '' : typeof current === 'string' ? current : JSON.stringify(current),
    });
    if (text === undefined) return undefined;
    if (text === '' && field.optional) continue;
    input[field.name] = field.type === 'string' ? text : parseLoosely(text);
  }
  return input;
}

/** Numbers, booleans, arrays and objects typed as JSON; anything else stays text. */
function parseLoosely(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    return objectOr(JSON.parse(text), undefined);
  } catch {
    return undefined;
  }
}

function objectOr<T>(value: unknown, fallback: T): Record<string, unknown> | T {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : fallback;
}

function readPath(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), value);
}
