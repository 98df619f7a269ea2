/**
 * The analytics page of a workspace: runs, spend, success rate and latency p50/p95 for the
 * period, spend over time (a line, days without runs at zero), spend by model (bars), and latency
 * and success by model (a table). Figures are the backend's, as posted; the period buttons ask
 * the extension for another period, and the Test runs / Production switch for the other source
 * (generations logged by applications through the SDK). State is saved with `setState` across hide/show.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { AnalyticsData, AnalyticsPanelMessage, AnalyticsPanelRequest, AnalyticsSource } from '../protocol.ts';
import { themeColour, themedAxis } from '../shared/charts.ts';
import { h, ms, usd } from '../shared/dom.ts';
import { vscodeApi } from '../shared/vscodeApi.ts';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Tooltip);

interface State {
  workspace?: { id: string; name: string };
  days?: number;
  source?: AnalyticsSource;
  loading?: boolean;
  data?: AnalyticsData;
  error?: string;
}

/** The periods offered, in days (the extension's ANALYTICS_PERIODS, ordered for buttons). */
const PERIODS = [7, 30, 90];
/** The sources offered: test runs (editor, A/B tests) and production generations (the SDK). */
const SOURCES: [AnalyticsSource, string][] = [
  ['test', 'Test runs'],
  ['production', 'Production'],
];
const DAY_MS = 86_400_000;
const vscode = vscodeApi<State, AnalyticsPanelRequest>();
let state: State = vscode.getState() ?? {};
const app = document.getElementById('app')!;
const charts: Chart[] = [];

