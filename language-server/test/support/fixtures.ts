/** Shared fixture prompts and helpers to find ranges in fixture text. */
import type { Position, Range } from 'vscode-languageserver-protocol';

/** A prompt using most of the format: model, config, a Picoschema with nested and array fields. */
export const FRONTMATTER = `---
model: openai/gpt-4o
config:
  temperature: 0.7
input:
  schema:
    name: string, the reader's name
    user(object):
      email: string, where replies go
      age?: integer
    items(array):
      title: string
      price: number
  default:
    name: Ada
---
`;

/** A body that uses every declared field, so the fixture alone has no diagnostics. */
export const BODY = `{{role "system"}}
You help {{name}} ({{user.email}}, {{user.age}}).
{{#each items}}
- {{title}}: {{price}}
{{/each}}
`;

/** The position of the `nth` occurrence (0-based) of `needle` in `text`, plus `shift` characters. */
export function positionOf(text: string, needle: string, shift = 0, nth = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`fixture has no ${nth + 1}th '${needle}'`);
  }
  offset += shift;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

/** The range of the `nth` occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string, nth = 0): Range {
  const start = positionOf(text, needle, 0, nth);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}
