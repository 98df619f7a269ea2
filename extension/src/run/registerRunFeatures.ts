/**
 * Registers the run side's editor features (the prompt CodeLenses and the Test Explorer
 * controller) and returns what the extension API exposes of them (events tests observe).
 * The commands themselves are in the command table (commands/index.ts).
 */
import * as vscode from 'vscode';
import type { PromptStackContext } from '../context.ts';
import { PromptCodeLensProvider } from '../codelens/promptCodeLensProvider.ts';
import { createPromptTestExplorer, type PromptTestExplorer } from '../testing/promptTestController.ts';
import type { PostedWebviewMessage } from '../webviews/protocol.ts';
import { runServices, type ReceivedWebviewRequest } from './runServices.ts';

/** The run side's part of `PromptStackApi`. */
export interface RunApi {
  /** Fires with every message a PromptStack webview received from the extension. */
  readonly onDidPostWebviewMessage: vscode.Event<PostedWebviewMessage>;
  /** Fires with every request a PromptStack webview sent (its `ready` proves the page's script ran). */
  readonly onDidReceiveWebviewRequest: vscode.Event<ReceivedWebviewRequest>;
  /** The Test Explorer controller and its outcome event. */
  readonly tests: PromptTestExplorer;
  /**
   * Handles a request as if the file's open panel had sent it (what a click on the page sends);
   * false when no such panel is open. For tests, which cannot reach the page's DOM.
   */
  sendWebviewRequest(request: ReceivedWebviewRequest): boolean;
}

/** Registers CodeLenses and the test controller; call once from `activate`. */
export function registerRunFeatures(ctx: PromptStackContext): RunApi {
  const services = runServices(ctx);
  const lenses = new PromptCodeLensProvider(ctx);
  const tests = createPromptTestExplorer(ctx);
  ctx.subscriptions.push(
    vscode.languages.registerCodeLensProvider({ language: 'dotprompt' }, lenses),
    services.inputs.onDidChange(() => lenses.refresh()),
    tests,
  );
  return {
    onDidPostWebviewMessage: services.webviewMessages.event,
    onDidReceiveWebviewRequest: services.webviewRequests.event,
    tests,
    sendWebviewRequest(request) {
      const uri = vscode.Uri.parse(request.uri);
      switch (request.panel) {
        case 'runResults':
          return services.runPanels.receive(uri, request.request);
        case 'abResults':
          return services.abPanels.receive(uri, request.request);
        case 'analytics':
          return services.analyticsReceiver?.(uri, request.request) ?? false;
        case 'experiment':
          return services.experimentReceiver?.(uri, request.request) ?? false;
      }
    },
  };
}
