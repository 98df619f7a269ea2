/**
 * Backend datasets in the Test Explorer: for each linked `.prompt` file (open in an editor or in
 * the workspace) whose project has datasets on PromptStack, an item for the file with a
 * "PromptStack datasets" group, one child per dataset and one test case per item (its input and
 * assertions). Signed out, the items go. A run of a case goes where a run of the file goes
 * (chooseRunTarget: the backend, recorded, when signed in and linked) and its assertions are
 * evaluated with core's `evaluateAssertions`, as a `name.tests.yaml` case's are.
 */
import type { Assertion } from '@promptstack/core';
import * as vscode from 'vscode';
import type { PromptStackContext } from '../context.ts';
import { chooseRunTarget } from '../run/chooseRunTarget.ts';
import { linkedPromptDatasets, datasetItemLabel, type BackendDatasetItem } from '../run/backendDatasets.ts';
import { loadEngine } from '../run/loadEngine.ts';
import { prepareLocalRun } from '../run/localRunTarget.ts';
import { runServices } from '../run/runServices.ts';
import type { RunTarget } from '../run/runTarget.ts';
import { readText } from '../run/testsFile.ts';

/** Label of the group under a file that holds its backend datasets. */
export const DATASETS_GROUP_LABEL = 'PromptStack datasets';
/** Prefix of the ids of dataset items, so refreshing tests files leaves them alone. */
export const DATASET_ID_PREFIX = 'datasets:';

/** One dataset item as a test case. */
export interface DatasetCase {
  kind: 'dataset';
  promptUri: vscode.Uri;
  item: BackendDatasetItem;
}

/** What running a case found (shared with tests-file cases). */
export interface CaseOutcome {
  outcome: 'passed' | 'failed' | 'errored' | 'skipped';
  messages: string[];
  output?: string;
  durationMs?: number;
}

/** Keeps the dataset items of the controller in step with the backend. */
export class DatasetTestItems {
  constructor(
    private readonly ctx: PromptStackContext,
    private readonly controller: vscode.TestController,
    /** Records the case behind a test item for the run profile. */
    private readonly remember: (item: vscode.TestItem, data: DatasetCase) => void,
  ) {}

  /** Re-reads the datasets of every linked prompt file (open or in the workspace). */
  async refresh(): Promise<void> {
    const files = new Map<string, vscode.Uri>();
    for (const uri of await vscode.workspace.findFiles('**/*.prompt', '**/node_modules/**')) files.set(uri.toString(), uri);
    for (const document of vscode.workspace.textDocuments) {
      if (document.languageId === 'dotprompt' && document.uri.scheme === 'file') files.set(document.uri.toString(), document.uri);
    }
    this.controller.items.forEach((item) => {
      if (item.id.startsWith(DATASET_ID_PREFIX) && !files.has(item.id.slice(DATASET_ID_PREFIX.length))) this.controller.items.delete(item.id);
    });
    await Promise.all([...files.values()].map((uri) => this.loadFile(uri)));
  }

  /** Lists (or removes) the dataset items of one prompt file. */
  async loadFile(promptUri: vscode.Uri): Promise<void> {
    const id = `${DATASET_ID_PREFIX}${promptUri.toString()}`;
    const source = await readText(promptUri);
    const found = source === undefined ? { kind: 'none' as const } : await linkedPromptDatasets(runServices(this.ctx).team, source);
    if (found.kind === 'none' || (found.kind === 'datasets' && found.datasets.every((d) => d.items.length === 0))) {
      this.controller.items.delete(id);
      return;
    }
    const fileItem = this.controller.items.get(id) ?? this.controller.createTestItem(id, vscode.workspace.asRelativePath(promptUri), promptUri);
    this.controller.items.add(fileItem);
    const group = this.controller.createTestItem(`${id}#group`, DATASETS_GROUP_LABEL, promptUri);
    fileItem.children.replace([group]);
    if (found.kind === 'error') {
      group.error = found.message;
      return;
    }
    group.children.replace(
      found.datasets
        .filter((d) => d.items.length > 0)
        .map((dataset) => {
          const datasetItem = this.controller.createTestItem(`${id}#${dataset.id}`, dataset.name, promptUri);
          datasetItem.description = `${dataset.items.length} item${dataset.items.length === 1 ? '' : 's'}`;
          datasetItem.children.replace(
            dataset.items.map((item) => {
              const testItem = this.controller.createTestItem(`${id}#${dataset.id}/${item.id}`, datasetItemLabel(item), promptUri);
              this.remember(testItem, { kind: 'dataset', promptUri, item });
              return testItem;
            }),
          );
          return datasetItem;
        }),
    );
  }
}

/**
 * The run target of each prompt file in one test run, asked once per file: a linked file with
 * unpushed edits asks where to run once, not once per item.
 */
export function runTargetsForTestRun(ctx: PromptStackContext): (promptUri: vscode.Uri) => Promise<RunTarget | undefined> {
  const targets = new Map<string, Promise<RunTarget | undefined>>();
  const services = runServices(ctx);
  const choose = async (promptUri: vscode.Uri) => chooseRunTarget(services.team, services.local, await vscode.workspace.openTextDocument(promptUri));
  return (promptUri) => {
    const key = promptUri.toString();
    const target = targets.get(key) ?? choose(promptUri);
    targets.set(key, target);
    return target;
  };
}

/** Runs one dataset item on `target` and evaluates its assertions. */
export async function runDatasetCase(ctx: PromptStackContext, data: DatasetCase, target: RunTarget | undefined, signal: AbortSignal): Promise<CaseOutcome> {
  if (!target) return { outcome: 'skipped', messages: [] };
  const source = await readText(data.promptUri);
  if (source === undefined) return { outcome: 'errored', messages: [`The prompt ${vscode.workspace.asRelativePath(data.promptUri)} cannot be read.`] };
  const { result, errorText } = await target.run({ uri: data.promptUri, source, input: data.item.input, signal });
  if (result.error) return { outcome: 'errored', messages: [errorText ?? result.error.message], output: result.output, durationMs: result.durationMs };
  const engine = loadEngine(ctx.extensionContext);
  // llm-judge assertions call their model from VS Code with the user's key, as in a tests file.
  const needsJudge = data.item.assertions.some((a) => a.type === 'llm-judge');
  const prepared = needsJudge ? await prepareLocalRun(ctx, runServices(ctx).keys, { uri: data.promptUri, source }) : undefined;
  // The backend checked them against core's schema; only the wire type loosens `equals`' value to optional.
  const assertions = await engine.evaluateAssertions(result, data.item.assertions as Assertion[], {
    input: data.item.input,
    judge: { signal, ...(prepared?.ok ? { providers: prepared.setup.providers } : {}) },
  });
  const base = { output: result.output, durationMs: result.durationMs };
  if (engine.testPassed(result, assertions)) return { outcome: 'passed', messages: [], ...base };
  return { outcome: 'failed', messages: assertions.filter((a) => !a.pass).map((a) => `${a.type}: ${a.reason}`), ...base };
}
