/**
 * The lenses above a prompt (line 0): Run, Run with..., A/B test, and the estimated cost of a run
 * with the file's remembered input, as the language server works it out (`promptstack/promptInfo`:
 * input tokens from the messages rendered with partials, output up to the configured budget).
 * For a prompt linked to the backend, while signed in, one more lens says what it does in
 * production (productionFigures.ts), and one per live experiment of a split label
 * (experiments/experimentText.ts), which opens the experiment's page. They are asked for again whenever the server has analysed a
 * new version, and when the session changes.
 */
import * as vscode from 'vscode';
import { readLinkedId } from '@promptstack/core/format/syncFields';
import type { PromptStackContext } from '../context.ts';
import { experimentLensTitle } from '../experiments/experimentText.ts';
import { requestPromptInfo, type PromptCostInfo } from '../promptInfo.ts';
import { runServices } from '../run/runServices.ts';
import { toApiError } from '../team/api/errors.ts';
import { PRODUCTION_WINDOW_DAYS, ProductionFiguresCache, productionLensTitle } from './productionFigures.ts';

/** Shows cost as dollars with enough digits to be non-zero for small prompts. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(2).replace(/0+$/, '').replace(/\.$/, '')}`;
}

/** Provides the run lenses for `dotprompt` documents. */
export class PromptCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly production: ProductionFiguresCache;

  constructor(private readonly ctx: PromptStackContext) {
    this.production = new ProductionFiguresCache(() => ctx.team.client());
    ctx.subscriptions.push(
      this.changed,
      ctx.analysisReady.event(() => this.refresh()),
      ctx.team.auth.onDidChangeSessions(() => {
        this.production.clear();
        this.refresh();
      }),
    );
  }

  /** Re-asks VS Code for lenses (after the remembered input changes the estimate). */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const range = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(range, { title: '$(play) Run', command: 'promptstack.run', arguments: [document.uri], tooltip: 'Run this prompt (Ctrl+Alt+Enter)' }),
      new vscode.CodeLens(range, {
        title: 'Run with...',
        command: 'promptstack.runWith',
        arguments: [document.uri],
        tooltip: 'Pick the input: defaults, a test case, or type values',
      }),
      new vscode.CodeLens(range, {
        title: 'A/B test',
        command: 'promptstack.abTest',
        arguments: [document.uri],
        tooltip: 'Compare with another model or prompt variant',
      }),
    ];
    lenses.push(new vscode.CodeLens(range, await this.costCommand(document)));
    for (const command of await this.productionCommands(document)) lenses.push(new vscode.CodeLens(range, command));
    return lenses;
  }

  /**
   * The production line of a linked prompt while signed in, then one line per running experiment
   * (a split label); none otherwise.
   */
  private async productionCommands(document: vscode.TextDocument): Promise<vscode.Command[]> {
    const promptId = readLinkedId(document.getText());
    if (!promptId || !this.ctx.team.deps.signedIn()) return [];
    const tooltip = `Generations logged by applications over the last ${PRODUCTION_WINDOW_DAYS} days (PromptStack SDK)`;
    try {
      const figures = await this.production.get(promptId);
      return [
        { title: productionLensTitle(figures, formatUsd), command: 'promptstack.showAnalytics', arguments: [figures.workspaceId, 'production'], tooltip },
        ...figures.experiments.map((results) => ({
          title: experimentLensTitle(results),
          command: 'promptstack.showExperiment',
          arguments: [results.experiment.id],
          tooltip: 'Live experiment: always-valid sequential test against the control, safe to read at any time. Click for the experiment over time.',
        })),
      ];
    } catch (error) {
      return [{ title: 'production: n/a', command: '', tooltip: toApiError(error, 'this prompt', this.ctx.team.deps.backendUrl()).message }];
    }
  }

  private async costCommand(document: vscode.TextDocument): Promise<vscode.Command> {
    const input = runServices(this.ctx).inputs.get(document.uri) ?? {};
    let estimate: PromptCostInfo;
    try {
      estimate = (await requestPromptInfo(this.ctx, document, input)).cost;
    } catch (error) {
      estimate = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    // An empty command id makes a lens that shows text and does nothing when clicked.
    if (!estimate.ok) return { title: 'cost: n/a', command: '', tooltip: `No estimate: ${estimate.message}` };
    if (!estimate.priced) return { title: 'cost: unpriced model', command: '', tooltip: `${estimate.model} has no catalog price` };
    return {
      title: `~${formatUsd(estimate.minUsd)}–${formatUsd(estimate.maxUsd)}`,
      command: '',
      tooltip: `Estimated cost on ${estimate.model}: ~${estimate.inputTokens} input tokens (${formatUsd(estimate.minUsd)}) plus up to ${estimate.maxOutputTokens} output tokens (${formatUsd(estimate.maxUsd)} at most)`,
    };
  }
}
