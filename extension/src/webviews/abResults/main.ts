/**
 * The A/B results page: progress while the runs come in, per-variant metrics, the verdict on every
 * metric with its confidence interval, histograms of latency and cost (chart.js), and a
 * "Choose winner" button per variant. State is saved with `setState` across hide/show.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { AbPanelMessage, AbPanelRequest, VariantSamples } from '../protocol.ts';
import { seriesColours, themeColour } from '../shared/charts.ts';
import { h, ms, usd } from '../shared/dom.ts';
import { vscodeApi } from '../shared/vscodeApi.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

type Started = Extract<AbPanelMessage, { type: 'abStarted' }>;
type Result = Extract<AbPanelMessage, { type: 'abResult' }>;

interface State {
  started?: Started;
  progress?: { done: number; total: number; variants: VariantSamples[] };
  result?: Result;
  winner?: string;
  /** Backend winners: the label that moved, e.g. "production now points at v3". */
  movedLabel?: { name: string; versionNumber: number };
}

const BINS = 10;
const vscode = vscodeApi<State, AbPanelRequest>();
let state: State = vscode.getState() ?? {};
const app = document.getElementById('app')!;
const charts: Chart[] = [];

window.addEventListener('message', (event: MessageEvent<AbPanelMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'abStarted':
      state = { started: message };
      break;
    case 'abProgress':
      if (message.testId !== state.started?.testId) return;
      state.progress = { done: message.done, total: message.total, variants: message.variants };
      break;
    case 'abResult':
      state.result = message;
      break;
    case 'winnerChosen':
      if (message.testId === state.result?.testId) {
        state.winner = message.variant;
        state.movedLabel = message.movedLabel;
      }
      break;
  }
  vscode.setState(state);
  render();
});

function render(): void {
  charts.splice(0).forEach((chart) => chart.destroy());
  if (!state.started) return void app.replaceChildren(h('p', { className: 'muted' }, "Start an A/B test from the prompt's CodeLens."));
  const variants = state.result?.variants ?? state.progress?.variants ?? [];
  const total = state.progress?.total ?? state.started.runsPerVariant * state.started.variants.length;
  const done = state.progress?.done ?? 0;
  app.replaceChildren(
    h(
      'div',
      {},
      h('h2', {}, `A/B test: ${state.started.variants.map((v) => `${v.id} = ${v.label}`).join(' vs ')}`),
      h(
        'p',
        { className: 'muted', 'data-testid': 'where' },
        `Deciding on ${state.started.primaryMetric}; ${state.started.runsPerVariant} runs per variant; ${state.started.recorded ? 'on PromptStack (recorded for your team)' : 'run locally from VS Code'}.`,
      ),
      state.result ? null : h('div', {}, h('vscode-progress-bar', { value: done, max: total }), h('p', {}, `${done} of ${total} runs finished`)),
      variantTable(variants),
      state.result ? verdict(state.result) : null,
      chartBlock('Latency (ms)', variants, (v) => v.latencyMs, ms),
      chartBlock('Cost (USD)', variants, (v) => v.costUsd, usd),
    ),
  );
}

