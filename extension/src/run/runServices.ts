/**
 * The run side's shared state, hung off the extension's context: key store, run history,
 * remembered inputs, the results panels, runs in flight (for cancel) and the events tests observe.
 * Created once per context (`runServices(ctx)`), so command factories stay `(ctx) => handler`.
 */
import * as vscode from 'vscode';
import { toApiError } from '../team/api/errors.ts';
import type { PromptStackContext } from '../context.ts';
import type { Team } from '../team/team.ts';
import { PanelRegistry, type PanelHost } from '../webviews/panelHost.ts';
import type {
  AbPanelMessage,
  AbPanelRequest,
  AnalyticsPanelRequest,
  ExperimentPanelRequest,
  PostedWebviewMessage,
  RunPanelMessage,
  RunPanelRequest,
  RunView,
} from '../webviews/protocol.ts';
import { ApiKeyStore } from './apiKeys.ts';
import { InputMemory } from './inputMemory.ts';
import { createLocalRunTarget } from './localRunTarget.ts';
import { RunHistory } from './runHistory.ts';
import type { RunTarget } from './runTarget.ts';

/** A request a webview sent, as the test API reports it. */
export type ReceivedWebviewRequest =
  | { panel: 'runResults'; uri: string; request: RunPanelRequest }
  | { panel: 'abResults'; uri: string; request: AbPanelRequest }
  | { panel: 'analytics'; uri: string; request: AnalyticsPanelRequest }
  | { panel: 'experiment'; uri: string; request: ExperimentPanelRequest };

/** Handles requests from A/B panels (set by the A/B module, which owns the running tests). */
export type AbRequestHandler = (host: PanelHost<AbPanelMessage, AbPanelRequest>, request: AbPanelRequest) => void;

/** Everything the run commands, CodeLens, panels and Test Explorer share. */
export interface RunServices {
  readonly ctx: PromptStackContext;
  readonly keys: ApiKeyStore;
  readonly history: RunHistory;
  readonly inputs: InputMemory;
  readonly runPanels: PanelRegistry<RunPanelMessage, RunPanelRequest>;
  readonly abPanels: PanelRegistry<AbPanelMessage, AbPanelRequest>;
  /** Runs in flight by run id, so the page's Cancel can abort them. */
  readonly inFlight: Map<string, AbortController>;
  readonly webviewMessages: vscode.EventEmitter<PostedWebviewMessage>;
  readonly webviewRequests: vscode.EventEmitter<ReceivedWebviewRequest>;
  /** Handlers of A/B page requests by owner ('local' in abTest.ts, 'backend' in backendAbTest.ts); each ignores tests not its own. */
  readonly abRequestHandlers: Map<string, AbRequestHandler>;
  /** The team side (sign-in, backend client): the context's. */
  readonly team: Team;
  /** Delivers a request to the analytics panel of `uri` as if its page sent it (set by the analytics module). */
  analyticsReceiver: ((uri: vscode.Uri, request: AnalyticsPanelRequest) => boolean) | undefined;
  /** Delivers a request to the experiment panel of `uri` as if its page sent it (set by the experiments module). */
  experimentReceiver: ((uri: vscode.Uri, request: ExperimentPanelRequest) => boolean) | undefined;
  /** The local target: runs straight to the provider. */
  readonly local: RunTarget;
  /** The target of runs that are not of one linked file (local A/B tests, Test Explorer): local. */
  target(): RunTarget;
}

const byContext = new WeakMap<PromptStackContext, RunServices>();

/** The run services of this activation, created on first use. */
export function runServices(ctx: PromptStackContext): RunServices {
  let services = byContext.get(ctx);
  if (!services) {
    services = createRunServices(ctx);
    byContext.set(ctx, services);
  }
  return services;
}

function createRunServices(ctx: PromptStackContext): RunServices {
  const { extensionContext } = ctx;
  const keys = new ApiKeyStore(extensionContext.secrets);
  const history = new RunHistory(extensionContext.workspaceState);
  const webviewMessages = new vscode.EventEmitter<PostedWebviewMessage>();
  const webviewRequests = new vscode.EventEmitter<ReceivedWebviewRequest>();
  const inFlight = new Map<string, AbortController>();
  const local = createLocalRunTarget(ctx, keys);

  const runPanels = new PanelRegistry<RunPanelMessage, RunPanelRequest>(
    extensionContext.extensionUri,
    { viewType: 'runResults', title: 'Run' },
    (uri, message) => webviewMessages.fire({ panel: 'runResults', uri: uri.toString(), message }),
    (host, request) => {
      webviewRequests.fire({ panel: 'runResults', uri: host.uri.toString(), request });
      void handleRunRequest(host, request);
    },
  );
  const services: RunServices = {
    ctx,
    keys,
    history,
    inputs: new InputMemory(extensionContext.workspaceState),
    runPanels,
    abPanels: new PanelRegistry<AbPanelMessage, AbPanelRequest>(
      extensionContext.extensionUri,
      { viewType: 'abResults', title: 'A/B test' },
      (uri, message) => webviewMessages.fire({ panel: 'abResults', uri: uri.toString(), message }),
      (host, request) => {
        webviewRequests.fire({ panel: 'abResults', uri: host.uri.toString(), request });
        for (const handler of services.abRequestHandlers.values()) handler(host, request);
      },
    ),
    inFlight,
    webviewMessages,
    webviewRequests,
    abRequestHandlers: new Map(),
    team: ctx.team,
    analyticsReceiver: undefined,
    experimentReceiver: undefined,
    local,
    target: () => local,
  };
  ctx.subscriptions.push(webviewMessages, webviewRequests, runPanels, services.abPanels);

  async function handleRunRequest(host: PanelHost<RunPanelMessage, RunPanelRequest>, request: RunPanelRequest): Promise<void> {
    switch (request.type) {
      case 'ready':
        host.post({ type: 'history', runs: history.list(host.uri) });
        return;
      case 'rate': {
        const run = history.list(host.uri).find((r) => r.runId === request.runId);
        // A recorded run is rated on the backend first: the team's copy is the one that counts.
        if (run?.recorded && !(await rateOnBackend(run.recorded, request.rating, request.feedback))) return;
        if (await history.rate(host.uri, request.runId, request.rating, request.feedback)) {
          host.post({ type: 'history', runs: history.list(host.uri) });
        }
        return;
      }
      case 'cancel':
        inFlight.get(request.runId)?.abort();
        return;
      case 'rerun':
        await vscode.commands.executeCommand('promptstack.run', host.uri);
        return;
    }
  }
  /** Sets the rating of a recorded run; false (and the reason shown) when the backend refused. */
  async function rateOnBackend(recorded: NonNullable<RunView['recorded']>, rating: number, feedback: string): Promise<boolean> {
    const team = services.team;
    if (!team) return false;
    try {
      await team.client().runs.rate.mutate({ id: recorded.promptId, runId: recorded.runId, rating, feedback: feedback.trim() || null });
      return true;
    } catch (error) {
      team.ui.error(`PromptStack: the rating was not saved. ${toApiError(error, 'this prompt', team.deps.backendUrl()).message}`);
      return false;
    }
  }
  return services;
}
