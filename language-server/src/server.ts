/**
 * Entry of the PromptStack language server (bundled as dist/server.js). The transport comes
 * from argv: `--stdio`, or `--node-ipc` when the VS Code client forks it.
 */
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from './analysis/analysisCache.ts';
import { AnalysisWorkerPool } from './analysis/analysisWorkerPool.ts';
import { DiagnosticsScheduler } from './diagnosticsScheduler.ts';
import { COMPLETION_TRIGGER_CHARACTERS } from './features/completion.ts';
import { analyzeDocument } from './analysis/analyzeDocument.ts';
import { isTestsFileUri, promptOfTestsFile } from './analysis/testsFiles.ts';
import { promptDiagnostics, testsDiagnostics } from './features/schema/documentDiagnostics.ts';
import { registerHandlers } from './handlers.ts';
import { analysisReadyNotification, WATCHED_FILE_GLOBS } from './protocol.ts';
import { readSettings } from './settings.ts';
import { LastEdits } from './typingPause.ts';

const connection = createConnection(ProposedFeatures.all);
const edits = new LastEdits();
// TextDocument's own create/update, with each change's position noted on the way through.
const documents = new TextDocuments<TextDocument>({
  create: TextDocument.create,
  update: (document, changes, version) => {
    edits.record(document.uri, version, changes);
    return TextDocument.update(document, changes, version);
  },
});
documents.onDidClose(({ document }) => edits.forget(document.uri));
const workers = new AnalysisWorkerPool();
let watchFilesDynamically = false;

connection.onInitialize((params): InitializeResult => {
  const settings = readSettings(params.initializationOptions);
  watchFilesDynamically = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  const cache = new AnalysisCache(workers, settings.workerThresholdChars);
  const diagnostics = new DiagnosticsScheduler(
    {
      diagnose: async (document) => {
        if (!isTestsFileUri(document.uri)) return promptDiagnostics(await cache.get(document), document);
        const prompt = promptOfTestsFile(document.uri, document.getText(), (uri) => documents.get(uri)?.getText());
        const open = prompt && documents.get(prompt.uri);
        return testsDiagnostics(document, prompt && (open ? await cache.get(open) : analyzeDocument(prompt.uri, prompt.text)));
      },
      current: (uri) => documents.get(uri),
      lastEdit: (uri, version) => edits.get(uri, version),
      publish: (uri, version, list) => {
        void connection.sendDiagnostics({ uri, version, diagnostics: list });
        // The extension refreshes a prompt's CodeLenses on this; tests files have none.
        if (version === undefined || isTestsFileUri(uri)) return;
        const errors = list.filter((d) => d.severity === 1).length;
        const warnings = list.filter((d) => d.severity === 2).length;
        void connection.sendNotification(analysisReadyNotification, { uri, version, errors, warnings });
      },
    },
    settings.diagnosticsDelayMs,
  );
  registerHandlers({ connection, documents, cache, diagnostics });
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
      hoverProvider: true,
      definitionProvider: true,
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
    },
    serverInfo: { name: 'promptstack-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  // Partials are files beside the prompt: learn when they appear or go away.
  if (watchFilesDynamically) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILE_GLOBS.map((globPattern) => ({ globPattern })) });
  }
});

connection.onShutdown(() => workers.dispose());

documents.listen(connection);
connection.listen();
