/**
 * One webview panel per file for a PromptStack view, with the message plumbing both views share:
 * messages wait in a queue until the page says `ready` (a new or re-shown page has not loaded its
 * script yet; a hidden page is unloaded), every delivered message fires `onDidPost`, and every
 * request from the page fires `onRequest`.
 */
import * as vscode from 'vscode';
import { webviewHtml } from './webviewHtml.ts';

/** What a panel host needs to know about its view. */
export interface PanelSpec {
  /** Webview type id (also the bundle name under dist/webviews/). */
  viewType: 'runResults' | 'abResults' | 'analytics' | 'experiment';
  title: string;
}

/** A panel showing one file's view; created by {@link PanelRegistry}. */
export class PanelHost<Out, In extends { type: string }> implements vscode.Disposable {
  private queue: Out[] = [];
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly uri: vscode.Uri,
    readonly panel: vscode.WebviewPanel,
    private readonly onDidPost: (message: Out) => void,
    private readonly onRequest: (request: In) => void,
  ) {
    this.disposables.push(
      panel.webview.onDidReceiveMessage((request: In) => {
        if (request?.type === 'ready') {
          this.ready = true;
          this.flush();
        }
        this.onRequest(request);
      }),
      // A hidden page is unloaded (retainContextWhenHidden is off); it says `ready` again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
  }

  /** Sends `message` now, or when the page is ready. */
  post(message: Out): void {
    this.queue.push(message);
    if (this.ready) this.flush();
  }

  /**
   * Sends the queue in order. A message VS Code could not deliver (the page went away before the
   * view-state event said so) goes back to the queue for the page's next `ready`, so a run that
   * finishes while its panel is hidden still shows when the panel is shown again.
   */
  private flush(): void {
    const pending = this.queue;
    this.queue = [];
    for (const message of pending) {
      void this.panel.webview.postMessage(message).then(
        (delivered) => {
          if (delivered) this.onDidPost(message);
          else this.undelivered(message);
        },
        () => this.undelivered(message),
      );
    }
  }

  private undelivered(message: Out): void {
    this.ready = false;
    this.queue.push(message);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

/** Keeps one panel per file for a view type; reveals the existing one when asked again. */
export class PanelRegistry<Out, In extends { type: string }> implements vscode.Disposable {
  private readonly panels = new Map<string, PanelHost<Out, In>>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly spec: PanelSpec,
    private readonly onDidPost: (uri: vscode.Uri, message: Out) => void,
    private readonly onRequest: (host: PanelHost<Out, In>, request: In) => void,
  ) {}

  /** The file's panel, created beside the editor if there is none, and revealed. */
  show(uri: vscode.Uri): PanelHost<Out, In> {
    const existing = this.panels.get(uri.toString());
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const name = uri.path.split('/').pop() ?? uri.path;
    const panel = vscode.window.createWebviewPanel(
      this.spec.viewType,
      `${this.spec.title}: ${name}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webviews')] },
    );
    const host: PanelHost<Out, In> = new PanelHost<Out, In>(
      uri,
      panel,
      (message) => this.onDidPost(uri, message),
      (request) => this.onRequest(host, request),
    );
    panel.webview.html = webviewHtml({ webview: panel.webview, extensionUri: this.extensionUri, script: this.spec.viewType, title: panel.title });
    panel.onDidDispose(() => {
      host.dispose();
      this.panels.delete(uri.toString());
    });
    this.panels.set(uri.toString(), host);
    return host;
  }

  /** The file's panel if one is open. */
  get(uri: vscode.Uri): PanelHost<Out, In> | undefined {
    return this.panels.get(uri.toString());
  }

  /**
   * Handles `request` as if the file's page had sent it (the extension-host tests' stand-in for a
   * click, since the page's DOM is out of their reach); false when no panel is open for `uri`.
   */
  receive(uri: vscode.Uri, request: In): boolean {
    const host = this.panels.get(uri.toString());
    if (!host) return false;
    this.onRequest(host, request);
    return true;
  }

  dispose(): void {
    for (const host of this.panels.values()) host.panel.dispose();
    this.panels.clear();
  }
}
