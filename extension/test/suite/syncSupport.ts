/**
 * Shared steps of the sync and auth suites: the backend the runner started (its URL arrives as
 * PROMPTSTACK_TEST_BACKEND_URL), users made over its REST API, throw-away `.prompt` files, and a
 * scripted UI that answers the extension's input boxes, picks and buttons in order.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createBackendClient, type BackendClient } from '../../src/team/api/client.ts';
import type { SyncUi } from '../../src/team/ui.ts';

/** Set by test/runHost.mjs (test/host/backend.mjs). */
export const BACKEND_URL_ENV = 'PROMPTSTACK_TEST_BACKEND_URL';

/** The backend's URL; fails the test with the reason when the runner did not start one. */
export function backendUrl(): string {
  const url = process.env[BACKEND_URL_ENV];
  assert.ok(url, `${BACKEND_URL_ENV} is not set: run the suite through test/runHost.mjs, which starts the backend`);
  return url;
}

/** A user signed up and signed in over REST, with a typed client of their own ("another machine"). */
export interface BackendUser {
  id: string;
  email: string;
  name: string;
  password: string;
  token: string;
  client: BackendClient;
}

/** JSON over the backend's REST door. */
export async function rest(path: string, init: { method?: string; token?: string; json?: unknown } = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${backendUrl()}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Signs a new user up and in (each run's emails are unique). */
export async function createBackendUser(name: string): Promise<BackendUser> {
  const email = `${name.toLowerCase()}-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'correct horse battery';
  const signup = await rest('/api/auth/signup', { method: 'POST', json: { name, email, password } });
  assert.equal(signup.status, 201, `signup answered ${signup.status}: ${JSON.stringify(signup.body)}`);
  const signin = await rest('/api/auth/signin', { method: 'POST', json: { email, password } });
  assert.equal(signin.status, 200, `signin answered ${signin.status}: ${JSON.stringify(signin.body)}`);
  const token = signin.body.token as string;
  return { id: signin.body.user.id, email, name, password, token, client: createBackendClient({ backendUrl: backendUrl(), token: () => token }) };
}

/** Makes `user` a member of `workspaceId` with `role`: `admin` invites them and they accept. */
export async function joinWorkspace(admin: BackendClient, workspaceId: string, user: BackendUser, role: 'ADMIN' | 'MEMBER' | 'VIEWER'): Promise<void> {
  const { invitation } = await admin.workspaces.members.add.mutate({ id: workspaceId, email: user.email, role });
  await user.client.invitations.accept.mutate({ id: invitation.id });
}

/** Points `promptstack.backendUrl` (user settings of the throw-away profile) at the test backend. */
export function useTestBackend(): Promise<void> {
  return useBackendUrl(backendUrl());
}

/** Sets `promptstack.backendUrl` and resolves once the change has reached the extension. */
export async function useBackendUrl(url: string): Promise<void> {
  const read = () => vscode.workspace.getConfiguration('promptstack').get<string>('backendUrl');
  if (read() === url) return;
  const changed = new Promise<void>((resolve) => {
    const subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('promptstack.backendUrl') && read() === url) {
        subscription.dispose();
        resolve();
      }
    });
  });
  await vscode.workspace.getConfiguration('promptstack').update('backendUrl', url, vscode.ConfigurationTarget.Global);
  if (read() !== url) await changed;
}

/**
 * Writes `text` to a new `.prompt` file outside the repository and opens it in an editor;
 * `prepare` may first put other files (partials) into its new folder.
 */
export async function openTempPrompt(fileName: string, text: string, prepare?: (folder: string) => void): Promise<vscode.TextDocument> {
  const folder = mkdtempSync(join(tmpdir(), 'promptstack-sync-'));
  prepare?.(folder);
  const path = join(folder, fileName);
  writeFileSync(path, text);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Appends `text` to the document (unsaved, as typing would). */
export async function appendText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, document.positionAt(document.getText().length), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

/** The active tab's input when it is a diff, else undefined. */
export function activeDiff(): vscode.TabInputTextDiff | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputTextDiff ? input : undefined;
}

type Choice = (message: string, choices: string[]) => string | undefined;

/**
 * Answers the extension's questions from queues, in order; a question with no answer queued
 * throws, so a test fails at the unexpected question instead of hanging on it.
 */
export class ScriptedUi {
  readonly infos: string[] = [];
  readonly errors: string[] = [];
  /** The buttons offered with each error shown with buttons (`errorWithActions`). */
  readonly errorActions: string[][] = [];
  private readonly errorAnswers: string[] = [];
  /** Every question asked (input prompts/titles, pick titles, choice messages). */
  readonly asked: string[] = [];
  private readonly inputs: string[] = [];
  private readonly picks: string[] = [];
  private readonly choices: Choice[] = [];

  /** Queues input-box answers. */
  typing(...values: string[]): this {
    this.inputs.push(...values);
    return this;
  }
  /** Queues quick-pick answers: the first item whose label contains the text. */
  picking(...labels: string[]): this {
    this.picks.push(...labels);
    return this;
  }
  /** Queues button answers: a fixed button text, or a function of the message and buttons. */
  choosing(...answers: (string | Choice)[]): this {
    this.choices.push(...answers.map((a) => (typeof a === 'string' ? () => a : a)));
    return this;
  }

  /** Queues answers to errors shown with buttons (a button's text); unanswered ones are dismissed. */
  answeringErrors(...buttons: string[]): this {
    this.errorAnswers.push(...buttons);
    return this;
  }

  /** The UI to hand to `api.team.setUi`. */
  ui(): Partial<SyncUi> {
    return {
      input: async (options) => {
        this.asked.push(`input: ${options.title ?? options.prompt ?? ''}`);
        const value = this.inputs.shift();
        if (value === undefined) throw new Error(`unexpected input box: ${options.title ?? options.prompt}`);
        return value;
      },
      pick: async <T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions) => {
        this.asked.push(`pick: ${options.title ?? ''}`);
        const label = this.picks.shift();
        if (label === undefined) throw new Error(`unexpected quick pick: ${options.title} (${items.map((i) => i.label).join(', ')})`);
        const item = items.find((i) => i.label.includes(label));
        assert.ok(item, `no item "${label}" in ${options.title}: ${items.map((i) => i.label).join(', ')}`);
        return item;
      },
      choose: async (message, _options, ...buttons) => {
        this.asked.push(`choose: ${message}`);
        const answer = this.choices.shift();
        if (!answer) throw new Error(`unexpected question: ${message} [${buttons.join(' | ')}]`);
        return answer(message, buttons);
      },
      info: (message) => void this.infos.push(message),
      error: (message) => void this.errors.push(message),
      errorWithActions: async (message, ...actions) => {
        this.errors.push(message);
        this.errorActions.push(actions);
        return this.errorAnswers.shift();
      },
    };
  }
}
