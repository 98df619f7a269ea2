import type { PromptStackContext } from '../context.ts';

/** `promptstack.showOutput`: reveals the PromptStack output channel (extension and server logs). */
export function showOutput(ctx: PromptStackContext) {
  return (): void => {
    ctx.output.show(true);
  };
}
