/** `promptstack.abTest`: picks variant B, the number of runs and the metric, then runs the A/B test. */
import { AB_METRICS, type AbMetric } from '@promptstack/core/stats/types';
import * as vscode from 'vscode';
import type { PromptStackContext } from '../context.ts';
import { promptModel } from '../promptInfo.ts';
import type { AbPanelMessage } from '../webviews/protocol.ts';
import { readLinkedId } from '@promptstack/core/format/syncFields';
import type { Team } from '../team/team.ts';
import { runAbTest, variantB, type AbVariantSpec } from './abTest.ts';
import { runBackendAbTest, type BackendAbVariant } from './backendAbTest.ts';
import { isBackendTarget } from './backendRunTarget.ts';
import { chooseRunTarget } from './chooseRunTarget.ts';
import type { RunServices } from './runServices.ts';
import { isKeyProvider } from './apiKeys.ts';
import { targetDocument } from './commands.ts';
import { loadEngine } from './loadEngine.ts';
import { runServices } from './runServices.ts';

/** Arguments that skip the pickers (scripts and tests). */
export interface AbTestArgs {
  model?: string;
  file?: vscode.Uri;
  runs?: number;
  metric?: AbMetric;
  /** Where to run it; asked when signed in and the file is linked, else local. */
  where?: AbWhere;
}

/** Where an A/B test runs. */
export type AbWhere = 'backend' | 'local';

/** The choices of where to run, as the picker shows them. */
export const AB_WHERE_LABELS: Record<AbWhere, string> = { backend: 'On PromptStack (recorded)', local: 'Locally, from VS Code' };

/** Runs per variant offered by default: the analysis's minimum sample for a verdict. */
const DEFAULT_RUNS = 10;

const METRIC_LABELS: Record<AbMetric, string> = {
  successRate: 'Success rate',
  schemaValidRate: 'Schema-valid rate (JSON output)',
  latency: 'Latency',
  cost: 'Cost',
  rating: 'Rating',
};

