/**
 * The floor under both sides: the bare `openai` SDK sending the same two messages (as our
 * renderer produces them) for every row, p-limit at `concurrency`, the same contains check.
 * Run as its own process, bundled like ourEval.ts; prints one JSON line like it. With
 * BARE_SDK_FETCH=core the SDK gets the fetch core gives it (providers/nodeFetch.ts), so the floor
 * under our own side can be read with the same HTTP stack.
 *
 *   node bareSdkEval.mjs <dataset.csv> <cases> <concurrency> <openaiBaseUrl> <apiKey>
 */
import OpenAI from 'openai';
import pLimit from 'p-limit';
import { createNodeFetch } from '@promptstack/core/providers/nodeFetch';
import { performance } from 'node:perf_hooks';
import { readTopics } from './dataset.ts';

const [datasetPath, casesArg, concurrencyArg, baseURL, apiKey] = process.argv.slice(2);
if (!datasetPath || !baseURL || !apiKey) {
  console.error('usage: bareSdkEval <dataset.csv> <cases> <concurrency> <openaiBaseUrl> <apiKey>');
  process.exit(2);
}

const topics = readTopics(datasetPath).slice(0, Number(casesArg));
const client = new OpenAI({ apiKey, baseURL, maxRetries: 0, ...(process.env.BARE_SDK_FETCH === 'core' ? { fetch: createNodeFetch() } : {}) });
const limit = pLimit(Number(concurrencyArg));

/** One call; true when the answer mentions the topic, ignoring case. */
async function evaluate(topic: string): Promise<boolean> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a concise assistant. Answer in one sentence.' },
        { role: 'user', content: `Write one sentence about ${topic}.` },
      ],
      temperature: 0,
      max_completion_tokens: 64,
    });
    return (completion.choices[0]?.message.content ?? '').toLowerCase().includes(topic.toLowerCase());
  } catch {
    return false;
  }
}

const started = performance.now();
const passed = (await Promise.all(topics.map((topic) => limit(() => evaluate(topic))))).filter(Boolean).length;
process.stdout.write(`${JSON.stringify({ cases: topics.length, passed, evalMs: performance.now() - started })}\n`);
