/**
 * A/B tests on PromptStack: the linked prompt's stored version (A) against another model or
 * another linked prompt (B), over the test cases beside the file, created through the backend's
 * A/B API so the runs are recorded for the team. The panel follows the test by polling its
 * status (the backend runs it as durable jobs) and shows the backend's own analysis; "Choose
 * winner" asks for confirmation, then records the winner and moves the `production` label.
 */
import type { AbMetric, AbTestAnalysis } from '@promptstack/core';
import * as vscode from 'vscode';
import type { RouterOutputs } from '../team/api/client.ts';
import { toApiError } from '../team/api/errors.ts';
import type { Team } from '../team/team.ts';
import type { AbPanelMessage, VariantSamples } from '../webviews/protocol.ts';
import { inputsFor, resultMessage } from './abTest.ts';
import type { BackendRunLink } from './backendRunTarget.ts';
import type { RunServices } from './runServices.ts';

/** How often the panel asks the backend for progress. */
export const AB_POLL_INTERVAL_MS = 1000;
/** The confirmation button of "Choose winner". */
export const CHOOSE_WINNER_BUTTON = 'Choose winner and move production';

/** One side of a backend test: a stored version, optionally on another model. */
export interface BackendAbVariant {
  label: string;
  link: BackendRunLink;
  model?: string;
}

/** What to compare on PromptStack and how much. */
export interface BackendAbPlan {
  a: BackendAbVariant;
  b: BackendAbVariant;
  runsPerVariant: number;
  primaryMetric: AbMetric;
}

type AbTest = RouterOutputs['abTests']['get'];
type AbResultMessage = Extract<AbPanelMessage, { type: 'abResult' }>;

/** What the winner handler needs to know about a test this window started. */
interface TestRecord {
  promptName: string;
  variants: { name: string; id: string; label: string; versionNumber: number; model?: string }[];
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
const testsBy = new WeakMap<RunServices, Map<string, TestRecord>>();

/** Creates the test on the backend and follows it in the file's A/B panel; undefined when it could not be created (reported). */
export async function runBackendAbTest(services: RunServices, team: Team, uri: vscode.Uri, plan: BackendAbPlan): Promise<AbResultMessage | undefined> {
  const tests = installWinnerHandler(services, team);
  const client = team.client();
  const inputs = await inputsFor(services, uri);
  // The backend repeats every input; round up so each variant gets at least the runs asked for.
  const runsPerInput = Math.max(1, Math.ceil(plan.runsPerVariant / inputs.length));
  let created: { id: string };
  let promptName: string;
  try {
    const prompt = await client.prompts.get.query({ id: plan.a.link.promptId });
    promptName = prompt.name;
    created = await client.abTests.create.mutate({
      name: `${prompt.name}: ${plan.a.label} vs ${plan.b.label}`,
      projectId: prompt.projectId,
      variants: [variantInput('A', plan.a), variantInput('B', plan.b)],
      inputs: inputs.map((i) => i.input),
      runsPerInput,
      primaryMetric: plan.primaryMetric,
    });
  } catch (error) {
    team.ui.error(`PromptStack: the A/B test was not created. ${toApiError(error, 'this project', team.deps.backendUrl()).message}`);
    return undefined;
  }

  const host = services.abPanels.show(uri);
  const testId = created.id;
  host.post({
    type: 'abStarted',
    testId,
    primaryMetric: plan.primaryMetric,
    runsPerVariant: runsPerInput * inputs.length,
    recorded: true,
    variants: [
      { id: 'A', label: plan.a.label },
      { id: 'B', label: plan.b.label },
    ],
  });

  const test = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'PromptStack: A/B test on PromptStack', cancellable: true },
    (progress, token) =>
      follow(team, testId, token, (current) => {
        host.post({ type: 'abProgress', testId, done: current.progress.done, total: current.progress.total, variants: samplesOf(current, plan) });
        progress.report({ message: `${current.progress.done}/${current.progress.total} runs` });
      }),
  );
  if (!test) return undefined;
  tests.set(testId, {
    promptName,
    variants: test.variants.map((v) => {
      const side = v.name === 'A' ? plan.a : plan.b;
      return { name: v.name, id: v.id, label: side.label, versionNumber: side.link.versionNumber, model: side.model };
    }),
  });
  const message = finalMessage(test, plan);
  host.post(message);
  return message;
}

function variantInput(name: string, variant: BackendAbVariant) {
  return { name, promptId: variant.link.promptId, versionId: variant.link.versionId, ...(variant.model ? { model: variant.model } : {}) };
}

