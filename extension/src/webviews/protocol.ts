/**
 * Every message between the extension and its webviews, declared once: the extension's panels
 * and the webview scripts (src/webviews/<name>/main.ts) import these types, so a renamed field
 * fails the type check on both sides. Plain JSON only (webview messages are structured clones).
 */
import type { ExperimentResults } from '../experiments/experimentText.ts';

/** One rendered message as it was sent to the model, flattened to text for display. */
export interface SentMessage {
  role: string;
  text: string;
}

/** One tool call of a run: what the model asked for and the result it was given. */
export interface ToolCallView {
  id: string;
  name: string;
  arguments: unknown;
  /** Absent when the run ended before the call was answered. */
  result?: unknown;
  /** The model turn (1-based) that made the call. */
  turn: number;
}

/** A run as the results view shows it (and as the history keeps it). */
export interface RunView {
  runId: string;
  /** ISO time the run started. */
  startedAt: string;
  status: 'success' | 'error';
  model: string;
  input: Record<string, unknown>;
  output: string;
  /** The parsed answer, when the prompt declares JSON output and the answer parsed. */
  outputJson?: unknown;
  /** Whether the answer met `output.schema`; absent when the prompt declares no JSON output. */
  schemaValid?: boolean;
  /** The tool calls the model made, in order. */
  toolCalls?: ToolCallView[];
  messages: SentMessage[];
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** False when the model has no catalog price (cost shown as unknown). */
  priced: boolean;
  latencyMs: number;
  /** Where the run went: 'local' (provider straight from VS Code) or 'backend'. */
  target: string;
  /** Backend runs: the recorded run (its id takes ratings) and the stored version that ran. */
  recorded?: { promptId: string; runId: string; versionNumber: number };
  /** The failure in plain words, with what to do about it. */
  error?: { kind: string; message: string };
  rating?: number;
  feedback?: string;
}

/** Extension -> run results webview. */
export type RunPanelMessage =
  | { type: 'runStarted'; runId: string; model: string; input: Record<string, unknown>; startedAt: string; target: string }
  | { type: 'token'; runId: string; text: string }
  | { type: 'runFinished'; run: RunView }
  /** Earlier runs of the same file, newest first (the current one included once finished). */
  | { type: 'history'; runs: RunView[] };

/** Run results webview -> extension. */
export type RunPanelRequest =
  { type: 'ready' } | { type: 'rate'; runId: string; rating: number; feedback: string } | { type: 'cancel'; runId: string } | { type: 'rerun' };

/** Latency and cost of every finished run of one variant, for the charts. */
export interface VariantSamples {
  id: string;
  /** What the variant is: a model id or a file name. */
  label: string;
  latencyMs: number[];
  costUsd: number[];
  successes: number;
  failures: number;
  /** Figures the backend computed (backend tests, whose single runs are not sent): p50/p95 latency and mean cost. */
  stats?: { latencyP50Ms: number | null; latencyP95Ms: number | null; meanCostUsd: number | null };
}

/** A finished comparison, trimmed to what the view shows. */
export interface AbComparisonView {
  metric: string;
  variantA: string;
  variantB: string;
  estimateA: number | null;
  estimateB: number | null;
  difference: number | null;
  ci: { lower: number; upper: number; level: number } | null;
  pValue: number | null;
  adjustedPValue: number | null;
  verdict: string;
  summary: string;
}

/** Extension -> A/B results webview. */
export type AbPanelMessage =
  | {
      type: 'abStarted';
      testId: string;
      primaryMetric: string;
      runsPerVariant: number;
      variants: { id: string; label: string }[];
      /** True when the test runs on PromptStack (recorded for the team) rather than from VS Code. */
      recorded?: boolean;
    }
  | { type: 'abProgress'; testId: string; done: number; total: number; variants: VariantSamples[] }
  | {
      type: 'abResult';
      testId: string;
      primaryMetric: string;
      winner: string | null;
      recommendation: string;
      comparisons: AbComparisonView[];
      variants: VariantSamples[];
      problems: string[];
    }
  | {
      type: 'winnerChosen';
      testId: string;
      variant: string;
      where: 'local' | 'backend';
      /** Backend winners: the label moved and the version it now points at. */
      movedLabel?: { name: string; versionNumber: number };
    };

