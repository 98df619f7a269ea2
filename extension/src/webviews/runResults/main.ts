/**
 * The run results page: the current run (streaming output, the messages sent, tokens, cost,
 * latency, model, errors), a 1-5 rating with feedback, and earlier runs of the same file to
 * compare with. Its state is saved with `setState`, so hiding and showing the panel keeps it.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import type { RunPanelMessage, RunPanelRequest, RunView, ToolCallView } from '../protocol.ts';
import { h, ms, usd } from '../shared/dom.ts';
import { vscodeApi } from '../shared/vscodeApi.ts';
import { jsonTree } from './jsonTree.ts';

/** A run in progress: what has streamed so far. */
interface LiveRun {
  runId: string;
  model: string;
  input: Record<string, unknown>;
  output: string;
  target: string;
}

interface State {
  live?: LiveRun;
  /** The last finished run shown in full. */
  current?: RunView;
  runs: RunView[];
  /** Run id of the earlier run shown beside the current one. */
  compareWith?: string;
}

const vscode = vscodeApi<State, RunPanelRequest>();
let state: State = vscode.getState() ?? { runs: [] };
const app = document.getElementById('app')!;

window.addEventListener('message', (event: MessageEvent<RunPanelMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'runStarted':
      state = { ...state, live: { runId: message.runId, model: message.model, input: message.input, output: '', target: message.target } };
      break;
    case 'token':
      if (state.live?.runId === message.runId) state.live.output += message.text;
      else return;
      break;
    case 'runFinished':
      state = { ...state, live: state.live?.runId === message.run.runId ? undefined : state.live, current: message.run };
      break;
    case 'history':
      state = {
        ...state,
        runs: message.runs,
        current: state.current ? (message.runs.find((r) => r.runId === state.current!.runId) ?? state.current) : message.runs[0],
      };
      break;
  }
  save();
});

function save(): void {
  vscode.setState(state);
  render();
}

function render(): void {
  app.replaceChildren(
    h(
      'div',
      {},
      h(
        'div',
        { className: 'row' },
        h('vscode-button', { onClick: () => vscode.postMessage({ type: 'rerun' }) }, 'Run again'),
        state.live ? h('vscode-button', { secondary: true, onClick: () => vscode.postMessage({ type: 'cancel', runId: state.live!.runId }) }, 'Cancel') : null,
      ),
      state.live ? renderLive(state.live) : null,
      state.current ? renderRun(state.current, true) : !state.live ? h('p', { className: 'muted' }, 'No runs of this prompt yet.') : null,
      renderHistory(),
    ),
  );
}

function renderLive(live: LiveRun): HTMLElement {
  return h(
    'section',
    { 'data-testid': 'live' },
    h(
      'h2',
      {},
      h('vscode-progress-ring', { style: 'width:14px;height:14px;display:inline-block' }),
      ' Running',
      live.model ? ` on ${live.model}` : '',
      ` (${live.target === 'backend' ? 'via PromptStack' : live.target})`,
    ),
    h('pre', { 'data-testid': 'live-output' }, live.output || '...'),
  );
}

function renderRun(run: RunView, withRating: boolean): HTMLElement {
  const metrics = h(
    'div',
    { className: 'metrics' },
    h('span', {}, h('b', {}, 'Model '), run.model || 'n/a'),
    h('span', {}, h('b', {}, 'Tokens '), `${run.inputTokens} in / ${run.outputTokens} out`),
    h('span', {}, h('b', {}, 'Cost '), noCallMade(run) ? 'none (no call made)' : run.priced ? usd(run.costUsd) : 'unpriced'),
    h('span', {}, h('b', {}, 'Latency '), ms(run.latencyMs)),
    h('span', {}, h('b', {}, 'Via '), via(run)),
    h('vscode-badge', { variant: run.status === 'success' ? 'default' : 'counter' }, run.status),
  );
  return h(
    'section',
    { 'data-run': run.runId },
    h('h2', {}, run.status === 'success' ? 'Output' : 'Run failed', h('span', { className: 'muted' }, `  ${new Date(run.startedAt).toLocaleString()}`)),
    metrics,
    run.error ? h('div', { className: 'error', role: 'alert', 'data-testid': 'error' }, run.error.message) : null,
    run.schemaValid !== undefined
      ? h(
          'vscode-badge',
          { 'data-testid': 'schema-valid', variant: run.schemaValid ? 'default' : 'counter' },
          run.schemaValid ? 'matches output.schema' : 'does not match output.schema',
        )
      : null,
    run.outputJson !== undefined ? h('div', { 'data-testid': 'output-json' }, jsonTree(run.outputJson, 'answer')) : null,
    run.output && run.outputJson === undefined ? h('pre', { 'data-testid': 'output' }, run.output) : null,
    run.toolCalls?.length ? renderToolCalls(run.toolCalls) : null,
    run.output && run.outputJson !== undefined ? h('vscode-collapsible', { title: 'Answer as text' }, h('pre', { 'data-testid': 'output' }, run.output)) : null,
    h(
      'vscode-collapsible',
      { title: `Messages sent (${run.messages.length})` },
      ...run.messages.map((m) => h('div', {}, h('b', {}, m.role), h('pre', {}, m.text))),
    ),
    h('vscode-collapsible', { title: 'Input' }, h('pre', {}, JSON.stringify(run.input, null, 2))),
    // A failed run has nothing to rate: its error says what to do instead.
    withRating && run.status === 'success' ? renderRating(run) : null,
  );
}

