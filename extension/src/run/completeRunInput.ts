/**
 * The first Run of a prompt simply works: when the input lacks a required field (declared, not
 * optional, with no `input.default`), Run opens the field-by-field form instead of failing,
 * prefilled from `input.default`, the first test case of `name.tests.yaml` and the input given.
 */
import type * as vscode from 'vscode';
import { requestPromptInfo } from '../promptInfo.ts';
import { vscodeUi } from '../team/ui.ts';
import { loadEngine } from './loadEngine.ts';
import { askFields } from './pickInput.ts';
import type { RunServices } from './runServices.ts';
import { readTestCases, testsFileFor } from './testsFile.ts';

/** `input` when it has every required field, else the form's answer (remembered); undefined when cancelled. */
export async function completeRunInput(
  services: RunServices,
  document: vscode.TextDocument,
  input: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  let info;
  try {
    info = await requestPromptInfo(services.ctx, document);
  } catch {
    return input; // the run reports what is wrong with the file
  }
  const missing = info.inputs.filter(
    (field) => !field.optional && !field.hasDefault && info.defaultInput[field.name] === undefined && input[field.name] === undefined,
  );
  if (missing.length === 0) return input;
  services.ctx.output.info(`Run ${document.uri.path.split('/').pop()}: asking for ${missing.map((f) => f.name).join(', ')}`);
  const tests = await readTestCases(loadEngine(services.ctx.extensionContext), testsFileFor(document.uri));
  const firstCase = tests?.file?.tests[0]?.input ?? {};
  const start = { ...info.defaultInput, ...firstCase, ...input };
  const answered = await askFields(services.team?.ui ?? vscodeUi, info.inputs, start);
  if (answered) await services.inputs.set(document.uri, answered);
  return answered;
}
