// A small production service: answers a stream of customer questions with the prompt labelled
// `production` in PromptStack, through the SDK (cached prompt, model call, generation logged), and
// records a thumbs-up score for the answers its users liked. Prints a one-line summary at the end.
//
//   PROMPTSTACK_URL=... PROMPTSTACK_API_KEY=psk_... OPENAI_BASE_URL=http://127.0.0.1:8787/v1 OPENAI_API_KEY=local-key npm start
import { fileURLToPath } from 'node:url';
import { PromptStack } from '@promptstack/sdk';

const requests = Number(process.env.REQUESTS ?? 20);
const ps = new PromptStack({
  apiKey: process.env.PROMPTSTACK_API_KEY ?? '',
  baseUrl: process.env.PROMPTSTACK_URL ?? 'http://localhost:3000',
  onError: (error) => console.error(`promptstack: ${error.message}`),
});
// The SDK reads no environment: the service hands the provider its credentials.
const credentials = { openai: { apiKey: process.env.OPENAI_API_KEY, baseURL: process.env.OPENAI_BASE_URL } };
// Served when PromptStack cannot be reached on the first fetch.
const fallback = fileURLToPath(new URL('./prompts/support-reply.prompt', import.meta.url));

const customers = ['Ada', 'Grace', 'Linus', 'Barbara', 'Ken'];
const questions = ['Where is my order?', 'Can I change my address?', 'How do refunds work?', 'Is there a student discount?'];

let succeeded = 0;
let failed = 0;
let scored = 0;
for (let n = 0; n < requests; n++) {
  // Every call after the first is answered from memory (and revalidated in the background).
  const prompt = await ps.getPrompt('support-reply', { label: 'production', fallback });
  const customer = customers[n % customers.length];
  const result = await ps.run(
    prompt,
    { customer, question: questions[n % questions.length] },
    { credentials, userId: `customer-${customer.toLowerCase()}`, sessionId: `session-${n % 3}`, metadata: { channel: 'chat' } },
  );
  if (result.status === 'success') succeeded++;
  else failed++;
  // The customer liked every other answer.
  if (n % 2 === 0) {
    ps.score(result.generationId, 'thumbs', 1, 'helpful');
    scored++;
  }
}

await ps.close();
console.log(JSON.stringify({ requests, succeeded, failed, scored, stats: ps.stats }));