/**
 * Polls the test until it ends, reporting each answer; cancelling the notification cancels the
 * test on the backend (runs already made stay recorded). Undefined when the backend could not be read.
 */
async function follow(team: Team, id: string, token: vscode.CancellationToken, report: (test: AbTest) => void): Promise<AbTest | undefined> {
  const client = team.client();
  let cancelled = false;
  for (;;) {
    let test: AbTest;
    try {
      test = await client.abTests.get.query({ id });
    } catch (error) {
      team.ui.error(`PromptStack: lost track of the A/B test. ${toApiError(error, 'this A/B test', team.deps.backendUrl()).message}`);
      return undefined;
    }
    report(test);
    if (TERMINAL.has(test.status)) return test;
    if (token.isCancellationRequested && !cancelled) {
      cancelled = true;
      try {
        await client.abTests.cancel.mutate({ id });
      } catch (error) {
        team.ui.error(`PromptStack: the A/B test could not be cancelled. ${toApiError(error, 'this A/B test', team.deps.backendUrl()).message}`);
        return undefined;
      }
      continue;
    }
    await pollDelay(token);
  }
}

/** Waits one poll interval, or less when the user cancels. */
function pollDelay(token: vscode.CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, AB_POLL_INTERVAL_MS);
    const subscription = token.onCancellationRequested(done);
    function done() {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    }
  });
}

/** The page's per-variant figures from the backend's (no single-run samples: the charts stay empty). */
function samplesOf(test: AbTest, plan: BackendAbPlan): VariantSamples[] {
  return test.variants.map((v) => ({
    id: v.name,
    label: v.name === 'A' ? plan.a.label : v.name === 'B' ? plan.b.label : v.name,
    latencyMs: [],
    costUsd: [],
    successes: v.successes,
    failures: v.runs - v.successes,
    stats: { latencyP50Ms: v.latencyP50Ms, latencyP95Ms: v.latencyP95Ms, meanCostUsd: v.meanCostUsd },
  }));
}

/** The verdict message: the backend's analysis when the test completed, else why it did not. */
function finalMessage(test: AbTest, plan: BackendAbPlan): AbResultMessage {
  const variants = samplesOf(test, plan);
  const analysis = test.analysis as unknown as AbTestAnalysis | null;
  if (test.status === 'completed' && analysis) return resultMessage(test.id, analysis, variants);
  const why =
    test.status === 'cancelled'
      ? 'The A/B test was cancelled; the runs made so far stay recorded.'
      : `The A/B test failed on PromptStack: ${test.error ?? 'no reason given'}`;
  return { type: 'abResult', testId: test.id, primaryMetric: test.primaryMetric, winner: null, recommendation: why, comparisons: [], variants, problems: [] };
}

/** Handles "Choose winner" for backend tests this window started; returns their records. */
function installWinnerHandler(services: RunServices, team: Team): Map<string, TestRecord> {
  const known = testsBy.get(services);
  if (known) return known;
  const records = new Map<string, TestRecord>();
  testsBy.set(services, records);
  services.abRequestHandlers.set('backend', (host, request) => {
    if (request.type !== 'chooseWinner') return;
    const test = records.get(request.testId);
    const variant = test?.variants.find((v) => v.name === request.variant);
    if (!test || !variant) return; // a local test, or a stale page
    void (async () => {
      const model = variant.model
        ? ` It ran with the model ${variant.model}, which the version does not store; change the file's model: and push to keep it.`
        : '';
      const answer = await team.ui.choose(
        `Choose ${variant.name} (${variant.label}) as the winner?`,
        { modal: true, detail: `The production label of "${test.promptName}" will point at version ${variant.versionNumber}.${model}` },
        CHOOSE_WINNER_BUTTON,
      );
      if (answer !== CHOOSE_WINNER_BUTTON) return;
      try {
        await team.client().abTests.chooseWinner.mutate({ id: request.testId, variantId: variant.id, moveLabel: 'production' });
      } catch (error) {
        team.ui.error(`PromptStack: the winner was not recorded. ${toApiError(error, 'this A/B test', team.deps.backendUrl()).message}`);
        return;
      }
      host.post({
        type: 'winnerChosen',
        testId: request.testId,
        variant: variant.name,
        where: 'backend',
        movedLabel: { name: 'production', versionNumber: variant.versionNumber },
      });
      team.ui.info(
        `PromptStack: ${variant.name} (${variant.label}) is the winner; production now points at version ${variant.versionNumber} of "${test.promptName}".`,
      );
    })();
  });
  return records;
}
