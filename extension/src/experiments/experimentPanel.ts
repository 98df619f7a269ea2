/**
 * `promptstack.showExperiment`: the page of a live experiment (the CodeLens of a split label opens
 * it): arms, per-arm figures, the sequential and fixed-horizon results, the confidence sequence
 * over time, and Stop / Promote for the roles allowed. Stop and Promote ask for confirmation here,
 * in the extension, before anything moves; the page is then read again. One panel per experiment,
 * under a `promptstack-experiment:/<experimentId>/<prompt> (<label>)` URI (the title's last part).
 */
import * as vscode from 'vscode';
import type { PromptStackContext } from '../context.ts';
import { runServices } from '../run/runServices.ts';
import { toApiError } from '../team/api/errors.ts';
import { PanelRegistry, type PanelHost } from '../webviews/panelHost.ts';
import type { ExperimentData, ExperimentPanelMessage, ExperimentPanelRequest } from '../webviews/protocol.ts';
import { loadExperiment } from './loadExperiment.ts';

/** The URI scheme naming an experiment's panel. */
export const EXPERIMENT_SCHEME = 'promptstack-experiment';

type Host = PanelHost<ExperimentPanelMessage, ExperimentPanelRequest>;

/** The command factory: registers the panel registry and returns the handler (resolves with what the page was sent). */
export function showExperimentCommand(ctx: PromptStackContext): (experimentId?: string) => Promise<ExperimentData | undefined> {
  const { team } = ctx;
  const services = runServices(ctx);
  const panels = new PanelRegistry<ExperimentPanelMessage, ExperimentPanelRequest>(
    ctx.extensionContext.extensionUri,
    { viewType: 'experiment', title: 'Live experiment' },
    (uri, message) => services.webviewMessages.fire({ panel: 'experiment', uri: uri.toString(), message }),
    (host, request) => {
      services.webviewRequests.fire({ panel: 'experiment', uri: host.uri.toString(), request });
      void handle(host, request);
    },
  );
  services.experimentReceiver = (uri, request) => panels.receive(uri, request);
  ctx.subscriptions.push(panels);

  const experimentIdOf = (host: Host) => host.uri.path.split('/')[1] ?? '';
  const say = (error: unknown, what = 'this experiment') => toApiError(error, what, team.deps.backendUrl()).message;

  /** Reads the experiment and posts it; errors reach the page (and the caller gets undefined). */
  async function fill(host: Host, experimentId: string): Promise<ExperimentData | undefined> {
    host.post({ type: 'loading', experimentId });
    try {
      const data = await loadExperiment(team.client(), experimentId);
      host.post({ type: 'experiment', data });
      return data;
    } catch (error) {
      host.post({ type: 'error', message: say(error) });
      return undefined;
    }
  }

  async function handle(host: Host, request: ExperimentPanelRequest): Promise<void> {
    const id = experimentIdOf(host);
    if (request.type === 'refresh') return void (await fill(host, id));
    if (request.type !== 'stop' && request.type !== 'promote') return;
    let data: ExperimentData;
    try {
      data = await loadExperiment(team.client(), id);
    } catch (error) {
      return host.post({ type: 'error', message: say(error) });
    }
    const { experiment, arms } = data.results;
    const control = arms.find((arm) => arm.isControl)?.versionNumber;
    const label = experiment.labelName;
    const question =
      request.type === 'stop'
        ? {
            message: `Stop the experiment on ${label}?`,
            detail: `${label} goes back to the control, v${control}, alone. The results are kept.`,
            button: 'Stop Experiment',
          }
        : {
            message: `Promote v${request.version} on ${label}?`,
            detail: `${label} points at v${request.version} alone and the experiment ends with it as the winner.`,
            button: `Promote v${request.version}`,
          };
    if ((await team.ui.choose(question.message, { modal: true, detail: question.detail }, question.button)) !== question.button) return;
    try {
      if (request.type === 'stop') {
        const stopped = await team.client().experimentResults.stop.mutate({ id, reason: 'Stopped from the editor' });
        host.post({
          type: 'done',
          message: stopped.labelReverted ? `Stopped: ${label} points at v${control} alone again.` : `Stopped (${label} had already been moved elsewhere).`,
        });
      } else {
        await team.client().experiments.promote.mutate({ id, version: request.version, reason: 'Promoted from the editor' });
        host.post({ type: 'done', message: `Promoted: ${label} points at v${request.version} alone.` });
      }
    } catch (error) {
      // Both move the label, so a refusal is about the label (a protected one needs an Admin): the backend's words say whom to ask.
      const message = say(error, `the ${label} label`);
      team.ui.error(message);
      host.post({ type: 'error', message });
    }
    team.history.refresh();
    await fill(host, id);
  }

  return async (experimentId?: string) => {
    if (!experimentId) return void team.ui.error('Open a live experiment from the CodeLens above a prompt whose label splits its traffic');
    if (!(await team.deps.ensureSignedIn())) return undefined;
    let data: ExperimentData;
    try {
      data = await loadExperiment(team.client(), experimentId);
    } catch (error) {
      team.ui.error(say(error));
      return undefined;
    }
    const name = `${data.promptName} (${data.results.experiment.labelName})`.replace(/\//g, '-');
    const host = panels.show(vscode.Uri.from({ scheme: EXPERIMENT_SCHEME, path: `/${experimentId}/${name}` }));
    host.post({ type: 'experiment', data });
    return data;
  };
}
