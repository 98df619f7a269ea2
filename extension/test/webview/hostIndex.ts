/**
 * The extension-host side of the webview test (test/webview/webviews.mjs): it does not run mocha
 * but takes orders. It asks the driver's control channel for the next operation (run a prompt, run
 * an A/B test, wait for a request the page sent, ...), performs it with the real commands, and
 * sends back the result with its next ask, until told `done`. The driver meanwhile reads and
 * clicks the webview's DOM through Playwright, which nothing in the extension host can reach.
 */
import type { LocalProviderServer, LoggedRequest, ProviderScript } from '@promptstack/core/local-provider/server';
import * as vscode from 'vscode';
import type { PromptStackApi } from '../../src/api.ts';
import type { PostedWebviewMessage } from '../../src/webviews/protocol.ts';
import { activateExtension, fixtureUri, openFixture } from '../suite/helpers.ts';
import { collect, startProviderForExtension, stopProvider } from '../suite/runTestHelpers.ts';
import type { ReceivedWebviewRequest } from '../../src/run/runServices.ts';
import { startLiveExperiment } from '../suite/experimentSupport.ts';
import { createBackendUser, joinWorkspace } from '../suite/syncSupport.ts';
import { recordTeamRuns } from './teamRuns.ts';

/** Environment variable naming the driver's control URL (set on the VS Code server process). */
export const CONTROL_URL_ENV = 'PROMPTSTACK_WEBVIEW_CONTROL';

/** The prompt every operation works on (test/fixtures/webview-workspace/). */
const PROMPT_FILE = 'support-reply.prompt';

/** An order from the driver. */
interface Operation {
  op: string;
  args?: Record<string, any>;
}

/** A reply that reads like a support engineer's, built from the request so each run differs. */
function supportReply(request: LoggedRequest): string {
  const user = String(request.body?.messages?.at(-1)?.content ?? '');
  const customer = /Customer: (\w+)/.exec(user)?.[1] ?? 'there';
  const issue = /Issue: (.+)/.exec(user)?.[1]?.trim().replace(/\.$/, '') ?? 'the problem';
  return `Hi ${customer}, thanks for letting us know: "${issue}". I have opened a ticket and our team will look at your account within the hour; you can follow it under Settings > Support. If anything else comes up, just reply to this message and I will be glad to help.`;
}

/** Streams slowly enough for the driver to see output arrive before the run ends. */
const RUN_SCRIPT: ProviderScript = {
  'gpt-4o-mini': { latencyMs: 150, chunkDelayMs: 25, output: supportReply },
};

/** The structured prompt (its `output.format` is json) and the answer the model gives it. */
const JSON_PROMPT_FILE = 'ticket-triage.prompt';
const TRIAGE_ANSWER = { category: 'billing', urgent: true, customer: { name: 'Ada', plan: 'Team' }, tags: ['refund', 'charged twice'] };
const JSON_SCRIPT: ProviderScript = { 'gpt-4.1-mini': { latencyMs: 40, json: TRIAGE_ANSWER } };

/**
 * A: gpt-4o-mini, quick and cheap; B: gpt-4o, much slower (so the latency verdict stands even when a
 * loaded machine adds jitter to every call), pricier and failing one request in ten.
 */
const AB_SCRIPT: ProviderScript = {
  'gpt-4o-mini': { latencyMs: 60, output: supportReply },
  'gpt-4o': { latencyMs: 400, failureRate: 0.1, failWith: { status: 400, message: 'bad request' }, seed: 7, output: supportReply },
};

