/**
 * `promptstack.showAnalytics`: picks a workspace (a single one is taken without asking), opens
 * its analytics page and fills it from the backend; the page's period buttons ask again.
 * One panel per workspace, under a `promptstack-analytics:/<workspaceId>/<name>` URI (the name
 * last, so the panel's title reads "PromptStack analytics: <name>").
 */
import * as vscode from 'vscode';
import { toApiError } from '../team/api/errors.ts';
import type { PromptStackContext } from '../context.ts';
import { runServices } from '../run/runServices.ts';
import { PanelRegistry, type PanelHost } from '../webviews/panelHost.ts';
import type { AnalyticsData, AnalyticsPanelMessage, AnalyticsPanelRequest, AnalyticsSource } from '../webviews/protocol.ts';
import { ANALYTICS_PERIODS, loadAnalytics } from './loadAnalytics.ts';

/** The URI scheme naming a workspace's analytics panel. */
export const ANALYTICS_SCHEME = 'promptstack-analytics';

type Host = PanelHost<AnalyticsPanelMessage, AnalyticsPanelRequest>;

/** The command factory: registers the panel registry and returns the command handler. */
export function analyticsCommand(ctx: PromptStackContext): (workspaceId?: string, source?: AnalyticsSource) => Promise<AnalyticsData | undefined> {
  const { team } = ctx;
  const services = runServices(ctx);
  const panels = new PanelRegistry<AnalyticsPanelMessage, AnalyticsPanelRequest>(
    ctx.extensionContext.extensionUri,
    { viewType: 'analytics', title: 'PromptStack analytics' },
    (uri, message) => services.webviewMessages.fire({ panel: 'analytics', uri: uri.toString(), message }),
    (host, request) => {
      services.webviewRequests.fire({ panel: 'analytics', uri: host.uri.toString(), request });
      if (request.type === 'refresh') void fill(host, request.days, request.source);
    },
  );
  services.analyticsReceiver = (uri, request) => panels.receive(uri, request);
  ctx.subscriptions.push(panels);

  /** Loads and posts the workspace's figures; errors reach the page (and the caller gets undefined). */
  async function fill(host: Host, days: number, source: AnalyticsSource = 'test'): Promise<AnalyticsData | undefined> {
    const [, id = '', name = ''] = host.uri.path.split('/');
    const workspace = { id, name };
    host.post({ type: 'loading', workspace, days, source });
    try {
      const data = await loadAnalytics(team.client(), workspace, days, source);
      host.post({ type: 'analytics', data });
      return data;
    } catch (error) {
      host.post({ type: 'error', message: toApiError(error, 'this workspace', team.deps.backendUrl()).message });
      return undefined;
    }
  }

  return async (workspaceId?: string, source: AnalyticsSource = 'test') => {
    if (!(await team.deps.ensureSignedIn())) return undefined;
    let workspaces: { id: string; name: string }[];
    try {
      workspaces = await team.client().workspaces.list.query();
    } catch (error) {
      team.ui.error(toApiError(error, 'your workspaces', team.deps.backendUrl()).message);
      return undefined;
    }
    const workspace = workspaceId
      ? workspaces.find((w) => w.id === workspaceId)
      : workspaces.length === 1
        ? workspaces[0]
        : await team.ui.pick(
            workspaces.map((w) => ({ label: w.name, id: w.id, name: w.name })),
            { title: 'PromptStack analytics: workspace' },
          );
    if (!workspace) {
      if (workspaceId) team.ui.error(`You are not a member of workspace ${workspaceId}`);
      else if (workspaces.length === 0) team.ui.error('You are not a member of any PromptStack workspace');
      return undefined;
    }
    const uri = vscode.Uri.from({ scheme: ANALYTICS_SCHEME, path: `/${workspace.id}/${workspace.name.replace(/\//g, '-')}` });
    return fill(panels.show(uri), ANALYTICS_PERIODS[0], source);
  };
}
