/**
 * Test Explorer: each `name.tests.yaml` in the workspace becomes a test item whose children are
 * its test cases (core's tests format), and, signed in, each linked prompt file with backend
 * datasets gets its "PromptStack datasets" (datasetTests.ts). The Run profile runs tests-file
 * cases through the local runner (`runTestCase`: the prompt with the case's input, then its
 * assertions) and dataset items where a run of their file goes, and reports pass/fail with one
 * message per failed assertion, or the run's error in plain words.
 */
import type { TestCase, TestCasesFile } from '@promptstack/core';
import * as vscode from 'vscode';
import type { PromptStackContext } from '../context.ts';
import { loadEngine } from '../run/loadEngine.ts';
import { prepareLocalRun } from '../run/localRunTarget.ts';
import { describeRunError } from '../run/runErrors.ts';
import { runServices } from '../run/runServices.ts';
import { promptFileFor, readTestCases, readText } from '../run/testsFile.ts';
import { DATASET_ID_PREFIX, DatasetTestItems, runDatasetCase, runTargetsForTestRun, type CaseOutcome, type DatasetCase } from './datasetTests.ts';

/** Glob of the tests files the controller lists. */
export const TESTS_FILE_GLOB = '**/*.tests.{yaml,yml}';

/** A finished test case, as the test API reports it. */
export interface TestCaseOutcome {
  id: string;
  label: string;
  outcome: 'passed' | 'failed' | 'errored' | 'skipped';
  messages: string[];
}

/** The controller and what tests of the extension need from it. */
export interface PromptTestExplorer extends vscode.Disposable {
  readonly controller: vscode.TestController;
  /** Fires for each test case a run finishes. */
  readonly onDidFinishTestCase: vscode.Event<TestCaseOutcome>;
  /** Re-reads every tests file in the workspace and the backend datasets of linked prompt files. */
  refresh(): Promise<void>;
}

interface FileCase {
  kind: 'file';
  testsUri: vscode.Uri;
  index: number;
}

type CaseData = FileCase | DatasetCase;

/** Creates the "PromptStack" test controller with a Run profile and a file watcher. */
export function createPromptTestExplorer(ctx: PromptStackContext): PromptTestExplorer {
  const controller = vscode.tests.createTestController('promptstack', 'PromptStack prompt tests');
  const finished = new vscode.EventEmitter<TestCaseOutcome>();
  const cases = new WeakMap<vscode.TestItem, CaseData>();
  const datasets = new DatasetTestItems(ctx, controller, (item, data) => cases.set(item, data));

  async function loadFile(testsUri: vscode.Uri): Promise<void> {
    const parsed = await readTestCases(loadEngine(ctx.extensionContext), testsUri);
    if (!parsed) return void controller.items.delete(testsUri.toString());
    const fileItem =
      controller.items.get(testsUri.toString()) ?? controller.createTestItem(testsUri.toString(), vscode.workspace.asRelativePath(testsUri), testsUri);
    controller.items.add(fileItem);
    fileItem.error = parsed.diagnostics.length ? parsed.diagnostics.map((d) => `line ${d.range.start.line + 1}: ${d.message}`).join('\n') : undefined;
    const text = (await readText(testsUri)) ?? '';
    const children = (parsed.file?.tests ?? []).map((test, index) => {
      const item = controller.createTestItem(`${testsUri.toString()}#${index}`, test.name, testsUri);
      item.range = nameRange(text, test.name);
      cases.set(item, { kind: 'file', testsUri, index });
      return item;
    });
    fileItem.children.replace(children);
  }

  async function refreshTestsFiles(): Promise<void> {
    const files = await vscode.workspace.findFiles(TESTS_FILE_GLOB, '**/node_modules/**');
    const keep = new Set(files.map((f) => f.toString()));
    controller.items.forEach((item) => {
      if (!item.id.startsWith(DATASET_ID_PREFIX) && !keep.has(item.id)) controller.items.delete(item.id);
    });
    await Promise.all(files.map(loadFile));
  }

  async function refresh(): Promise<void> {
    await Promise.all([refreshTestsFiles(), datasets.refresh()]);
  }

  controller.resolveHandler = async (item) => {
    if (!item) await refresh();
  };
  controller.refreshHandler = () => refresh();

  controller.createRunProfile(
    'Run',
    vscode.TestRunProfileKind.Run,
    async (request, token) => {
      const run = controller.createTestRun(request);
      const excluded = new Set(request.exclude ?? []);
      const selected: vscode.TestItem[] = [];
      const collect = (item: vscode.TestItem): void => {
        if (excluded.has(item)) return;
        if (cases.has(item)) selected.push(item);
        item.children.forEach(collect);
      };
      if (request.include) request.include.forEach(collect);
      else controller.items.forEach(collect);
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const targetFor = runTargetsForTestRun(ctx);
      selected.forEach((item) => run.enqueued(item));
      const report = (item: vscode.TestItem, outcome: TestCaseOutcome['outcome'], messages: string[], durationMs?: number): void => {
        if (outcome === 'passed') run.passed(item, durationMs);
        else if (outcome === 'skipped') run.skipped(item);
        else if (outcome === 'failed')
          run.failed(
            item,
            messages.map((m) => new vscode.TestMessage(m)),
            durationMs,
          );
        else
          run.errored(
            item,
            messages.map((m) => new vscode.TestMessage(m)),
            durationMs,
          );
        finished.fire({ id: item.id, label: item.label, outcome, messages });
      };
      try {
        for (const item of selected) {
          if (token.isCancellationRequested) {
            report(item, 'skipped', []);
            continue;
          }
          run.started(item);
          const data = cases.get(item)!;
          const outcome =
            data.kind === 'file' ? await runCase(ctx, data, abort.signal) : await runDatasetCase(ctx, data, await targetFor(data.promptUri), abort.signal);
          if (outcome.output !== undefined) run.appendOutput(`${item.label}: ${outcome.output.replace(/\r?\n/g, '\r\n')}\r\n`, undefined, item);
          report(item, outcome.outcome, outcome.messages, outcome.durationMs);
        }
      } finally {
        run.end();
      }
    },
    true,
  );

  const watcher = vscode.workspace.createFileSystemWatcher(TESTS_FILE_GLOB);
  watcher.onDidCreate(loadFile);
  watcher.onDidChange(loadFile);
  watcher.onDidDelete((uri) => controller.items.delete(uri.toString()));
  // Datasets follow the session (signed out: gone) and files as they are opened (a fresh clone's linked file).
  const team = runServices(ctx).team;
  const followers = [
    ...(team ? [team.auth.onDidChangeSessions(() => void datasets.refresh())] : []),
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (document.languageId === 'dotprompt' && document.uri.scheme === 'file') void datasets.loadFile(document.uri);
    }),
  ];

  return {
    controller,
    onDidFinishTestCase: finished.event,
    refresh,
    dispose: () => {
      watcher.dispose();
      followers.forEach((f) => f.dispose());
      finished.dispose();
      controller.dispose();
    },
  };
}

