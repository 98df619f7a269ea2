/**
 * One run of a prompt file, shown in its results panel: opens (or reveals) the panel, streams the
 * output into it, records the run in the file's history and reports errors in plain words.
 */
import type { Message } from '@promptstack/core';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { showErrorWithSettings } from '../settingActions.ts';
import type { RunView, SentMessage } from '../webviews/protocol.ts';
import { chooseRunTarget } from './chooseRunTarget.ts';
import { runLogLine } from './runLog.ts';
import type { RunServices } from './runServices.ts';
import type { RunOutcome } from './runTarget.ts';

/** Options of {@link runPromptFile}. */
export interface RunFileOptions {
  input: Record<string, unknown>;
  /** Overrides the frontmatter model. */
  model?: string;
}

/**
 * Runs the prompt at `uri` with `input`; resolves with the finished run as the panel shows it, or
 * undefined when the user cancelled the choice of where to run (chooseRunTarget.ts).
 */
export async function runPromptFile(services: RunServices, uri: vscode.Uri, options: RunFileOptions): Promise<RunView | undefined> {
  const document = await vscode.workspace.openTextDocument(uri);
  const target = await chooseRunTarget(services.team, services.local, document);
  if (!target) return undefined;
  const host = services.runPanels.show(uri);
  const runId = randomUUID();
  const startedAt = new Date().toISOString();
  host.post({ type: 'runStarted', runId, model: options.model ?? '', input: options.input, startedAt, target: target.kind });

  const controller = new AbortController();
  services.inFlight.set(runId, controller);
  let outcome: RunOutcome;
  try {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `PromptStack: running ${document.fileName.split(/[\\/]/).pop()}` },
      () =>
        target.run({
          uri,
          source: document.getText(),
          input: options.input,
          model: options.model,
          signal: controller.signal,
          onToken: (text) => host.post({ type: 'token', runId, text }),
        }),
    );
  } finally {
    services.inFlight.delete(runId);
  }

  const run = toRunView(runId, options.input, outcome);
  const runs = await services.history.add(uri, run);
  const log = runLogLine(uri.path.split('/').pop() ?? uri.path, run);
  if (run.status === 'success') services.ctx.output.info(log);
  else services.ctx.output.warn(log);
  host.post({ type: 'runFinished', run });
  host.post({ type: 'history', runs });
  if (run.error && run.error.kind !== 'cancelled') void offerFix(run.error, run.target === 'local');
  return run;
}

/** Converts a runner result into what the panel and history keep. */
export function toRunView(runId: string, input: Record<string, unknown>, { result, target, errorText, recorded }: RunOutcome): RunView {
  return {
    runId,
    startedAt: result.startedAt,
    status: result.status,
    model: result.model,
    input,
    output: result.output,
    ...(result.outputJson !== undefined ? { outputJson: result.outputJson } : {}),
    ...(result.schemaValid !== undefined ? { schemaValid: result.schemaValid } : {}),
    ...(result.toolCalls?.length ? { toolCalls: result.toolCalls.map((call) => ({ ...call })) } : {}),
    messages: result.messages.map(sentMessage),
    inputTokens: result.inputTokens,
    outputTokens: result.outputTokens,
    costUsd: result.costUsd,
    priced: result.priced,
    latencyMs: result.latencyMs,
    target,
    ...(recorded ? { recorded } : {}),
    ...(result.error ? { error: { kind: result.error.kind, message: errorText ?? result.error.message } } : {}),
  };
}

/** A rendered message as text: text parts as they are, media as a placeholder naming it. */
function sentMessage(message: Message): SentMessage {
  const text = message.content
    .map((part) => {
      if ('text' in part && typeof part.text === 'string') return part.text;
      if ('media' in part && part.media) return `[media: ${part.media.url.slice(0, 60)}]`;
      return `[${Object.keys(part)[0] ?? 'part'}]`;
    })
    .join('');
  return { role: message.role, text };
}

/**
 * Local auth errors get a button that opens the key command (a backend run uses the workspace's
 * key); an error naming a setting (a base URL) gets "Open Settings".
 */
async function offerFix(error: { kind: string; message: string }, local: boolean): Promise<void> {
  const setKey = 'Set API Key';
  const choice = await showErrorWithSettings(error.message, undefined, ...(error.kind === 'auth' && local ? [setKey] : []));
  if (choice === setKey) await vscode.commands.executeCommand('promptstack.setApiKey');
}
