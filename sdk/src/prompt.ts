/** A prompt as served by PromptStack (or read from a fallback file), ready to render. */
import { renderPrompt } from '@promptstack/core';
import type { Message, ModelConfig } from './types.ts';

/** What `render` gives: the messages for the model, and the model and config the prompt names. */
export interface RenderedMessages {
  messages: Message[];
  model: string | undefined;
  config: ModelConfig;
}

/** The fields the serving route answers with. */
export interface ServedPrompt {
  name: string;
  version: number;
  label: string | null;
  source: string;
  model: string | null;
  config: ModelConfig;
  inputSchema: unknown;
  contentHash: string;
}

/** One arm of a split label as the serving route answers it. */
export interface ServedArm {
  version: number;
  /** A positive integer; the arm's share is its weight over the sum of the weights. */
  weight: number;
  source: string;
  model: string | null;
  config: ModelConfig;
  inputSchema: unknown;
  contentHash: string;
}

/** What the serving route answers for a label split by a live experiment. */
export interface ServedSplit {
  name: string;
  label: string;
  experimentId: string;
  /** The end-user attribute assignment sticks to (`userId`); null: assigned per call. */
  stickyBy: string | null;
  /** By version number. */
  arms: ServedArm[];
}

/**
 * One version of a prompt. The same object is returned by every cached `getPrompt` until the
 * server serves a different version, so callers may compare prompts by identity.
 */
export class Prompt {
  readonly name: string;
  /** The version number; 0 for a prompt read from a fallback file (the server never served it). */
  readonly version: number;
  readonly label: string | null;
  /** The whole `.prompt` file text. */
  readonly source: string;
  readonly model: string | null;
  readonly config: ModelConfig;
  readonly inputSchema: unknown;
  readonly contentHash: string;
  /** Where it came from: the server, or the `fallback` file because the server could not be reached. */
  readonly origin: 'server' | 'fallback';
  /** The live experiment whose arm this is, when the label is split; null otherwise. */
  readonly experimentId: string | null;

  constructor(served: ServedPrompt, origin: 'server' | 'fallback' = 'server', experimentId: string | null = null) {
    this.name = served.name;
    this.version = served.version;
    this.label = served.label;
    this.source = served.source;
    this.model = served.model;
    this.config = served.config;
    this.inputSchema = served.inputSchema;
    this.contentHash = served.contentHash;
    this.origin = origin;
    this.experimentId = experimentId;
  }

  /**
   * Renders the prompt with `input` through Dotprompt (the same renderer the editor and server use).
   * Rejects with core's `PromptRenderError` when the template is invalid.
   */
  async render(input: Record<string, unknown> = {}): Promise<RenderedMessages> {
    const rendered = await renderPrompt(this.source, input);
    return { messages: rendered.messages as Message[], model: rendered.model ?? this.model ?? undefined, config: (rendered.config ?? {}) as ModelConfig };
  }

  /**
   * How a logged generation names this prompt: the exact version when the server served it (the
   * server takes the version over the label), the label it was fetched by, which analytics group by,
   * and the experiment that served it (the version is its arm).
   */
  reference(): { name: string; version?: number; label?: string; experimentId?: string } {
    const reference: { name: string; version?: number; label?: string; experimentId?: string } = { name: this.name };
    if (this.origin === 'server') reference.version = this.version;
    if (this.label !== null) reference.label = this.label;
    if (this.experimentId !== null) reference.experimentId = this.experimentId;
    return reference;
  }
}