/** A/B results webview -> extension. */
export type AbPanelRequest = { type: 'ready' } | { type: 'chooseWinner'; testId: string; variant: string };

/**
 * A workspace's analytics as the backend answered them, for one period: the dashboard figures,
 * spend by day and model, and latency and success by model. Passed through unchanged, so the
 * page shows exactly the API's numbers.
 */
export interface AnalyticsData {
  workspace: { id: string; name: string };
  /** What is counted: test runs (editor, A/B tests) or production generations logged by applications. */
  source: AnalyticsSource;
  /** The period asked for (ISO times; `to` exclusive), the same for all three answers. */
  period: { from: string; to: string; days: number };
  dashboard: {
    runs: number;
    successes: number;
    errors: number;
    successRate: number | null;
    spendUsd: number;
    /** What the runs' llm-judge assertions cost, beside their own spend (the spend limit counts both). */
    judgeSpendUsd: number;
    inputTokens: number;
    outputTokens: number;
    latency: { avgMs: number | null; p50Ms: number | null; p95Ms: number | null };
  };
  spendByDay: { day: string; runs: number; costUsd: number }[];
  spendByModel: { model: string; runs: number; costUsd: number }[];
  performanceByModel: { model: string; runs: number; successRate: number | null; p50Ms: number | null; p95Ms: number | null }[];
}

/** The analytics page's test/production switch. */
export type AnalyticsSource = 'test' | 'production';

/** Extension -> analytics webview. */
export type AnalyticsPanelMessage =
  | { type: 'loading'; workspace: { id: string; name: string }; days: number; source: AnalyticsSource }
  | { type: 'analytics'; data: AnalyticsData }
  /** The backend's error in plain words. */
  | { type: 'error'; message: string };

/** Analytics webview -> extension. */
export type AnalyticsPanelRequest = { type: 'ready' } | { type: 'refresh'; days: number; source?: AnalyticsSource };

/** A live experiment as its page shows it: the backend's results unchanged, and what the reader may do. */
export interface ExperimentData {
  results: ExperimentResults;
  /** The name of the experiment's prompt. */
  promptName: string;
  /**
   * Stop and Promote both move the label (back to the control, or onto one arm), so they follow a
   * direct move's rule: Members and Admins, and only Admins on a protected label (`production` by
   * default). Both false once the experiment ended.
   */
  may: { stop: boolean; promote: boolean };
  /** When the results were read (ISO). */
  readAt: string;
}

/** Extension -> experiment webview. */
export type ExperimentPanelMessage =
  | { type: 'loading'; experimentId: string }
  | { type: 'experiment'; data: ExperimentData }
  /** What Stop or Promote did, in words ("production points at v8 alone"). */
  | { type: 'done'; message: string }
  /** The backend's error in plain words. */
  | { type: 'error'; message: string };

/** Experiment webview -> extension. Stop and Promote are confirmed by the extension before anything moves. */
export type ExperimentPanelRequest = { type: 'ready' } | { type: 'refresh' } | { type: 'stop' } | { type: 'promote'; version: number };

/** What the extension posted to a webview; `PromptStackApi.onDidPostWebviewMessage` fires it (tests assert on it). */
export type PostedWebviewMessage =
  | { panel: 'runResults'; uri: string; message: RunPanelMessage }
  | { panel: 'abResults'; uri: string; message: AbPanelMessage }
  | { panel: 'analytics'; uri: string; message: AnalyticsPanelMessage }
  | { panel: 'experiment'; uri: string; message: ExperimentPanelMessage };
