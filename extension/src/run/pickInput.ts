/**
 * "Run with...": choose the input for a run. Offers the frontmatter's `input.default`, the input
 * last used, each test case of the `name.tests.yaml` beside the prompt, signed in with the file
 * linked each row of the backend datasets of the prompt's project, and typing values as JSON
 * or field by field. The choice is remembered per file, and "Run" reuses it. The questions go
 * through the team's swappable UI, so the extension-host tests answer them.
 */
import type * as vscode from 'vscode';
import { requestPromptInfo, type PromptInputInfo } from '../promptInfo.ts';
import { vscodeUi, type SyncUi } from '../team/ui.ts';
import { datasetItemLabel, linkedPromptDatasets } from './backendDatasets.ts';
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
  const ui: SyncUi = services.team?.ui ?? vscodeUi;
  const source = document.getText();
  // Asked at once, so the backend and the language server answer while the tests file is read.
  const datasets = linkedPromptDatasets(services.team, source);
  const info = requestPromptInfo(services.ctx, document);
  // Awaited below; until then a rejection must not count as unhandled.
  info.catch(() => undefined);
  const tests = await readTestCases(engine, testsFileFor(document.uri));
  let defaults: Record<string, unknown>;
  let fields: readonly PromptInputInfo[];
  try {
    ({ defaultInput: defaults, inputs: fields } = await info);
  } catch (error) {
    ui.error(`PromptStack: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const last = services.inputs.get(document.uri);
  const choices: InputChoice[] = [
    { label: '$(symbol-field) Defaults', description: 'input.default from the frontmatter', detail: JSON.stringify(defaults), input: defaults },
  ];
  if (last) choices.push({ label: '$(history) Last used', detail: JSON.stringify(last), input: last });
  for (const test of tests?.file?.tests ?? []) {
    choices.push({ label: `$(beaker) ${test.name}`, description: 'test case', detail: JSON.stringify(test.input), input: test.input });
  }
  const backend = await datasets;
  if (backend.kind === 'error') services.ctx.output.warn(`Run with...: no PromptStack datasets: ${backend.message}`);
  for (const dataset of backend.kind === 'datasets' ? backend.datasets : []) {
    for (const item of dataset.items) {
      choices.push({
        label: `$(database) ${dataset.name} #${item.index + 1}`,
        description: 'PromptStack dataset',
        detail: datasetItemLabel(item),
        input: item.input,
      });
    }
  }
  choices.push(
    { label: '$(json) Type JSON...', description: 'an object of input values', action: 'json' },
    { label: '$(list-flat) Field by field...', description: 'one box per declared input', action: 'fields' },
  );
  const picked = await ui.pick(choices, { title: 'Run with...', placeHolder: 'Input for this run', matchOnDetail: true });
  if (!picked) return undefined;
  const start = last ?? defaults;
  const input = picked.action === 'json' ? await askJson(ui, start) : picked.action === 'fields' ? await askFields(ui, fields, start) : picked.input;
  if (input) await services.inputs.set(document.uri, input);
  return input;
}

async function askJson(ui: SyncUi, start: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const text = await ui.input({
    title: 'Run with... (JSON)',
    prompt: 'Input values as a JSON object',
    value: JSON.stringify(start),
    validateInput: (value) => (parseObject(value) ? undefined : 'Enter a JSON object, e.g. {"name": "Ada"}'),
  });
  return text === undefined ? undefined : parseObject(text);
}

/** One input box per declared field, prefilled from `start`; undefined when cancelled. */
export async function askFields(ui: SyncUi, fields: readonly PromptInputInfo[], start: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    const current = start[field.name];
    const text = await ui.input({
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
