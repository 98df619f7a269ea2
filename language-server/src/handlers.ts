/**
 * The thin layer: maps each `connection.onX` to a pure feature function over the cached
 * analysis. Everything that touches the file system or timers lives here or below `analysis/`.
 */
import { pathToFileURL } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisCache } from './analysis/analysisCache.ts';
import { analyzeDocument } from './analysis/analyzeDocument.ts';
import { listPartialNames, partialExistsBeside, partialFilePath, partialResolverBeside, uriToFilePath } from './analysis/partials.ts';
import type { DiagnosticsScheduler } from './diagnosticsScheduler.ts';
import { codeActions } from './features/codeActions.ts';
import { completions } from './features/completion.ts';
import { definition } from './features/definition.ts';
import { hover } from './features/hover.ts';
import { promptInfo } from './features/promptInfo.ts';
import { documentSymbols } from './features/symbols.ts';
import { strictSchemaFix } from './features/schema/strictFix.ts';
import { SCHEMA_DIAGNOSTIC_CODES } from './features/schema/strictDiagnostics.ts';
import { isTestsFileUri } from './analysis/testsFiles.ts';
import { promptInfoRequest } from './protocol.ts';

/** What the handlers need from the server. */
export interface HandlerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  cache: AnalysisCache;
  diagnostics: DiagnosticsScheduler;
}

/** Wires every request and notification the server answers. */
export function registerHandlers({ connection, documents: all, cache, diagnostics }: HandlerContext): void {
  all.onDidChangeContent(({ document }) => {
    diagnostics.schedule(document);
    // A tests file is checked against its prompt's output schema: re-check open ones when a prompt changes.
    if (!isTestsFileUri(document.uri)) for (const tests of all.all().filter((d) => isTestsFileUri(d.uri))) diagnostics.schedule(tests);
  });
  // Tests files get diagnostics only; every other feature is for prompts.
  const documents = { get: (uri: string) => (isTestsFileUri(uri) ? undefined : all.get(uri)), all: () => all.all() };
  all.onDidClose(({ document }) => {
    cache.evict(document.uri);
    diagnostics.clear(document.uri);
  });
  // A partial appearing or disappearing changes other documents' diagnostics, not their text.
  connection.onDidChangeWatchedFiles(() => {
    cache.clear();
    for (const document of documents.all()) diagnostics.schedule(document);
  });

  connection.onCompletion(async ({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return null;
    const filePath = uriToFilePath(document.uri);
    return completions(await cache.recent(document), document, position, filePath ? listPartialNames(filePath) : []);
  });
  connection.onHover(async ({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    return document ? hover(await cache.get(document), position) : null;
  });
  connection.onDefinition(async ({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return null;
    const filePath = uriToFilePath(document.uri);
    const partialUri = (name: string) =>
      filePath && partialExistsBeside(filePath, name) ? pathToFileURL(partialFilePath(filePath, name)).toString() : undefined;
    return definition(await cache.get(document), document.uri, position, partialUri);
  });
  connection.onDocumentSymbol(async ({ textDocument }) => {
    const document = documents.get(textDocument.uri);
    return document ? documentSymbols(await cache.get(document), document) : null;
  });
  connection.onCodeAction(async ({ textDocument, context }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return null;
    const analysis = await cache.get(document);
    const actions = codeActions(analysis, document, context.diagnostics);
    const notStrict = context.diagnostics.filter((d) => d.code === SCHEMA_DIAGNOSTIC_CODES.outputSchemaNotStrict);
    const strictFix = notStrict.length > 0 ? await strictSchemaFix(analysis, document, notStrict) : undefined;
    return strictFix ? [...actions, strictFix] : actions;
  });
  connection.onRequest(promptInfoRequest, async ({ uri, text, input, defaultModel }) => {
    const filePath = uriToFilePath(uri);
    const subject = { uri, input, defaultModel, partialResolver: filePath ? partialResolverBeside(filePath) : undefined };
    const document = documents.get(uri);
    if (document) return promptInfo(await cache.get(document), { ...subject, version: document.version, text: document.getText() });
    // Not open here: analysed once, not cached (the cache follows open documents' versions).
    return text === undefined ? null : promptInfo(analyzeDocument(uri, text), { ...subject, version: 0, text });
  });
}
