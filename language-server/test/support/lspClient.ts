/**
 * A real LSP client for tests: spawns the built server (dist/server.js --stdio) and speaks
 * JSON-RPC to it over its stdio. Diagnostics are awaited through the notifications themselves.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { PromptStackInitializationOptions } from '../../src/protocol.ts';

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'server.js');

type Waiter = { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

/** One running server, one connection, and a temp folder for fixture files. */
export class LspClient {
  readonly folder = mkdtempSync(path.join(tmpdir(), 'promptstack-ls-'));
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private waiters: Waiter[] = [];

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.latest.set(params.uri, params);
      const ready = this.waiters.filter((w) => w.uri === params.uri && w.accept(params));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const waiter of ready) waiter.resolve(params);
    });
  }

  /** Starts the server and completes the initialize handshake. */
  static async start(options: PromptStackInitializationOptions = { diagnosticsDelayMs: 10 }): Promise<LspClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    const client = new LspClient(connection, child);
    // A server that dies on start (a bad bundle) fails the test at once instead of timing out.
    const died = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`server exited with ${code}`))));
    const initialized = connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(client.folder).toString(),
      capabilities: {},
      initializationOptions: options,
    });
    await Promise.race([initialized, died]);
    died.catch(() => undefined);
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Writes a file into the temp folder and returns its URI. */
  writeFile(name: string, text: string): string {
    const file = path.join(this.folder, name);
    writeFileSync(file, text);
    return pathToFileURL(file).toString();
  }

  /** The URI a file of that name in the temp folder would have. */
  uri(name: string): string {
    return pathToFileURL(path.join(this.folder, name)).toString();
  }

  /** Opens a document as the editor would. */
  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'prompt', version, text } });
  }

  /** Resolves with the first diagnostics published for `uri` that satisfy `accept` (the latest one counts). */
  diagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    const latest = this.latest.get(uri);
    if (latest && accept(latest)) return Promise.resolve(latest);
    return new Promise((resolve) => this.waiters.push({ uri, accept, resolve }));
  }

  /** Diagnostics published for exactly this document version. */
  diagnosticsFor(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.diagnostics(uri, (p) => p.version === version);
  }

  /** Sends a request by method name. */
  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Shuts the server down and removes the temp folder. */
  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    await exited;
    this.connection.dispose();
    rmSync(this.folder, { recursive: true, force: true });
  }
}
