/**
 * Starts the local provider for offline demos: `npx tsx core/src/local-provider/cli.ts [--port 8787]
 * [--latency 15]`. Prints the base URLs and the env variables that point the SDKs (and so
 * PromptStack) at it. Stops on Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { RUNNABLE_PROVIDERS } from '../providers/runnableProviders.ts';
import { startLocalProviderServer } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    latency: { type: 'string', default: '0' },
    'failure-rate': { type: 'string', default: '0' },
  },
});

const port = Number(values.port);
const latencyMs = Number(values.latency);
const failureRate = Number(values['failure-rate']);
if (![port, latencyMs, failureRate].every(Number.isFinite)) {
  console.error('Usage: cli.ts [--port N] [--host H] [--latency MS] [--failure-rate 0..1]');
  process.exit(2);
}

const server = await startLocalProviderServer({
  port,
  host: values.host,
  keepRequests: false,
  script: { '*': { latencyMs, failureRate, failWith: { status: 429, retryAfter: 1 }, tokensPerChunk: 2 } },
});

console.log(`Local provider listening on ${server.url}`);
for (const provider of RUNNABLE_PROVIDERS) console.log(`  ${provider.label.padEnd(14)} base URL ${server.baseUrls[provider.id]}`);
console.log('\nPoint PromptStack (the server reads these variables) at it:');
for (const provider of RUNNABLE_PROVIDERS) {
  console.log(`  export ${provider.envBaseUrlVar}=${server.baseUrls[provider.id]}`);
  console.log(`  export ${provider.envKeyVars[0]}=local-key`);
}
console.log('\nEvery model answers "Echo: <last user message>". Ctrl-C to stop.');

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
