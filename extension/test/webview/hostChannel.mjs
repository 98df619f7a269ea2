// The driver's end of the control channel to test/webview/hostIndex.ts: a loopback HTTP server the
// extension host long-polls. Each `POST /next` carries the result of the previous operation and
// is answered with the next one, so `call(op, args)` reads like a remote procedure call.
import { createServer } from 'node:http';

/** Result of an operation the extension host failed: carries its stack. */
export class HostOperationError extends Error {}

/**
 * Starts the channel on a free loopback port. Resolves with `{ url, connected, call, close }`:
 * `connected` settles when the extension host first asks; `call(op, args, timeoutMs)` resolves with
 * the operation's value (rejects with its error, or after `timeoutMs`); `close()` answers `done`.
 */
export async function startHostChannel() {
  /** The extension host's waiting request, answered by the next call. */
  let waitingResponse;
  /** The call whose result the next request carries. */
  let inFlight;
  let onConnected;
  const connected = new Promise((resolve) => (onConnected = resolve));

  const server = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/next') return void response.writeHead(404).end();
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      waitingResponse = response;
      if (body.hello) onConnected();
      const call = inFlight;
      inFlight = undefined;
      if (call && !body.hello) {
        if (body.ok) call.resolve(body.value);
        else call.reject(new HostOperationError(`extension host: ${call.op} failed:\n${body.error}`));
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;

  const send = (operation) => {
    const response = waitingResponse;
    waitingResponse = undefined;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(operation));
  };

  return {
    url,
    connected,
    call(op, args = {}, timeoutMs = 30_000) {
      if (!waitingResponse || inFlight) return Promise.reject(new Error(`the extension host is not waiting for an operation (sending ${op})`));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          // A late result then finds no call, and the next call can still go out.
          inFlight = undefined;
          reject(new Error(`extension host: ${op} gave no result within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        inFlight = {
          op,
          resolve: (value) => (clearTimeout(timer), resolve(value)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        };
        send({ op, args });
      });
    },
    close() {
      if (waitingResponse) send({ op: 'done' });
      // Lets the `done` answer flush; idle keep-alive sockets are closed with the server.
      server.close();
    },
  };
}