/** Called by VS Code's test harness; resolves when the driver says `done`. */
export async function run(): Promise<void> {
  const control = process.env[CONTROL_URL_ENV];
  if (!control) throw new Error(`${CONTROL_URL_ENV} is not set: run test/webview/webviews.mjs`);
  const api: PromptStackApi = await activateExtension();
  // Collected from the start, so a wait finds what arrived before it was asked for.
  const requests = collect<ReceivedWebviewRequest>(api.onDidReceiveWebviewRequest);
  const posted = collect<PostedWebviewMessage>(api.onDidPostWebviewMessage);
  let provider: LocalProviderServer | undefined;
  /** The confirmation `confirmNext` is answering. */
  let pendingQuestion: Promise<string> | undefined;
  /** What `analytics` made on the backend, for `experiment`. */
  let team: Awaited<ReturnType<typeof recordTeamRuns>> | undefined;
  /** The experiment `experiment` started, for `experimentAs`. */
  let experimentId: string | undefined;
  const uri = fixtureUri(PROMPT_FILE);

  const operations: Record<string, (args: Record<string, any>) => PromiseLike<unknown>> = {
    setup: async () => {
      provider = await startProviderForExtension(RUN_SCRIPT);
      await openFixture(PROMPT_FILE);
      return { uri: uri.toString() };
    },
    run: (args) => vscode.commands.executeCommand('promptstack.runWith', uri, args.input),
    /** Runs the structured prompt from its editor in the first column, so its page opens beside it. */
    runJson: async (args) => {
      provider!.setScript(JSON_SCRIPT);
      const document = await vscode.window.showTextDocument(fixtureUri(JSON_PROMPT_FILE), { viewColumn: vscode.ViewColumn.One, preview: false });
      return vscode.commands.executeCommand('promptstack.runWith', document.document.uri, args.input);
    },
    abTest: async (args) => {
      provider!.setScript(AB_SCRIPT);
      return vscode.commands.executeCommand('promptstack.abTest', uri, args);
    },
    /** Records runs on the driver's backend, signs in and opens that workspace's analytics page. */
    analytics: async () => {
      team = await recordTeamRuns(api, provider!, uri);
      return vscode.commands.executeCommand('promptstack.showAnalytics', team.workspaceId);
    },
    /** After `analytics`: splits the stored prompt's production label, logs generations in three looks and opens the experiment page. */
    experiment: async () => {
      const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const experiment = await startLiveExperiment(team!.client, {
        workspaceId: team!.workspaceId,
        promptId: team!.promptId,
        promptName: 'support-reply',
        source2: source.replace(/\n---\n/, '\n---\nKeep it to two sentences.\n'),
      });
      for (const count of [60, 20, 20]) await experiment.log(count);
      experimentId = experiment.experimentId;
      return vscode.commands.executeCommand('promptstack.showExperiment', experimentId);
    },
    /**
     * After `experiment`: signs in as a new Member of the workspace (`member`) or as its Admin again
     * (`admin`) and shows the experiment's page to them.
     */
    experimentAs: async ({ role }) => {
      let user = team!.user;
      if (role === 'member') {
        user = await createBackendUser('Mia');
        await joinWorkspace(team!.client, team!.workspaceId, user, 'MEMBER');
      }
      await api.team.signInWithPassword(user.email, user.password);
      return vscode.commands.executeCommand('promptstack.showExperiment', experimentId);
    },
    /**
     * Answers the extension's next confirmation with its button `button` (the workbench's modal
     * dialog is not in the page Playwright drives); resolves with the question once it was asked.
     */
    confirmNext: async ({ button }) => {
      const asked = new Promise<string>((resolve) =>
        api.team.setUi({
          choose: async (message, _options, ...buttons) => {
            api.team.setUi(undefined);
            resolve(`${message} [${buttons.join(' | ')}]`);
            return buttons.includes(button) ? button : undefined;
          },
        }),
      );
      pendingQuestion = asked;
      return {};
    },
    /** The question `confirmNext` answered. */
    question: () => pendingQuestion ?? Promise.reject(new Error('no confirmNext is pending')),
    /** Opens a fixture file in the given column (hides a webview showing there). */
    open: async (args) => {
      await vscode.window.showTextDocument(fixtureUri(args.file), { viewColumn: args.column, preview: false });
      return {};
    },
    command: async (args) => {
      await vscode.commands.executeCommand(args.id);
      return {};
    },
    /** The `nth` (1-based) request of `type` a panel sent. */
    request: async ({ panel, type, nth = 1 }) => {
      const matching = () => requests.seen.filter((r) => r.panel === panel && r.request.type === type);
      if (matching().length < nth) await requests.until(() => matching().length >= nth);
      return matching()[nth - 1];
    },
    /** How many requests of `type` a panel has sent so far. */
    count: async ({ panel, type }) => requests.seen.filter((r) => r.panel === panel && r.request.type === type).length,
    /** The first message of `type` the extension delivered to a panel. */
    posted: async ({ panel, type }) => posted.until((m) => m.panel === panel && m.message.type === type),
  };

  let reply: unknown = { hello: true };
  try {
    for (;;) {
      const response = await fetch(`${control}/next`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply) });
      const next = (await response.json()) as Operation;
      if (next.op === 'done') break;
      const operation = operations[next.op];
      try {
        if (!operation) throw new Error(`unknown operation ${next.op}`);
        reply = { ok: true, value: (await operation(next.args ?? {})) ?? null };
      } catch (error) {
        reply = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
    }
  } finally {
    requests.dispose();
    posted.dispose();
    await stopProvider(provider);
  }
}
