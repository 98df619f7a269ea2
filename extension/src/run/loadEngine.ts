/**
 * Loads dist/engine.js (see engine.ts) once, on the first run, CodeLens cost or test run.
 * Only the engine's types are imported statically, so none of it lands in dist/extension.js.
 */
import type * as vscode from 'vscode';

/** What dist/engine.js exports. */
export type Engine = typeof import('./engine.ts');

let engine: Engine | undefined;

/** The run engine, required from the extension's dist/ folder on first call. */
export function loadEngine(extensionContext: vscode.ExtensionContext): Engine {
  // A plain `require` of a computed path: esbuild leaves it alone, Node loads the sibling bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an import() would be bundled
  engine ??= require(extensionContext.asAbsolutePath('dist/engine.js')) as Engine;
  return engine;
}
