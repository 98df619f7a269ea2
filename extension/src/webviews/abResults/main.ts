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
      if (message.testId === state.result?.testId) state.winner = message.variant;
      break;
  }
  vscode.setState(state);
  render();
});

function render(): void {
  charts.splice(0).forEach((chart) => chart.destroy());
  if (!state.started) return void app.replaceChildren(h('p', { className: 'muted' }, 'Start an A/B test from the prompt\'s CodeLens.'));
  const variants = state.result?.variants ?? state.progress?.variants ?? [];
  const total = state.progress?.total ?? state.started.runsPerVariant * state.started.variants.length;
  const done = state.progress?.done ?? 0;
  app.replaceChildren(h('div', {},
    h('h2', {}, `A/B test: ${state.started.variants.map((v) => `${v.id} = ${v.label}`).join(' vs ')}`),
    h('p', { className: 'muted' }, `Deciding on ${state.started.primaryMetric}; ${state.started.runsPerVariant} runs per variant.`),
    state.result ? null : h('div', {}, h('vscode-progress-bar', { value: done, max: total }), h('p', {}, `${done} of ${total} runs finished`)),
    variantTable(variants),
    state.result ? verdict(state.result) : null,
    chartBlock('Latency (ms)', variants, (v) => v.latencyMs, ms),
    chartBlock('Cost (USD)', variants, (v) => v.costUsd, usd),
  ));
}

function variantTable(variants: VariantSamples[]): HTMLElement {
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
  return h('table', { style: 'border-collapse:collapse;margin:8px 0' },
    h('tr', {}, ...['Variant', 'Runs', 'Success', 'Mean latency', 'Mean cost', ''].map((t) => h('th', { style: 'text-align:left;padding-right:16px' }, t))),
    ...variants.map((v) => {
      const runs = v.successes + v.failures;
      const latency = mean(v.latencyMs);
      const cost = mean(v.costUsd);
      return h('tr', { 'data-variant': v.id },
        h('td', {}, `${v.id}: ${v.label}`),
        h('td', {}, runs),
        h('td', {}, runs ? `${Math.round((100 * v.successes) / runs)}%` : ''),
        h('td', {}, latency === null ? '' : ms(latency)),
        h('td', {}, cost === null ? '' : usd(cost)),
        h('td', {}, state.result
          ? state.winner === v.id
            ? h('vscode-badge', {}, 'winner')
            : h('vscode-button', { secondary: state.result.winner !== v.id, onClick: () => vscode.postMessage({ type: 'chooseWinner', testId: state.result!.testId, variant: v.id }) }, 'Choose winner')
          : null),
      );
    }),
  );
}

function verdict(result: Result): HTMLElement {
  return h('section', {},
    h('h3', {}, 'Verdict'),
    h('p', { 'data-testid': 'recommendation' }, result.recommendation),
    ...result.problems.map((p) => h('p', { className: 'error' }, p)),
    h('ul', {}, ...result.comparisons.map((c) => h('li', {},
      h('b', {}, `${c.metric}: `), c.summary,
      c.ci ? h('span', { className: 'muted' }, ` [${Math.round(c.ci.level * 100)}% CI ${c.ci.lower.toPrecision(3)} to ${c.ci.upper.toPrecision(3)}${c.adjustedPValue !== null ? `, adjusted p = ${c.adjustedPValue.toPrecision(2)}` : ''}]`) : null,
    ))),
  );
}

/** A histogram per variant over shared bins, so the two distributions can be compared by eye. */
function chartBlock(title: string, variants: VariantSamples[], values: (v: VariantSamples) => number[], format: (n: number) => string): HTMLElement | null {
  const all = variants.flatMap(values);
  if (all.length === 0) return null;
  const min = Math.min(...all);
  const width = (Math.max(...all) - min) / BINS || 1;
  const labels = Array.from({ length: BINS }, (_, i) => format(min + i * width));
  const style = getComputedStyle(document.body);
  const colours = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple'].map((v) => style.getPropertyValue(v).trim() || '#888');
  const canvas = h('canvas', { height: 160 }) as HTMLCanvasElement;
  charts.push(new Chart(canvas, {
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
      color: style.getPropertyValue('--vscode-foreground').trim() || undefined,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  }));
  return h('section', {}, h('h3', {}, title), h('div', { style: 'max-width:640px' }, canvas));
}

render();
vscode.postMessage({ type: 'ready' });