window.addEventListener('message', (event: MessageEvent<AnalyticsPanelMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'loading':
      state = { ...state, workspace: message.workspace, days: message.days, source: message.source, loading: true, error: undefined };
      break;
    case 'analytics':
      state = { workspace: message.data.workspace, days: message.data.period.days, source: message.data.source, data: message.data, loading: false };
      break;
    case 'error':
      state = { ...state, loading: false, error: message.message };
      break;
  }
  vscode.setState(state);
  render();
});

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(100 * value).toFixed(1)}%`;
}

function latency(value: number | null): string {
  return value === null ? 'n/a' : ms(value);
}

function render(): void {
  charts.splice(0).forEach((chart) => chart.destroy());
  if (!state.workspace) return void app.replaceChildren(h('p', { className: 'muted' }, 'Loading analytics...'));
  const data = state.data;
  app.replaceChildren(
    h(
      'div',
      {},
      h('h2', {}, `Analytics: ${state.workspace.name}`),
      h(
        'div',
        { className: 'row' },
        ...SOURCES.map(([source, label]) =>
          h(
            'vscode-button',
            { secondary: (state.source ?? 'test') !== source, onClick: () => vscode.postMessage({ type: 'refresh', days: state.days ?? PERIODS[1]!, source }) },
            label,
          ),
        ),
        ...PERIODS.map((days) =>
          h(
            'vscode-button',
            { secondary: state.days !== days, onClick: () => vscode.postMessage({ type: 'refresh', days, source: state.source ?? 'test' }) },
            `${days} days`,
          ),
        ),
        state.loading ? h('vscode-progress-ring', { style: 'width:16px;height:16px' }) : null,
      ),
      state.error ? h('div', { className: 'error', role: 'alert', 'data-testid': 'error' }, state.error) : null,
      data ? summary(data) : null,
      // Side by side when the panel is wide enough, so the figures, both charts and the table fit one screen.
      data
        ? h(
            'div',
            { style: 'display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:0 32px;max-width:1400px' },
            spendOverTime(data),
            spendByModel(data),
          )
        : null,
      data ? performanceTable(data) : null,
    ),
  );
}

function summary(data: AnalyticsData): HTMLElement {
  const d = data.dashboard;
  return h(
    'section',
    {},
    h('p', { className: 'muted' }, `${new Date(data.period.from).toLocaleDateString()} to ${new Date(data.period.to).toLocaleDateString()}`),
    h(
      'div',
      { className: 'metrics', 'data-testid': 'summary' },
      h('span', {}, h('b', {}, 'Runs '), d.runs),
      h('span', {}, h('b', {}, 'Spend '), usd(d.spendUsd)),
      // Only workspaces that grade with llm-judge have any; the others need no zero tile.
      d.judgeSpendUsd > 0 ? h('span', {}, h('b', {}, 'Judge spend '), usd(d.judgeSpendUsd)) : null,
      h('span', {}, h('b', {}, 'Success rate '), percent(d.successRate)),
      h('span', {}, h('b', {}, 'Latency p50 '), latency(d.latency.p50Ms)),
      h('span', {}, h('b', {}, 'p95 '), latency(d.latency.p95Ms)),
      h('span', {}, h('b', {}, 'Tokens '), `${d.inputTokens} in / ${d.outputTokens} out`),
    ),
  );
}

/** Every day of the period, with the days the backend did not list (no runs) at zero. */
function dailySeries(data: AnalyticsData): { day: string; costUsd: number }[] {
  const byDay = new Map(data.spendByDay.map((d) => [d.day, d.costUsd]));
  const days: { day: string; costUsd: number }[] = [];
  for (let t = Date.parse(data.period.from.slice(0, 10)); t < Date.parse(data.period.to); t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.push({ day, costUsd: byDay.get(day) ?? 0 });
  }
  return days;
}

function chartOptions() {
  const axis = themedAxis();
  return {
    animation: false as const,
    color: axis.ticks.color,
    plugins: { tooltip: { callbacks: { label: (item: { parsed: { y: number | null } }) => usd(item.parsed.y ?? 0) } } },
    scales: {
      x: axis,
      y: { beginAtZero: true, ticks: { ...axis.ticks, callback: (value: string | number) => usd(Number(value)) }, grid: axis.grid },
    },
  };
}

function spendOverTime(data: AnalyticsData): HTMLElement {
  const series = dailySeries(data);
  const canvas = h('canvas', { height: 160, 'data-testid': 'spend-over-time' }) as HTMLCanvasElement;
  const colour = themeColour('--vscode-charts-blue', '#3794ff');
  charts.push(
    new Chart(canvas, {
      type: 'line',
      data: {
        labels: series.map((d) => d.day.slice(5)),
        datasets: [{ label: 'Spend', data: series.map((d) => d.costUsd), borderColor: colour, backgroundColor: colour, pointRadius: 2 }],
      },
      options: chartOptions(),
    }),
  );
  return h('section', {}, h('h3', {}, 'Spend over time'), h('div', {}, canvas));
}

function spendByModel(data: AnalyticsData): HTMLElement {
  if (data.spendByModel.length === 0) return h('section', {}, h('h3', {}, 'Spend by model'), h('p', { className: 'muted' }, 'No runs in this period.'));
  const canvas = h('canvas', { height: 140, 'data-testid': 'spend-by-model' }) as HTMLCanvasElement;
  const colour = themeColour('--vscode-charts-orange', '#d18616');
  charts.push(
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.spendByModel.map((m) => m.model),
        datasets: [{ label: 'Spend', data: data.spendByModel.map((m) => m.costUsd), backgroundColor: colour }],
      },
      options: chartOptions(),
    }),
  );
  return h('section', {}, h('h3', {}, 'Spend by model'), h('div', {}, canvas));
}

function performanceTable(data: AnalyticsData): HTMLElement {
  return h(
    'section',
    {},
    h('h3', {}, 'Success rate and latency by model'),
    h(
      'table',
      { style: 'border-collapse:collapse', 'data-testid': 'performance' },
      h('tr', {}, ...['Model', 'Runs', 'Success rate', 'p50', 'p95'].map((t) => h('th', {}, t))),
      ...data.performanceByModel.map((m) =>
        h(
          'tr',
          { 'data-model': m.model },
          h('td', { className: 'cell' }, m.model),
          h('td', { className: 'cell' }, m.runs),
          h('td', { className: 'cell' }, percent(m.successRate)),
          h('td', { className: 'cell' }, latency(m.p50Ms)),
          h('td', { className: 'cell' }, latency(m.p95Ms)),
        ),
      ),
    ),
  );
}

render();
vscode.postMessage({ type: 'ready' });
