/**
 * The page of a live experiment: its arms with traffic share and per-arm figures (with counts),
 * each treatment against the control on every metric with the always-valid sequential result
 * (p-value, confidence sequence) and the fixed-horizon test beside it, a chart of the confidence
 * sequence narrowing look by look (from the experiment's snapshots), and Stop / Promote buttons
 * for the roles allowed (the extension asks for confirmation). State is saved with `setState`.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import {
  armText,
  headlineComparison,
  metricName,
  percentText,
  pText,
  type ArmResult,
  type Comparison,
  type ExperimentResults,
} from '../../experiments/experimentText.ts';
import type { ExperimentData, ExperimentPanelMessage, ExperimentPanelRequest } from '../protocol.ts';
import { seriesColours, themedAxis } from '../shared/charts.ts';
import { h, ms, usd } from '../shared/dom.ts';
import { vscodeApi } from '../shared/vscodeApi.ts';

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Filler, Tooltip, Legend);

interface State {
  data?: ExperimentData;
  loading?: boolean;
  error?: string;
  /** What the last Stop or Promote did. */
  done?: string;
  /** The series the chart shows: `<versionId> <metric>`. */
  chart?: string;
}

type Series = ExperimentResults['series'][number];

const vscode = vscodeApi<State, ExperimentPanelRequest>();
let state: State = vscode.getState() ?? {};
const app = document.getElementById('app')!;
const charts: Chart[] = [];

window.addEventListener('message', (event: MessageEvent<ExperimentPanelMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'loading':
      state = { ...state, loading: true, error: undefined };
      break;
    case 'experiment':
      state = { ...state, data: message.data, loading: false };
      break;
    case 'done':
      state = { ...state, done: message.message, error: undefined };
      break;
    case 'error':
      state = { ...state, loading: false, error: message.message };
      break;
  }
  vscode.setState(state);
  render();
});

function render(): void {
  charts.splice(0).forEach((chart) => chart.destroy());
  const data = state.data;
  if (!data) return void app.replaceChildren(state.error ? errorLine(state.error) : h('p', { className: 'muted' }, 'Loading the experiment...'));
  const { results } = data;
  app.replaceChildren(
    h(
      'div',
      {},
      h('h2', {}, `Live experiment: ${data.promptName} on ${results.experiment.labelName} `, statusBadge(results)),
      h('p', { className: 'muted', 'data-testid': 'settings' }, settingsLine(results, data.readAt)),
      h(
        'div',
        { className: 'row' },
        h('vscode-button', { secondary: true, onClick: () => vscode.postMessage({ type: 'refresh' }) }, state.loading ? 'Refreshing...' : 'Refresh'),
        data.may.stop ? h('vscode-button', { 'data-testid': 'stop', onClick: () => vscode.postMessage({ type: 'stop' }) }, 'Stop experiment') : null,
      ),
      state.done ? h('p', { 'data-testid': 'done' }, state.done) : null,
      state.error ? errorLine(state.error) : null,
      armsTable(data),
      sequenceChart(results),
      comparisonsTable(results),
    ),
  );
}

function errorLine(message: string): HTMLElement {
  return h('div', { className: 'error', role: 'alert', 'data-testid': 'error' }, message);
}

function statusBadge(results: ExperimentResults): HTMLElement {
  const { status, endReason, winnerVersionId } = results.experiment;
  const winner = results.arms.find((arm) => arm.versionId === winnerVersionId);
  const text = status === 'RUNNING' ? 'running' : status === 'PROMOTED' ? `promoted v${winner?.versionNumber ?? '?'}` : `stopped (${endReason ?? 'stopped'})`;
  return h('vscode-badge', { 'data-testid': 'status' }, text);
}

