/** The shapes the SDK sends to and reads from the ingestion routes. */

/** How a generation names its prompt; the server resolves it in the key's project. */
export interface PromptReference {
  name: string;
  version?: number;
  label?: string;
  /** The live experiment that served the prompt (its arm is `version`). */
  experimentId?: string;
}

/** One item of `POST /api/v1/generations`. */
export interface GenerationItem {
  id: string;
  prompt: PromptReference;
  model: string;
  input: unknown;
  output: string;
  usage: { inputTokens: number; outputTokens: number };
  latencyMs: number;
  status: 'success' | 'error';
  error?: string;
  costUsd?: number;
  userId?: string;
  sessionId?: string;
  metadata?: Record<string, unknown>;
  startedAt: string;
}

/** The body of `POST /api/v1/scores`. */
export interface ScoreItem {
  generationId: string;
  name: string;
  value: number;
  comment?: string;
}

/** The answer to `POST /api/v1/generations`. */
export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: { index: number; id?: string; error: string }[];
}
