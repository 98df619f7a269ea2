/**
 * The HTML shell every PromptStack webview uses: a strict Content-Security-Policy where only the
 * panel's own bundled script (carrying a fresh nonce) may run, styles come from the extension
 * or inline (the web components inject theirs), and nothing may be fetched from the network.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A random nonce for one rendering of a webview. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Options of {@link webviewHtml}. */
export interface WebviewHtmlOptions {
  webview: vscode.Webview;
  extensionUri: vscode.Uri;
  /** Bundle name: dist/webviews/<script>.js. */
  script: string;
  title: string;
  /** Extra CSS for the page, inlined. */
  css?: string;
}

/** The page for a webview: CSP with a nonce, the bundle as its only script, theme-coloured body. */
export function webviewHtml({ webview, extensionUri, script, title, css = '' }: WebviewHtmlOptions): string {
  const nonce = createNonce();
  const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webviews', `${script}.js`));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 16px; }
  h2, h3 { font-weight: 600; margin: 16px 0 8px; }
  pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); white-space: pre-wrap; word-break: break-word; background: var(--vscode-textCodeBlock-background); padding: 8px; border-radius: 4px; margin: 4px 0; }
  .muted { color: var(--vscode-descriptionForeground); }
  .error { color: var(--vscode-errorForeground); border-left: 3px solid var(--vscode-inputValidation-errorBorder); padding: 4px 8px; background: var(--vscode-inputValidation-errorBackground); }
  .metrics { display: flex; flex-wrap: wrap; gap: 16px; margin: 8px 0; }
  .metrics span b { font-weight: 600; }
  .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
  th, td.cell { text-align: left; }
  th, .cell { padding: 4px 16px 4px 0; }
  th { border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); font-weight: 600; }
  /* A narrow panel (a side column is often ~350 px) turns a table of figures into one card per row,
     each cell on its own labelled line, so a row's buttons stay on screen instead of past the edge. */
  @media (max-width: 480px) {
    table.fits-narrow, table.fits-narrow tbody, table.fits-narrow tr, table.fits-narrow td { display: block; }
    table.fits-narrow tr:has(th) { display: none; }
    table.fits-narrow tr { padding: 6px 0; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); }
    table.fits-narrow td.cell { padding: 2px 0; overflow-wrap: anywhere; }
    table.fits-narrow td[data-label]::before { content: attr(data-label) ": "; color: var(--vscode-descriptionForeground); }
  }
  ${css}
</style>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${scriptUri.toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
