/**
 * A live experiment in the editor, against the real backend: the CodeLens of a prompt whose
 * `production` label splits its traffic (before and after the minimum sample), the experiment page
 * it opens (arms, both tests, the confidence sequence over time, what the role may do: no Stop or
 * Promote for a Member on protected `production`), and Promote from the page, confirmed, moving the
 * label on the backend.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExperimentData, ExperimentPanelMessage, PostedWebviewMessage } from '../../src/webviews/protocol.ts';
import { startLiveExperiment, type LiveExperiment } from './experimentSupport.ts';
import { linkNewPrompt, startBackendRunWorld, type BackendRunWorld } from './runBackendWorld.ts';
import { collect } from './runTestHelpers.ts';
import { createBackendUser, joinWorkspace } from './syncSupport.ts';

const PROMPT = `---
model: openai/gpt-4o-mini
---
Answer {{question}}.
`;

type ExperimentMessage = Extract<PostedWebviewMessage, { panel: 'experiment' }>;

/** Asks for the lenses until one starts with `Experiment` and passes `accept` (the lens figures are kept 15 s); fails after 40 s naming what it saw. */
async function experimentLens(document: vscode.TextDocument, accept: (title: string) => boolean): Promise<vscode.CodeLens> {
  const deadline = Date.now() + 40_000;
  let titles: string[] = [];
  while (Date.now() < deadline) {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    titles = lenses.map((l) => `${l.command?.title} [${l.command?.tooltip ?? ''}]`);
    const lens = lenses.find((l) => l.command?.title.startsWith('Experiment'));
    if (lens && accept(lens.command!.title)) return lens;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  assert.fail(`no matching experiment lens among: ${titles.join(' | ')}`);
}

describe('live experiments on the backend: the CodeLens, the experiment page, Promote', function () {
  this.timeout(90_000);
  let world: BackendRunWorld;
  let document: vscode.TextDocument;
  let promptId: string;
  let experiment: LiveExperiment;

  before(async () => {
    world = await startBackendRunWorld('Experimenter');
    ({ document, promptId } = await linkNewPrompt(world, 'experiment.prompt', PROMPT, 'experiment-answer'));
    experiment = await startLiveExperiment(world.user.client, {
      workspaceId: world.workspaceId,
      promptId,
      promptName: 'experiment-answer',
      source2: PROMPT.replace('Answer', 'Answer briefly'),
    });
  });
  after(async () => {
    await world?.close();
  });
  /** The experiment page's URI, as the panel registry names it. */
  const experimentUri = () =>
    vscode.Uri.from({ scheme: 'promptstack-experiment', path: `/${experiment.experimentId}/experiment-answer (production)` }).toString();

  it('shows the split, each arm’s calls and errors, and "not enough evidence yet" before the minimum sample', async () => {
    await experiment.log(10);
    const lens = await experimentLens(document, (title) => title.includes('10 calls'));
    assert.equal(
      lens.command!.title,
      'Experiment on production: v1 90% (10 calls, 0.0% errors) · v2 10% (10 calls, 0.0% errors) · v2: not enough evidence yet (n = 10 of min 50)',
    );
    assert.equal(lens.command!.command, 'promptstack.showExperiment');
    assert.deepEqual(lens.command!.arguments, [experiment.experimentId]);
  });

  it('gives the sequential verdict once both arms have their minimum, always valid', async () => {
    await experiment.log(45); // 55 per arm: the first counted look
    await experiment.log(20);
    await experiment.log(20);
    const lens = await experimentLens(document, (title) => title.includes('95 calls'));
    assert.match(
      lens.command!.title,
      /^Experiment on production: v1 90% \(95 calls, 0\.0% errors\) · v2 10% \(95 calls, 0\.0% errors\) · v2 better on latency, p (<|=) [\d.]+, always valid$/,
    );
  });

  it('opens the experiment page: arms, both tests, and the confidence sequence narrowing look by look', async () => {
    const posted = collect(world.api.onDidPostWebviewMessage);
    try {
      const lens = await experimentLens(document, () => true);
      const data = await vscode.commands.executeCommand<ExperimentData>(lens.command!.command, ...lens.command!.arguments!);
      assert.equal(data.promptName, 'experiment-answer');
      assert.deepEqual(data.may, { stop: true, promote: true }, 'the workspace’s Admin may stop and promote');
      assert.deepEqual(
        data.results.arms.map((arm) => [arm.versionNumber, arm.weight, arm.isControl, arm.generations]),
        [
          [1, 90, true, 95],
          [2, 10, false, 95],
        ],
      );
      const latency = data.results.comparisons.find((c) => c.metric === 'latencyMs');
      assert.ok(latency?.sequential.confidenceSequence && latency.fixedHorizon, 'the always-valid and the fixed-horizon intervals, side by side');
      assert.equal(latency.verdict, 'better');
      const series = data.results.series.find((s) => s.metric === 'latencyMs');
      assert.ok(series && series.points.length >= 3, `a look per read with more data: ${series?.points.length}`);
      const width = (p: { lower: number; upper: number }) => p.upper - p.lower;
      assert.ok(width(series.points.at(-1)!) < width(series.points[0]!), 'the confidence sequence narrows as data arrives');
      const shown = await posted.until((m): m is ExperimentMessage => m.panel === 'experiment' && m.message.type === 'experiment');
      assert.equal((shown.message as Extract<ExperimentPanelMessage, { type: 'experiment' }>).data.results.experiment.id, experiment.experimentId);
    } finally {
      posted.dispose();
    }
  });

  it('hides Stop and Promote from a Member (production is protected); a Stop sent anyway shows the backend’s 403', async () => {
    const member = await createBackendUser('Member');
    await joinWorkspace(world.user.client, world.workspaceId, member, 'MEMBER');
    await world.api.team.signInWithPassword(member.email, member.password);
    const posted = collect(world.api.onDidPostWebviewMessage);
    try {
      const data = await vscode.commands.executeCommand<ExperimentData>('promptstack.showExperiment', experiment.experimentId);
      assert.deepEqual(data.may, { stop: false, promote: false });
      // A page read before the role changed still shows Stop: the backend refuses, in words that say whom to ask.
      const ui = world.script().choosing('Stop Experiment');
      assert.ok(world.api.sendWebviewRequest({ panel: 'experiment', uri: experimentUri(), request: { type: 'stop' } }), 'the panel is open');
      const refused = await posted.until((m) => m.panel === 'experiment' && m.message.type === 'error');
      const message = `You don't have access to the production label (403): Label 'production' is protected: only an Admin may stop an experiment on it (that moves the label), and your role (member) cannot. Ask an Admin to stop experiment '${experiment.experimentId}'.`;
      assert.deepEqual(refused.message, { type: 'error', message });
      assert.deepEqual(ui.errors, [message]);
      assert.equal((await world.user.client.experiments.get.query({ id: experiment.experimentId })).status, 'RUNNING', 'the experiment runs on');
    } finally {
      posted.dispose();
      await world.api.team.signInWithPassword(world.user.email, world.user.password);
    }
  });

  it('promotes the better arm from the page after confirmation: production points at it alone', async () => {
    const posted = collect(world.api.onDidPostWebviewMessage);
    try {
      const data = await vscode.commands.executeCommand<ExperimentData>('promptstack.showExperiment', experiment.experimentId);
      assert.ok(data.may.promote);
      const ui = world.script().choosing((message, buttons) => {
        assert.equal(message, 'Promote v2 on production?');
        return buttons[0];
      });
      assert.ok(world.api.sendWebviewRequest({ panel: 'experiment', uri: experimentUri(), request: { type: 'promote', version: 2 } }), 'the panel is open');
      const done = await posted.until((m) => m.panel === 'experiment' && m.message.type === 'done');
      assert.deepEqual(done.message, { type: 'done', message: 'Promoted: production points at v2 alone.' });
      assert.deepEqual(ui.errors, []);
      const prompt = await world.user.client.prompts.get.query({ id: promptId });
      const production = prompt.labels.find((l) => l.name === 'production');
      assert.equal(production?.versionNumber, 2);
      assert.equal(production?.split, undefined);
      const ended = await world.user.client.experiments.get.query({ id: experiment.experimentId });
      assert.equal(ended.status, 'PROMOTED');
      const reread = await posted.until(
        (m) => m.panel === 'experiment' && m.message.type === 'experiment' && m.message.data.results.experiment.status === 'PROMOTED',
      );
      assert.deepEqual((reread.message as Extract<ExperimentPanelMessage, { type: 'experiment' }>).data.may, { stop: false, promote: false });
    } finally {
      posted.dispose();
    }
  });
});