/** The command factory. */
export function abTestCommand(ctx: PromptStackContext) {
  return async (uri?: vscode.Uri, args: AbTestArgs = {}): Promise<Extract<AbPanelMessage, { type: 'abResult' }> | undefined> => {
    // Waits for a stored session to be read, so a signed-in user is offered PromptStack at once.
    await runServices(ctx).team?.auth.ready;
    const document = await targetDocument(uri);
    if (!document) return undefined;
    const services = runServices(ctx);
    const engine = loadEngine(ctx.extensionContext);
    const source = document.getText();
    const team = services.team;
    const canUseBackend = team?.auth.current() !== undefined && readLinkedId(source) !== undefined;
    const where = args.where ?? (canUseBackend && team ? await pickWhere(team) : 'local');
    if (!where) return undefined;
    let modelA: string;
    try {
      modelA = await promptModel(ctx, document);
    } catch (error) {
      void vscode.window.showErrorMessage(`PromptStack: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    const choice = args.model ? { model: args.model } : args.file ? { file: args.file } : await pickVariant(engine, document.uri, modelA);
    if (!choice) return undefined;
    const b = await variantB(document.uri, source, choice);
    if (!b) {
      void vscode.window.showErrorMessage('PromptStack: the second prompt file could not be read.');
      return undefined;
    }
    const runs = args.runs ?? (await askRuns());
    if (runs === undefined) return undefined;
    const metric = args.metric ?? (await pickMetric());
    if (!metric) return undefined;
    const name = document.uri.path.split('/').pop()!;
    const a = { id: 'A', label: `${name} (${modelA})`, uri: document.uri, source };
    if (where === 'backend' && team) {
      const onBackend = await backendPlan(services, team, document, a.label, b);
      if (onBackend === 'cancelled') return undefined;
      // `local`: the user chose "Run locally" at the unpushed-edits question.
      if (onBackend !== 'local')
        return runBackendAbTest(services, team, document.uri, { a: onBackend.a, b: onBackend.b, runsPerVariant: runs, primaryMetric: metric });
    }
    return runAbTest(services, document.uri, { variants: [a, b], runsPerVariant: runs, primaryMetric: metric });
  };
}

/** Asks where to run the test; undefined when dismissed. */
async function pickWhere(team: Team): Promise<AbWhere | undefined> {
  const items = (['backend', 'local'] as const).map((where) => ({ label: AB_WHERE_LABELS[where], where }));
  return (await team.ui.pick(items, { title: 'A/B test: run where?', placeHolder: 'On PromptStack the runs are recorded for your team' }))?.where;
}

/**
 * The stored versions both variants run on PromptStack. A is this file (its unpushed edits asked
 * about as for a run); B is a model override of A's version, or another file that must be linked.
 */
async function backendPlan(
  services: RunServices,
  team: Team,
  document: vscode.TextDocument,
  labelA: string,
  b: AbVariantSpec,
): Promise<{ a: BackendAbVariant; b: BackendAbVariant } | 'local' | 'cancelled'> {
  const targetA = await chooseRunTarget(team, services.local, document);
  if (!targetA) return 'cancelled';
  if (!isBackendTarget(targetA)) return 'local';
  const a = { label: labelA, link: targetA.link };
  if (b.model) return { a, b: { label: b.label, link: targetA.link, model: b.model } };
  const other = await vscode.workspace.openTextDocument(b.uri);
  if (!readLinkedId(other.getText())) {
    team.ui.error(`PromptStack: ${b.label} is not linked to a PromptStack prompt; link and push it to compare on PromptStack, or run the A/B test locally.`);
    return 'cancelled';
  }
  const targetB = await chooseRunTarget(team, services.local, other);
  if (!targetB) return 'cancelled';
  if (!isBackendTarget(targetB)) return 'local';
  return { a, b: { label: b.label, link: targetB.link } };
}

async function pickVariant(
  engine: ReturnType<typeof loadEngine>,
  uri: vscode.Uri,
  modelA: string,
): Promise<{ model: string } | { file: vscode.Uri } | undefined> {
  type Item = vscode.QuickPickItem & { model?: string; file?: vscode.Uri };
  const files = (await vscode.workspace.findFiles('**/*.prompt', '**/node_modules/**', 200)).filter(
    (f) => f.toString() !== uri.toString() && !f.path.split('/').pop()!.startsWith('_'),
  );
  const items: Item[] = [
    { label: 'Another model', kind: vscode.QuickPickItemKind.Separator },
    // The featured models of the providers a key can be set for: the whole catalog is too long to pick from.
    ...engine
      .listModels()
      .filter((m) => isKeyProvider(m.provider) && m.featured)
      .map((m) => ({ label: engine.qualifiedModelId(m), description: m.displayName, model: engine.qualifiedModelId(m) }))
      .filter((item) => item.model !== modelA),
    { label: 'Another prompt file or variant', kind: vscode.QuickPickItemKind.Separator },
    ...files.map((file) => ({ label: vscode.workspace.asRelativePath(file), file })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'A/B test: variant B', placeHolder: `A is this file on ${modelA}` });
  if (picked?.model) return { model: picked.model };
  if (picked?.file) return { file: picked.file };
  return undefined;
}

async function askRuns(): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'A/B test: runs per variant',
    value: String(DEFAULT_RUNS),
    validateInput: (value) => (/^\d+$/.test(value) && Number(value) >= 2 && Number(value) <= 500 ? undefined : 'A whole number from 2 to 500'),
  });
  return text === undefined ? undefined : Number(text);
}

async function pickMetric(): Promise<AbMetric | undefined> {
  const picked = await vscode.window.showQuickPick(
    AB_METRICS.filter((m) => m !== 'rating').map((metric) => ({ label: METRIC_LABELS[metric], metric })),
    { title: 'A/B test: decide on', placeHolder: 'The metric the verdict is about' },
  );
  return picked?.metric;
}
