/**
 * The world the label, experiment and webhook test files share, set up afresh by each file so
 * that either runs alone: the backend as `npm start` runs it (with webhooks allowed to private
 * URLs, for a receiver in the test), Chromium, and two users signed up through the pages: Ada,
 * an Admin whose personal workspace holds the project Shop with the prompt greet (v1 and v2,
 * production on v1), and Carol, a Member of that workspace.
 */
import assert from 'node:assert/strict';
import type { APIRequestContext, Browser } from 'playwright-core';
import { AppPages, signUp } from './app.ts';
import { startBackend, type Backend } from './backend.ts';
import { launchBrowser } from './browser.ts';

const SOURCE = (greeting: string) => `---\nmodel: openai/gpt-4o-mini\n---\n${greeting} {{name}}!`;

export interface GovernanceWorld {
  backend: Backend;
  pages: AppPages;
  /** Ada's personal workspace, where Carol is a Member. */
  workspaceId: string;
  /** greet, with v1 and v2 and production on v1. */
  promptId: string;
  close(): Promise<void>;
}

/** Calls the API with the context's cookie; fails unless it answers `status` (201 for a POST, else 200), and returns the JSON body. */
export async function json<T>(
  request: APIRequestContext,
  method: 'get' | 'post' | 'put',
  path: string,
  data?: unknown,
  status = method === 'post' ? 201 : 200,
) {
  const res = await request[method](path, data === undefined ? undefined : { data });
  assert.equal(res.status(), status, `${method.toUpperCase()} ${path}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Starts the backend and the browser and signs Ada and Carol up; `close()` stops both (they are stopped too when a sign-up fails). */
export async function governanceWorld(): Promise<GovernanceWorld> {
  const backend = await startBackend({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await backend.stop();
  };
  try {
    browser = await launchBrowser();
    const pages = new AppPages(browser, backend.url);
    const ada = await pages.open();
    await signUp(ada.page, 'Ada', 'ada@example.com');
    await ada.page.getByRole('heading', { name: 'Workspaces' }).waitFor();
    const api = ada.page.request;
    const workspaceId = (await json<Array<{ id: string; personal: boolean }>>(api, 'get', '/api/workspaces')).find((w) => w.personal)!.id;
    const project = await json<{ id: string }>(api, 'post', '/api/projects', { workspaceId, name: 'Shop' });
    const prompt = await json<{ id: string }>(api, 'post', '/api/prompts', {
      projectId: project.id,
      name: 'greet',
      content: 'Hello {{name}}!',
      model: 'openai/gpt-4o-mini',
    });
    const promptId = prompt.id;
    await json(api, 'post', `/api/prompts/${promptId}/versions`, { source: SOURCE('Welcome back,'), baseVersion: 1 });
    await json(api, 'put', `/api/prompts/${promptId}/labels/production`, { versionNumber: 1 });

    // Carol joins as a Member.
    const carol = await pages.open();
    await signUp(carol.page, 'Carol', 'carol@example.com');
    await carol.page.getByRole('heading', { name: 'Workspaces' }).waitFor();
    const { invitation } = await json<{ invitation: { id: string } }>(api, 'post', `/api/workspaces/${workspaceId}/members`, {
      email: 'carol@example.com',
      role: 'MEMBER',
    });
    await json(carol.page.request, 'post', `/api/invitations/${invitation.id}/accept`, undefined, 200);
    await ada.context.close();
    await carol.context.close();
    return { backend, pages, workspaceId, promptId, close };
  } catch (error) {
    await close();
    throw error;
  }
}
