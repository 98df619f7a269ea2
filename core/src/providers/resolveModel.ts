/**
 * Which provider serves a model id, and what id to send. Catalog models of a runnable provider go
 * to it; an unknown `<provider>/<name>` of a runnable provider goes to that provider without a
 * price (`openai/<name>` being how OpenAI-compatible servers such as Ollama and vLLM are named).
 * A prefix that is not the provider's own id (`vertexai/`, another API and sign-in) cannot run.
 */
import { findModel, parseModelId, type ModelInfo } from '../models/catalog.ts';
import { isRunnableProviderId, type RunnableProviderId } from './runnableProviders.ts';

/** A model id resolved for a run. */
export interface ResolvedModel {
  provider: RunnableProviderId;
  /** The id sent to the API. */
  apiModel: string;
  /** The catalog row, when the model is known (prices, limits). */
  info?: ModelInfo;
}

/** Ends like a dated snapshot (`-20241022`, `-2024-08-06`): the user chose that exact version. */
const SNAPSHOT_SUFFIX = /-\d{4}-?\d{2}-?\d{2}$/;

/** Resolves a model id, or says why it cannot run. */
export function resolveModel(modelId: string): { ok: true; model: ResolvedModel } | { ok: false; message: string } {
  const { prefix, provider, bareId } = parseModelId(modelId);
  if (!bareId) return { ok: false, message: 'No model given: set `model:` in the frontmatter or pick one for the run' };
  const info = findModel(modelId);
  if (info) {
    if (!isRunnableProviderId(info.provider) || (prefix !== undefined && prefix !== info.provider)) {
      return { ok: false, message: `Model '${modelId}' (${prefix ?? info.provider}) cannot be run from PromptStack yet` };
    }
    // Short names Genkit uses (`claude-3-haiku`) are not API ids; snapshots and canonical ids are.
    const apiModel = bareId === info.id || SNAPSHOT_SUFFIX.test(bareId) ? bareId : info.id;
    return { ok: true, model: { provider: info.provider, apiModel, info } };
  }
  if (isRunnableProviderId(provider) && prefix === provider) return { ok: true, model: { provider, apiModel: bareId } };
  if (prefix) return { ok: false, message: `Provider '${prefix}' of model '${modelId}' cannot be run from PromptStack` };
  return { ok: false, message: `Unknown model '${modelId}': use a catalog id or prefix it (openai/<name> for OpenAI-compatible servers)` };
}