/** Each tool call: its name and turn, then its arguments and result as trees. */
function renderToolCalls(calls: readonly ToolCallView[]): HTMLElement {
  return h(
    'section',
    { 'data-testid': 'tool-calls' },
    h('h3', {}, `Tool calls (${calls.length})`),
    ...calls.map((call) =>
      h(
        'details',
        { className: 'tool-call', 'data-tool': call.name, open: true },
        h('summary', {}, h('b', {}, call.name), h('span', { className: 'muted' }, `  turn ${call.turn}`)),
        jsonTree(call.arguments, 'arguments'),
        'result' in call ? jsonTree(call.result, 'result') : h('div', { className: 'muted' }, 'no result (the run ended at this call)'),
      ),
    ),
  );
}

/** A run that failed before any provider answered: no tokens, no output, nothing to price. */
function noCallMade(run: RunView): boolean {
  return run.status === 'error' && run.inputTokens === 0 && run.outputTokens === 0 && !run.output;
}

/** Where the run went, in words: a backend run names the stored version it ran. */
function via(run: RunView): string {
  if (run.target !== 'backend') return run.target;
  return `PromptStack (recorded${run.recorded ? `, v${run.recorded.versionNumber}` : ''})`;
}

function renderRating(run: RunView): HTMLElement {
  const feedback = h('vscode-textarea', { placeholder: 'Feedback (optional)', rows: 2, style: 'width:100%' }) as HTMLElement & { value: string };
  feedback.value = run.feedback ?? '';
  const rate = (rating: number) => vscode.postMessage({ type: 'rate', runId: run.runId, rating, feedback: feedback.value ?? '' });
  return h(
    'div',
    {},
    h('h3', {}, 'Rate this run', run.rating ? h('span', { className: 'muted' }, `  rated ${run.rating}/5`) : null),
    h(
      'div',
      { className: 'row' },
      ...[1, 2, 3, 4, 5].map((n) => h('vscode-button', { secondary: run.rating !== n, onClick: () => rate(n), title: `Rate ${n} of 5` }, String(n))),
    ),
    feedback,
  );
}

/** The earlier-runs table's columns (a narrow panel shows them as labels in each run's card). */
const HISTORY_HEADINGS = ['When', 'Model', 'Status', 'Tokens', 'Cost', 'Latency', 'Rating'] as const;

function renderHistory(): HTMLElement | null {
  const earlier = state.runs.filter((r) => r.runId !== state.current?.runId);
  if (earlier.length === 0) return null;
  const compared = earlier.find((r) => r.runId === state.compareWith);
  return h(
    'section',
    {},
    h('vscode-divider', {}),
    h('h2', {}, 'Earlier runs'),
    h(
      'table',
      { className: 'fits-narrow', style: 'width:100%;border-collapse:collapse' },
      h('tr', {}, ...[...HISTORY_HEADINGS, ''].map((t) => h('th', { className: 'cell' }, t))),
      ...earlier.map((r) =>
        h(
          'tr',
          { 'data-run-row': r.runId },
          ...[
            new Date(r.startedAt).toLocaleTimeString(),
            r.model,
            r.status,
            `${r.inputTokens}/${r.outputTokens}`,
            r.priced ? usd(r.costUsd) : 'n/a',
            ms(r.latencyMs),
            r.rating ? `${r.rating}/5` : '',
          ].map((value, index) => h('td', { className: 'cell', 'data-label': HISTORY_HEADINGS[index] }, value)),
          h(
            'td',
            { className: 'cell' },
            h(
              'vscode-button',
              {
                secondary: true,
                onClick: () => {
                  state.compareWith = state.compareWith === r.runId ? undefined : r.runId;
                  save();
                },
              },
              state.compareWith === r.runId ? 'Hide' : 'Compare',
            ),
          ),
        ),
      ),
    ),
    compared && state.current
      ? h(
          'div',
          { style: 'display:grid;grid-template-columns:1fr 1fr;gap:12px' },
          h('div', {}, h('h3', {}, 'This run'), h('pre', {}, state.current.output || state.current.error?.message || '')),
          h(
            'div',
            {},
            h('h3', {}, `Earlier (${new Date(compared.startedAt).toLocaleTimeString()})`),
            h('pre', {}, compared.output || compared.error?.message || ''),
          ),
        )
      : null,
  );
}

render();
vscode.postMessage({ type: 'ready' });
