/**
 * The three prompt sizes the language benchmarks run on: the typical ~2 KB file checked in under
 * fixtures/, and ~100 KB / ~1 MB files generated from the same frontmatter with a body of
 * realistic sections (blocks, nested paths, helpers, data variables, plain prose).
 */
import { readFileSync } from 'node:fs';

/** One benchmark input, with where a completion is asked (inside `{{ti|tle}}` in an `{{#each articles}}`). */
export interface PromptFixture {
  label: string;
  text: string;
  completionOffset: number;
}

/** The word the completion cursor sits in, and how far into it. */
export const COMPLETION_ANCHOR = '[{{title}}]';
const COMPLETION_SHIFT = '[{{ti'.length;

/** The checked-in typical prompt (about 2 KB: 760 B frontmatter, 1.2 KB body). */
export function typicalPrompt(): string {
  return readFileSync(new URL('./fixtures/typical.prompt', import.meta.url), 'utf8');
}

const TOPICS = ['billing', 'exports', 'SSO', 'rate limits', 'webhooks', 'backups', 'regions', 'invoices'];

/** One body section (~700 B): what a long few-shot or playbook prompt repeats with variations. */
function section(i: number): string {
  const topic = TOPICS[i % TOPICS.length]!;
  return `
## Playbook ${i}: ${topic}
{{#if ticket.priority}}
For {{ticket.priority}} tickets about ${topic}, answer within the hour and copy the on-call lead.
{{else}}
Reply about ${topic} in the usual queue order; mention {{customer.plan}} limits where they apply.
{{/if}}
{{#each articles}}
- [{{title}}]({{url}}){{#if @last}} (most recent){{/if}}
{{/each}}
Example ${i}: a customer on the {{customer.plan}} plan asked about ${topic} after {{ticket.subject}}.
The agent checked the dashboard, quoted the documented limit, and offered to escalate to a human
when the answer depended on account data it could not see. Keep replies to {{customer.name}} short.
{{#each history}}{{#unless @first}}, {{/unless}}{{author}}{{/each}}
`;
}

/** A prompt of at least `targetChars` characters: the typical frontmatter, then sections until it is that long. */
export function generatePrompt(targetChars: number): string {
  const typical = typicalPrompt();
  const closing = typical.indexOf('\n---\n') + '\n---\n'.length;
  const parts = [typical.slice(0, closing), typical.slice(closing)];
  let length = typical.length;
  for (let i = 1; length < targetChars; i++) {
    const next = section(i);
    parts.push(next);
    length += next.length;
  }
  return parts.join('');
}

/** The completion cursor: inside the occurrence of the anchor nearest the middle of the text. */
function completionOffsetOf(text: string): number {
  const middle = text.length / 2;
  let best = -1;
  for (let at = text.indexOf(COMPLETION_ANCHOR); at >= 0; at = text.indexOf(COMPLETION_ANCHOR, at + 1)) {
    if (best < 0 || Math.abs(at - middle) < Math.abs(best - middle)) best = at;
  }
  if (best < 0) throw new Error(`fixture has no ${COMPLETION_ANCHOR}`);
  return best + COMPLETION_SHIFT;
}

/** The 2 KB, 100 KB and 1 MB inputs, built once per run. */
export function promptFixtures(): PromptFixture[] {
  return [
    ['2 KB', typicalPrompt()],
    ['100 KB', generatePrompt(100 * 1024)],
    ['1 MB', generatePrompt(1024 * 1024)],
  ].map(([label, text]) => ({ label: label!, text: text!, completionOffset: completionOffsetOf(text!) }));
}

/** LSP position (zero-based line, UTF-16 column) of an offset. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
