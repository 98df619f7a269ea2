// The demo prompts the seed creates: realistic Dotprompt sources, each with its version history.

/** One demo prompt and its versions, oldest first. */
export interface DemoPrompt {
  name: string;
  description: string;
  versions: Array<{ source: string; message: string }>;
}

const summarizeV1 = `---
model: openai/gpt-4o-mini
config:
  temperature: 0.3
input:
  schema:
    ticket: string
---
Summarize this support ticket in two sentences:

{{ticket}}
`;

const summarizeV2 = `---
model: openai/gpt-4o-mini
config:
  temperature: 0.2
  maxOutputTokens: 200
input:
  schema:
    ticket: string
    customerName?: string
---
{{role "system"}}
You are a support lead. Be factual and brief.

{{role "user"}}
Summarize the ticket{{#if customerName}} from {{customerName}}{{/if}} in two sentences,
then list the customer's requests as bullet points.

Ticket:
{{ticket}}
`;

const classify = `---
model: anthropic/claude-3-5-haiku
config:
  temperature: 0
input:
  schema:
    message: string
output:
  format: json
  schema:
    category(enum): [billing, bug, feature_request, account, other]
    urgency(enum): [low, medium, high]
---
Classify the customer message below. Answer with JSON only.

Message: {{message}}
`;

const replyV1 = `---
model: openai/gpt-4o
config:
  temperature: 0.7
input:
  schema:
    customerName: string
    question: string
---
Write a friendly reply to {{customerName}} answering: {{question}}
`;

const replyV2 = `---
model: openai/gpt-4o
config:
  temperature: 0.5
input:
  schema:
    customerName: string
    question: string
    knowledge(array): string
---
{{role "system"}}
You answer support questions using only the knowledge provided. If it is not covered, say you
will escalate to a human.

{{role "user"}}
Customer: {{customerName}}
Question: {{question}}

Knowledge:
{{#each knowledge}}
- {{this}}
{{/each}}
`;

/** Summarize, classify and reply: the support bot's three prompts. */
export const DEMO_PROMPTS: DemoPrompt[] = [
  {
    name: 'summarize-ticket',
    description: 'Two-sentence summary of a support ticket',
    versions: [
      { source: summarizeV1, message: 'First draft' },
      { source: summarizeV2, message: 'System role, bullet list of requests' },
    ],
  },
  {
    name: 'classify-message',
    description: 'Category and urgency of an incoming message, as JSON',
    versions: [{ source: classify, message: 'Initial version' }],
  },
  {
    name: 'draft-reply',
    description: 'Reply grounded in knowledge-base snippets',
    versions: [
      { source: replyV1, message: 'First draft' },
      { source: replyV2, message: 'Ground answers in the knowledge base' },
    ],
  },
];
