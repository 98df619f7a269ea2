/**
 * The few REST calls the CLI makes, with the backend's error body (`{ error: { code, message } }`)
 * turned into an error that says what happened and what to do.
 */
import type { ToolDefinition } from '@promptstack/core';
import { EXIT } from '../exitCodes.ts';
import type { BackendTarget } from './cliConfig.ts';

/** A failed call: the HTTP status, the backend's code and message, and the exit code it maps to. */
export class BackendError extends Error {
  override name = 'BackendError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** 401/403/404 are configuration problems for a CLI (wrong token, wrong link): exit 2. */
  get exitCode(): number {
    return this.status === 409 ? EXIT.conflict : [401, 403, 404].includes(this.status) ? EXIT.usage : EXIT.failures;
  }
}

/** One prompt as `GET /api/prompts/{id}` answers it (the fields the CLI reads). */
export interface BackendPrompt {
  id: string;
  projectId: string;
  name: string;
  latestVersion: { number: number; source: string } | null;
  labels: Array<{ name: string; versionNumber: number }>;
}

/** A dataset as the backend lists it. */
export interface BackendDataset {
  id: string;
  projectId: string;
  name: string;
  itemCount: number;
}

/** One item of a dataset to write: the prompt input and the assertions its output must meet. */
export interface BackendDatasetItem {
  input: Record<string, unknown>;
  assertions: unknown[];
}

/** `POST /api/datasets/{id}/run`'s answer (the fields the CLI reads). */
export interface BackendDatasetRun {
  versionId: string;
  total: number;
  passed: number;
  costUsd: number;
  judgeCostUsd: number;
  items: Array<{
    index: number;
    runId: string;
    passed: boolean;
    error?: string;
    errorKind?: string;
    assertions: Array<{
      type: string;
      pass: boolean;
      reason: string;
      score?: number;
      judge?: { model: string; inputTokens: number; outputTokens: number; costUsd: number };
    }>;
  }>;
}

/** A recorded run as `GET /api/prompts/{id}/test` lists it (the fields the CLI reads). */
export interface BackendRun {
  id: string;
  status: 'success' | 'error';
  output: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  judgeCostUsd: number;
  latencyMs: number;
  model: string;
  provider: string;
  error?: string;
  errorKind?: string;
  createdAt: string;
}

/** A 400's input issues (`[{ path: ['name'], message }]`) as `: name: message; ...`, so the refusal says what to change. */
function issuesText(issues: unknown): string {
  if (!Array.isArray(issues) || issues.length === 0) return '';
  const described = issues.map((issue: { path?: unknown; message?: unknown }) => {
    const path = Array.isArray(issue.path) ? issue.path.join('.') : '';
    return path ? `${path}: ${String(issue.message)}` : String(issue.message);
  });
  return `: ${described.join('; ')}`;
}

/** The calls, bound to a backend. */
export function backendClient(target: BackendTarget, fetchImpl: typeof fetch = fetch) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetchImpl(`${target.url}/api${path}`, {
        method,
        // `x-promptstack-client: cli` is recorded as how a label move was made.
        headers: {
          authorization: `Bearer ${target.token}`,
          'x-promptstack-client': 'cli',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new BackendError(0, 'UNREACHABLE', `Cannot reach the backend at ${target.url}: ${(error as Error).message}. Is it running (npm start)?`);
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } & Record<string, unknown> } | undefined)?.error;
      const hint = response.status === 401 ? ' (sign in again with `promptstack login`, or check PROMPTSTACK_API_KEY)' : '';
      throw new BackendError(
        response.status,
        error?.code ?? `HTTP_${response.status}`,
        `${error?.message ?? response.statusText}${issuesText(error?.issues)}${hint}`,
        error ?? {},
      );
    }
    return parsed as T;
  }
  return {
    signIn: (email: string, password: string) => call<{ token: string; expires: string; user: { email: string } }>('POST', '/auth/signin', { email, password }),
    prompt: (id: string) => call<BackendPrompt>('GET', `/prompts/${encodeURIComponent(id)}`),
    workspaces: () => call<Array<{ id: string; name: string }>>('GET', '/workspaces'),
    projects: (workspaceId: string) => call<Array<{ id: string; name: string }>>('GET', `/projects?workspaceId=${encodeURIComponent(workspaceId)}`),
    /** Creates a prompt in a project with `content` as its version 1 (a signed-in user's call). */
    createPrompt: (body: { projectId: string; name: string; content: string; message?: string; partials?: Record<string, string>; tools?: ToolDefinition[] }) =>
      call<BackendPrompt & { created: boolean }>('POST', '/prompts', body),
    versions: (id: string) => call<{ items: Array<{ number: number }>; total: number }>('GET', `/prompts/${encodeURIComponent(id)}/versions?pageSize=100`),
    version: (id: string, number: number) =>
      call<{ id: string; number: number; source: string }>('GET', `/prompts/${encodeURIComponent(id)}/versions/${number}`),
    /** Uploads `source` as the next version, with the partials and tool definitions read beside it. */
    createVersion: (
      id: string,
      source: string,
      baseVersion: number,
      message?: string,
      extras: { partials?: Record<string, string>; tools?: ToolDefinition[] } = {},
    ) =>
      call<BackendPrompt & { created: boolean }>('POST', `/prompts/${encodeURIComponent(id)}/versions`, {
        source,
        baseVersion,
        ...(message ? { message } : {}),
        ...(extras.partials ? { partials: extras.partials } : {}),
        ...(extras.tools ? { tools: extras.tools } : {}),
      }),
    moveLabel: (id: string, label: string, versionNumber: number) =>
      call<unknown>('PUT', `/prompts/${encodeURIComponent(id)}/labels/${encodeURIComponent(label)}`, { versionNumber }),
    datasets: (projectId: string) => call<BackendDataset[]>('GET', `/datasets?projectId=${encodeURIComponent(projectId)}`),
    createDataset: (projectId: string, name: string, description: string, items: BackendDatasetItem[]) =>
      call<BackendDataset>('POST', '/datasets', { projectId, name, description, items }),
    replaceDatasetItems: (id: string, items: BackendDatasetItem[]) => call<BackendDataset>('PUT', `/datasets/${encodeURIComponent(id)}`, { items }),
    runDataset: (id: string, body: { promptId: string; versionId: string; model?: string; config?: Record<string, unknown>; concurrency: number }) =>
      call<BackendDatasetRun>('POST', `/datasets/${encodeURIComponent(id)}/run`, body),
    runs: (promptId: string, versionId: string, page: number, pageSize: number) =>
      call<{ items: BackendRun[]; total: number }>(
        'GET',
        `/prompts/${encodeURIComponent(promptId)}/test?versionId=${encodeURIComponent(versionId)}&page=${page}&pageSize=${pageSize}`,
      ),
  };
}

export type BackendClient = ReturnType<typeof backendClient>;
