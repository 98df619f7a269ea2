/**
 * A bare LSP client over the built language server (`language-server/dist/server.js --stdio`),
 * with what the benchmarks send: open, incremental change, completion, hover, and a wait for
 * the diagnostics of one document version.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CompletionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Position,
  type ProtocolConnection,
  type Range,
} from 'vscode-languageserver-protocol/node';

/** The bundled server; `npm run bench` builds it first (the bench package's `prebench`). */
export const SERVER_PATH = fileURLToPath(new URL('../../language-server/dist/server.js', import.meta.url));

/** One running server and its connection. */
export class BenchServer {
  private readonly folder = mkdtempSync(join(tmpdir(), 'promptstack-bench-'));
  private readonly diagnosticsWaiters = new Map<string, () => void>();

  private constructor(
    private readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, version }) => {
      const key = `${uri}@${version}`;
      this.diagnosticsWaiters.get(key)?.();
      this.diagnosticsWaiters.delete(key);
    });
  }

  /** Spawns the server and completes the initialize handshake with these `initializationOptions`. */
  static async start(initializationOptions: Record<string, unknown>): Promise<BenchServer> {
    if (!existsSync(SERVER_PATH)) {
      throw new Error(`${SERVER_PATH} is missing: run \`npm run build -w @promptstack/language-server\``);
    }
    const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    const server = new BenchServer(connection, child);
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(server.folder).toString(),
      capabilities: {},
      initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return server;
  }

  /** A document URI in the server's temp workspace (the file need not exist). */
  uri(name: string): string {
    return pathToFileURL(join(this.folder, name)).toString();
  }

  /**
   * Resolves when diagnostics for exactly this version arrive. Register before sending the edit
   * that produces them, so a fast server cannot answer before anyone listens.
   */
  diagnosticsFor(uri: string, version: number): Promise<void> {
    return new Promise((resolve) => this.diagnosticsWaiters.set(`${uri}@${version}`, resolve));
  }

  /** Opens a document as version 1. */
  open(uri: string, text: string): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dotprompt', version: 1, text },
    });
  }

  /** Sends one incremental edit: `text` replaces `range`. */
  change(uri: string, version: number, range: Range, text: string): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
  }

  /** Asks for completions and returns how many items came back. */
  async completion(uri: string, position: Position): Promise<number> {
    const result = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    if (!result) return 0;
    return Array.isArray(result) ? result.length : result.items.length;
  }

  /** Asks for a hover and returns whether there was one. */
  async hover(uri: string, position: Position): Promise<boolean> {
    return (await this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position })) !== null;
  }

  /** Shuts the server down and removes its temp folder. */
  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    await exited;
    this.connection.dispose();
    rmSync(this.folder, { recursive: true, force: true });
  }
}