function variantTable(variants: VariantSamples[]): HTMLElement {
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
  const headings = ['Variant', 'Runs', 'Success', hasBackendStats(variants) ? 'Latency p50 / p95' : 'Mean latency', 'Mean cost'] as const;
  // Labelled cells: in a narrow panel each row becomes a card whose lines name their figure.
  const cell = (index: number, value: string | number) => h('td', { className: 'cell', 'data-label': index > 0 ? headings[index] : undefined }, value);
  return h(
    'table',
    { className: 'fits-narrow', style: 'border-collapse:collapse;margin:8px 0' },
    h('tr', {}, ...[...headings, ''].map((t) => h('th', {}, t))),
    ...variants.map((v) => {
      const runs = v.successes + v.failures;
      const latency = v.stats ? null : mean(v.latencyMs);
      const cost = v.stats ? v.stats.meanCostUsd : mean(v.costUsd);
      return h(
        'tr',
        { 'data-variant': v.id },
        cell(0, `${v.id}: ${v.label}`),
        cell(1, runs),
        cell(2, runs ? `${Math.round((100 * v.successes) / runs)}%` : ''),
        cell(3, v.stats ? percentiles(v.stats) : latency === null ? '' : ms(latency)),
        cell(4, cost === null ? '' : usd(cost)),
        h(
          'td',
          { className: 'cell' },
          state.result
            ? state.winner === v.id
              ? h('vscode-badge', {}, 'winner')
              : h(
                  'vscode-button',
                  {
                    secondary: state.result.winner !== v.id,
                    onClick: () => vscode.postMessage({ type: 'chooseWinner', testId: state.result!.testId, variant: v.id }),
                  },
                  'Choose winner',
                )
            : null,
        ),
      );
    }),
  );
}

/** Whether the figures are the backend's summaries (p50/p95) rather than single-run samples. */
function hasBackendStats(variants: VariantSamples[]): boolean {
  return variants.some((v) => v.stats);
}

function percentiles(stats: NonNullable<VariantSamples['stats']>): string {
  return stats.latencyP50Ms === null ? '' : `${ms(stats.latencyP50Ms)} / ${stats.latencyP95Ms === null ? 'n/a' : ms(stats.latencyP95Ms)}`;
}

/**
 * The recommendation and one line per comparison. Core's summary already states the difference
 * with its confidence interval in the metric's own unit (percentage points for success rate,
 * ms, USD) and the Holm-adjusted p when several comparisons were made, so the line is that
 * summary alone: adding the raw interval again printed it twice, once as a fraction.
 */
function verdict(result: Result): HTMLElement {
  return h(
    'section',
    {},
    h('h3', {}, 'Verdict'),
    h('p', { 'data-testid': 'recommendation' }, result.recommendation),
    ...result.problems.map((p) => h('p', { className: 'error' }, p)),
    state.winner && state.movedLabel
      ? h('p', { 'data-testid': 'moved-label' }, `${state.winner} chosen: ${state.movedLabel.name} now points at version ${state.movedLabel.versionNumber}.`)
      : null,
    h('ul', {}, ...result.comparisons.map((c) => h('li', {}, h('b', {}, `${metricLabel(c.metric)}: `), c.summary))),
  );
}

/** What each metric is called on the page (the comparison carries its key). */
const METRIC_LABELS: Readonly<Record<string, string>> = { successRate: 'Success rate', latency: 'Latency', cost: 'Cost', rating: 'Rating' };

function metricLabel(metric: string): string {
  return METRIC_LABELS[metric] ?? metric;
}

/** A histogram per variant over shared bins, so the two distributions can be compared by eye. */
function chartBlock(title: string, variants: VariantSamples[], values: (v: VariantSamples) => number[], format: (n: number) => string): HTMLElement | null {
  const all = variants.flatMap(values);
  if (all.length === 0) return null;
  const min = Math.min(...all);
  const width = (Math.max(...all) - min) / BINS || 1;
  const labels = Array.from({ length: BINS }, (_, i) => format(min + i * width));
  const colours = seriesColours();
  const canvas = h('canvas', { height: 160 }) as HTMLCanvasElement;
  charts.push(
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels,
        datasets: variants.map((v, i) => {
          const counts = new Array<number>(BINS).fill(0);
          for (const value of values(v)) counts[Math.min(BINS - 1, Math.floor((value - min) / width))]!++;
          return { label: v.id, data: counts, backgroundColor: colours[i % colours.length] };
        }),
      },
      options: {
        animation: false,
        color: themeColour('--vscode-foreground', '#ccc'),
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    }),
  );
  return h('section', {}, h('h3', {}, title), h('div', { style: 'max-width:640px' }, canvas));
}

render();
vscode.postMessage({ type: 'ready' });
