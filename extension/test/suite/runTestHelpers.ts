/**
 * Shared steps of the run-side tests: a local provider (core's server speaking every runnable
 * provider's wire protocol) wired into the extension through its real settings and the real
 * `promptstack.setApiKey` command, and waiting on the extension's events instead of sleeping.
 */
import { startLocalProviderServer, type LocalProviderServer, type ProviderScript } from '@promptstack/core/local-provider/server';
import { RUNNABLE_PROVIDER_IDS } from '@promptstack/core/providers/runnableProviders';
import * as vscode from 'vscode';
import { baseUrlSetting } from '../../src/config.ts';

/** The key the local provider accepts. */
export const TEST_KEY = 'sk-promptstack-test';

/** Starts a local provider and points the extension at it (user settings + SecretStorage key). */
export async function startProviderForExtension(script: ProviderScript = {}): Promise<LocalProviderServer> {
  const server = await startLocalProviderServer({ apiKey: TEST_KEY, script });
  const settings = vscode.workspace.getConfiguration('promptstack');
  for (const id of RUNNABLE_PROVIDER_IDS) await settings.update(baseUrlSetting(id), server.baseUrls[id], vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('promptstack.setApiKey', 'openai', TEST_KEY);
  return server;
}

/** Stops the provider and restores the settings. */
export async function stopProvider(server: LocalProviderServer | undefined): Promise<void> {
  const settings = vscode.workspace.getConfiguration('promptstack');
  for (const id of RUNNABLE_PROVIDER_IDS) await settings.update(baseUrlSetting(id), undefined, vscode.ConfigurationTarget.Global);
  await server?.close();
}

/**
 * Collects what `event` fires, and resolves `until(accept)` once a collected value is accepted
 * (checking what already arrived first). Mocha's timeout bounds the wait.
 */
export function collect<T>(event: vscode.Event<T>): {
  seen: T[];
  until<U extends T>(accept: (value: T) => value is U): Promise<U>;
  until(accept: (value: T) => boolean): Promise<T>;
  dispose(): void;
} {
  const seen: T[] = [];
  const waiters: { accept: (value: T) => boolean; resolve: (value: T) => void }[] = [];
  const subscription = event((value) => {
    seen.push(value);
    for (const waiter of [...waiters]) {
      if (waiter.accept(value)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(value);
      }
    }
  });
  return {
    seen,
    until(accept: (value: T) => boolean): Promise<any> {
      const found = seen.find(accept);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ accept, resolve }));
    },
    dispose: () => subscription.dispose(),
  };
}

/**
 * Resolves as `promise` does, or rejects after `ms` saying what it waited `for` and what `explain`
 * gives (what had arrived by then), so a wait that never ends names its state instead of leaving
 * only mocha's timeout. `ms` stays under the suite's 20 s timeout.
 */
export function explainedWait<T>(promise: Promise<T>, waitedFor: string, explain: () => string, ms = 15_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms / 1000} s for ${waitedFor}; ${explain()}`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The editor groups and their tabs (`*` the active one), for a wait's explanation. */
export function editorLayout(): string {
  return vscode.window.tabGroups.all
    .map(
      (group) =>
        `group ${group.viewColumn}${group.isActive ? ' (active)' : ''}: ${group.tabs.map((tab) => `${tab.label}${tab.isActive ? '*' : ''}`).join(', ')}`,
    )
    .join('; ');
}