function settingsLine(results: ExperimentResults, readAt: string): string {
  const { settings, experiment } = results;
  const guardrails = [
    settings.maxErrorRateIncrease === null ? null : `error rate +${(settings.maxErrorRateIncrease * 100).toFixed(1)} points`,
    settings.maxLatencyIncreaseMs === null ? null : `latency +${settings.maxLatencyIncreaseMs} ms`,
  ].filter(Boolean);
  return [
    `Started ${new Date(experiment.startedAt).toLocaleString()}`,
    experiment.stickyBy ? `sticky by ${experiment.stickyBy}` : null,
    `alpha ${settings.alpha}`,
    `verdicts from ${settings.minSamplePerArm} calls per arm`,
    guardrails.length ? `guardrails: ${guardrails.join(', ')}` : 'no guardrails',
    `read ${new Date(readAt).toLocaleTimeString()}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

function armsTable(data: ExperimentData): HTMLElement {
  const { arms } = data.results;
  const headings = ['Arm', 'Traffic and calls', 'Mean latency', 'Mean cost', 'Scores', ''];
  const cell = (index: number, value: string | Node | null) =>
    h('td', { className: 'cell', 'data-label': index > 0 && headings[index] ? headings[index] : undefined }, value);
  return h(
    'section',
    {},
    h('h3', {}, 'Arms'),
    h(
      'table',
      { className: 'fits-narrow', style: 'border-collapse:collapse', 'data-testid': 'arms' },
      h('tr', {}, ...headings.map((t) => h('th', {}, t))),
      ...arms.map((arm) =>
        h(
          'tr',
          { 'data-version': arm.versionNumber },
          cell(0, `v${arm.versionNumber}${arm.isControl ? ' (control)' : ''}`),
          cell(1, armText(arm, arms).replace(/^v\d+ /, '')),
          cell(2, arm.latencyMeanMs === null ? 'n/a' : ms(arm.latencyMeanMs)),
          cell(3, arm.costMeanUsd === null ? 'n/a' : `${usd(arm.costMeanUsd)} (n = ${arm.costCount})`),
          cell(4, arm.scores.map((s) => `${s.name} ${s.mean.toFixed(2)} (n = ${s.count})`).join(', ') || 'none'),
          cell(5, data.may.promote ? promoteButton(data.results, arm) : null),
        ),
      ),
    ),
  );
}

function promoteButton(results: ExperimentResults, arm: ArmResult): HTMLElement {
  return h(
    'vscode-button',
    {
      secondary: !isLeading(results, arm),
      'data-testid': `promote-v${arm.versionNumber}`,
      onClick: () => vscode.postMessage({ type: 'promote', version: arm.versionNumber }),
    },
    `Promote v${arm.versionNumber}`,
  );
}

/** A treatment whose headline verdict is `better`: its Promote button is the primary one. */
function isLeading(results: ExperimentResults, arm: ArmResult): boolean {
  return !arm.isControl && headlineComparison(results.comparisons.filter((c) => c.versionNumber === arm.versionNumber))?.verdict === 'better';
}

/** A value or difference of `metric` in its unit: percent and points for the error rate, ms, dollars, plain for scores. */
function amount(metric: string, value: number | null, signed = false): string {
  if (value === null) return 'n/a';
  const sign = signed && value > 0 ? '+' : '';
  if (metric === 'errorRate') return signed ? `${sign}${(value * 100).toFixed(1)} pts` : percentText(value);
  if (metric === 'latencyMs') return `${sign}${Math.round(value)} ms`;
  if (metric === 'costUsd') return `${sign}$${value.toPrecision(2)}`;
  return `${sign}${value.toPrecision(3)}`;
}

function interval(metric: string, ci: { lower: number; upper: number; level: number } | null): string {
  return ci ? `${amount(metric, ci.lower, true)} to ${amount(metric, ci.upper, true)} (${Math.round(ci.level * 100)}%)` : 'not yet';
}

const COMPARISON_HEADINGS = [
  'Metric',
  'Control / treatment (n)',
  'Difference',
  'Always-valid interval',
  'Always-valid p',
  'Fixed-horizon interval (reference)',
  'Fixed-horizon p',
  'Verdict',
];

function comparisonRow(c: Comparison): HTMLElement {
  const cells = [
    `v${c.versionNumber}: ${metricName(c.metric)}`,
    `${amount(c.metric, c.meanControl)} (${c.nControl}) / ${amount(c.metric, c.meanTreatment)} (${c.nTreatment})`,
    amount(c.metric, c.difference, true),
    interval(c.metric, c.sequential.confidenceSequence),
    pText(c.sequential.pValue),
    c.fixedHorizon ? `${interval(c.metric, c.fixedHorizon.ci)}, ${c.fixedHorizon.test}` : 'n/a',
    c.fixedHorizon ? pText(c.fixedHorizon.pValue) : 'n/a',
    c.verdict.replace(/-/g, ' '),
  ];
  return h(
    'tr',
    { 'data-comparison': `v${c.versionNumber} ${c.metric}` },
    ...cells.map((text, index) => h('td', { className: 'cell', 'data-label': index > 0 ? COMPARISON_HEADINGS[index] : undefined }, text)),
  );
}

function comparisonsTable(results: ExperimentResults): HTMLElement {
  return h(
    'section',
    {},
    h('h3', {}, 'Against the control'),
    h(
      'p',
      { className: 'muted' },
      'The always-valid result may be read at any time, as often as you like. The fixed-horizon test is beside it for reference only: it holds only when read once, at a sample size fixed in advance.',
    ),
    h('ul', { 'data-testid': 'summaries' }, ...results.comparisons.map((c) => h('li', {}, c.summary))),
    h(
      'table',
      { className: 'fits-narrow', style: 'border-collapse:collapse', 'data-testid': 'comparisons' },
      h('tr', {}, ...COMPARISON_HEADINGS.map((t) => h('th', {}, t))),
      ...results.comparisons.map(comparisonRow),
    ),
  );
}

const seriesKey = (s: { versionId: string; metric: string }) => `${s.versionId} ${s.metric}`;

/** The series the chart shows: the one chosen, else the headline comparison's, else the first with looks. */
function chosenSeries(results: ExperimentResults): Series | undefined {
  const withLooks = results.series.filter((s) => s.points.length > 0);
  const headline = headlineComparison(results.comparisons);
  return withLooks.find((s) => seriesKey(s) === state.chart) ?? withLooks.find((s) => headline && seriesKey(s) === seriesKey(headline)) ?? withLooks[0];
}

const versionOf = (results: ExperimentResults, versionId: string) => results.arms.find((arm) => arm.versionId === versionId)?.versionNumber;

/** The confidence sequence after each look: its bounds narrowing around the difference, with zero marked. */
function sequenceChart(results: ExperimentResults): HTMLElement {
  const title = h('h3', {}, 'Confidence sequence over time');
  const shown = chosenSeries(results);
  if (!shown) {
    return h(
      'section',
      {},
      title,
      h('p', { className: 'muted', 'data-testid': 'no-looks' }, `No counted look yet: each arm needs ${results.settings.minSamplePerArm} calls.`),
    );
  }
  const choices = results.series
    .filter((s) => s.points.length > 0)
    .map((s) =>
      h(
        'vscode-button',
        {
          secondary: s !== shown,
          onClick: () => {
            state.chart = seriesKey(s);
            vscode.setState(state);
            render();
          },
        },
        `v${versionOf(results, s.versionId)} ${metricName(s.metric)}`,
      ),
    );
  const canvas = h('canvas', { 'data-testid': 'confidence-sequence', 'data-looks': shown.points.length }) as HTMLCanvasElement;
  charts.push(new Chart(canvas, sequenceChartConfig(shown)));
  return h(
    'section',
    {},
    title,
    h('div', { className: 'row' }, ...choices),
    h(
      'p',
      { className: 'muted' },
      `v${versionOf(results, shown.versionId)} − control on ${metricName(shown.metric)}: the always-valid ${Math.round((1 - results.settings.alpha) * 100)}% bounds after each look.`,
    ),
    h('div', { style: 'max-width:720px;height:200px;position:relative' }, canvas),
  );
}

function sequenceChartConfig(series: Series) {
  const [blue, orange] = seriesColours();
  const axis = themedAxis();
  const { points } = series;
  const format = (value: number) => amount(series.metric, value, true);
  return {
    type: 'line' as const,
    data: {
      labels: points.map((p) => `${new Date(p.at).toLocaleTimeString()} (n = ${p.nTreatment})`),
      datasets: [
        { label: 'Upper bound', data: points.map((p) => p.upper), borderColor: blue, backgroundColor: `${blue}33`, fill: '+1', pointRadius: 2 },
        { label: 'Lower bound', data: points.map((p) => p.lower), borderColor: blue, pointRadius: 2 },
        { label: 'Difference', data: points.map((p) => p.difference), borderColor: orange, backgroundColor: orange, pointRadius: 3 },
        { label: 'No difference', data: points.map(() => 0), borderColor: axis.grid.color, borderDash: [4, 4], pointRadius: 0 },
      ],
    },
    options: {
      animation: false as const,
      // The box around the canvas sets the height, so the chart stays short on a wide page.
      maintainAspectRatio: false,
      color: axis.ticks.color,
      plugins: {
        tooltip: {
          callbacks: { label: (item: { dataset: { label?: string }; parsed: { y: number | null } }) => `${item.dataset.label}: ${format(item.parsed.y ?? 0)}` },
        },
      },
      scales: { x: axis, y: { ticks: { ...axis.ticks, callback: (value: string | number) => format(Number(value)) }, grid: axis.grid } },
    },
  };
}

render();
vscode.postMessage({ type: 'ready' });
