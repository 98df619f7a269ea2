/**
 * A label split by a live experiment, as the client keeps it: one `Prompt` per arm (each with its
 * `version` and `experimentId`) and the weights. `pick` assigns an arm locally (assignment.ts) and
 * answers that arm's already-resolved promise, so a cached split costs a hash, never a request.
 */
import { assignArm } from './assignment.ts';
import { Prompt, type ServedSplit } from './prompt.ts';

export class PromptSplit {
  readonly experimentId: string;
  readonly stickyBy: string | null;
  /** The arms' prompts, by version number. */
  readonly arms: readonly Prompt[];
  readonly weights: readonly number[];
  private readonly answers: ReadonlyArray<Promise<Prompt>>;
  /** What identifies the split's content: a revalidation that finds the same keeps this object. */
  readonly signature: string;

  constructor(served: ServedSplit) {
    this.experimentId = served.experimentId;
    this.stickyBy = served.stickyBy;
    this.arms = served.arms.map(
      (arm) =>
        new Prompt(
          {
            name: served.name,
            version: arm.version,
            label: served.label,
            source: arm.source,
            model: arm.model,
            config: arm.config,
            inputSchema: arm.inputSchema,
            contentHash: arm.contentHash,
          },
          'server',
          served.experimentId,
        ),
    );
    this.weights = served.arms.map((arm) => arm.weight);
    this.answers = this.arms.map((arm) => Promise.resolve(arm));
    this.signature = signatureOf(served);
  }

  /** The arm for `unitKey` (the same for the same key, everywhere), or a random one by weight without a key. */
  pick(unitKey?: string): Prompt {
    return this.arms[assignArm(this.experimentId, this.weights, unitKey)]!;
  }

  /** As `pick`, answering the arm's already-resolved promise. */
  answer(unitKey?: string): Promise<Prompt> {
    return this.answers[assignArm(this.experimentId, this.weights, unitKey)]!;
  }
}

/** The experiment, and each arm's version, weight and content. */
export function signatureOf(served: ServedSplit): string {
  return `${served.experimentId}|${served.arms.map((a) => `${a.version}:${a.weight}:${a.contentHash}`).join(',')}`;
}

/** Whether a serving answer is a split. */
export function isServedSplit(served: unknown): served is ServedSplit {
  return (
    typeof served === 'object' && served !== null && Array.isArray((served as ServedSplit).arms) && typeof (served as ServedSplit).experimentId === 'string'
  );
}