/** Runs one test case from its file (re-read now, so unsaved edits and new cases count). */
async function runCase(ctx: PromptStackContext, { testsUri, index }: FileCase, signal: AbortSignal): Promise<CaseOutcome> {
  const engine = loadEngine(ctx.extensionContext);
  const parsed = await readTestCases(engine, testsUri);
  const file: TestCasesFile | undefined = parsed?.file;
  const test: TestCase | undefined = file?.tests[index];
  if (!file || !test) return { outcome: 'errored', messages: ['The tests file changed or no longer parses; refresh the tests.'] };
  const promptUri = promptFileFor(testsUri, file.prompt);
  const source = await readText(promptUri);
  if (source === undefined) return { outcome: 'errored', messages: [`The prompt ${vscode.workspace.asRelativePath(promptUri)} cannot be read.`] };
  const prepared = await prepareLocalRun(ctx, runServices(ctx).keys, { uri: promptUri, source, model: file.defaults?.model });
  if (!prepared.ok) return { outcome: 'errored', messages: [prepared.outcome.errorText ?? 'The run could not start.'] };
  const { setup } = prepared;
  const result = await engine.runTestCase(source, test, file.defaults, {
    model: setup.model,
    providers: setup.providers,
    partialResolver: setup.partialResolver,
    ...(setup.tools ? { tools: setup.tools } : {}),
    signal,
  });
  const { run } = result;
  if (run.error) {
    return {
      outcome: 'errored',
      messages: [describeRunError(run.error, { provider: setup.provider, baseUrl: setup.baseUrl })],
      output: run.output,
      durationMs: run.durationMs,
    };
  }
  if (result.passed) return { outcome: 'passed', messages: [], output: run.output, durationMs: run.durationMs };
  const messages = result.assertions.filter((a) => !a.pass).map((a) => `${a.type}: ${a.reason}`);
  return { outcome: 'failed', messages, output: run.output, durationMs: run.durationMs };
}

/** The line of `name: <name>` in the tests file, so the gutter shows the run button there. */
function nameRange(text: string, name: string): vscode.Range | undefined {
  const lines = text.split(/\r?\n/);
  const line = lines.findIndex((l) => new RegExp(`name:\\s*["']?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*$`).test(l));
  return line >= 0 ? new vscode.Range(line, 0, line, lines[line]!.length) : undefined;
}
