/**
 * Run as its own process by the experiments test: a fresh client fetches a split label once and
 * assigns the unit keys given on the command line, printing `{ versions, requests }` as JSON
 * (what each key got, and how many requests went out).
 * Usage: node --import tsx assignInChild.ts <baseUrl> <apiKey> <prompt> <label> <key>...
 */
import { PromptStack } from '../../src/index.ts';

const [baseUrl, apiKey, name, label, ...keys] = process.argv.slice(2);
let requests = 0;
const ps = new PromptStack({
  apiKey: apiKey!,
  baseUrl: baseUrl!,
  flushOnExit: false,
  // A loaded test machine may take long to answer the one fetch.
  timeoutMs: 60_000,
  fetch: (input, init) => {
    requests++;
    return fetch(input, init);
  },
});
const versions: number[] = [];
for (const unitKey of keys) versions.push((await ps.getPrompt(name!, { label: label!, unitKey })).version);
await ps.close();
console.log(JSON.stringify({ versions, requests }));
