/**
 * The helpers a Dotprompt template may call: Dotprompt's own (dotprompt/src/helpers.ts) and the
 * Handlebars built-ins. Dotprompt compiles with `knownHelpersOnly`, so any other helper name
 * fails at render time; the analyzer, completion and hover all read this one list.
 */

export interface HelperInfo {
  name: string;
  /** How a call is written, for completion details and hover. */
  signature: string;
  description: string;
  /** `dotprompt` for Dotprompt's helpers, `handlebars` for the built-ins. */
  source: 'dotprompt' | 'handlebars';
  /** True when used as a block (`{{#each}}...{{/each}}`). */
  block: boolean;
  /** True when the block changes the context (`this`) inside it. */
  changesContext?: boolean;
}

/** Every helper Dotprompt knows, with signature and description. */
export const DOTPROMPT_HELPERS: readonly HelperInfo[] = [
  {
    name: 'role',
    signature: '{{role "system" | "user" | "model"}}',
    description: 'Starts a new message with the given role; text after it belongs to that message.',
    source: 'dotprompt',
    block: false,
  },
  {
    name: 'history',
    signature: '{{history}}',
    description: 'Inserts the conversation history passed as `messages` at this point.',
    source: 'dotprompt',
    block: false,
  },
  {
    name: 'media',
    signature: '{{media url=expr contentType="image/png"}}',
    description: 'Inserts a media part (image, audio, video) from a URL or data URI.',
    source: 'dotprompt',
    block: false,
  },
  {
    name: 'section',
    signature: '{{section "name"}}',
    description: 'Marks where a named section (such as `output` instructions) is placed.',
    source: 'dotprompt',
    block: false,
  },
  { name: 'json', signature: '{{json value indent=2}}', description: 'Writes a value as JSON, optionally indented.', source: 'dotprompt', block: false },
  {
    name: 'ifEquals',
    signature: '{{#ifEquals a b}}...{{else}}...{{/ifEquals}}',
    description: 'Renders the block when both arguments are strictly equal, otherwise the `else` part.',
    source: 'dotprompt',
    block: true,
  },
  {
    name: 'unlessEquals',
    signature: '{{#unlessEquals a b}}...{{else}}...{{/unlessEquals}}',
    description: 'Renders the block when the arguments differ, otherwise the `else` part.',
    source: 'dotprompt',
    block: true,
  },
  {
    name: 'if',
    signature: '{{#if value}}...{{else}}...{{/if}}',
    description: 'Renders the block when the value is truthy (not false, undefined, null, "", 0 or []).',
    source: 'handlebars',
    block: true,
  },
  {
    name: 'unless',
    signature: '{{#unless value}}...{{/unless}}',
    description: 'Renders the block when the value is falsy.',
    source: 'handlebars',
    block: true,
  },
  {
    name: 'each',
    signature: '{{#each list as |item index|}}...{{else}}...{{/each}}',
    description: 'Renders the block once per item of an array (or value of an object); `this` is the item, with `@index`, `@key`, `@first`, `@last`.',
    source: 'handlebars',
    block: true,
    changesContext: true,
  },
  {
    name: 'with',
    signature: '{{#with value as |alias|}}...{{else}}...{{/with}}',
    description: 'Renders the block with `this` set to the value, or the `else` part when it is empty.',
    source: 'handlebars',
    block: true,
    changesContext: true,
  },
  {
    name: 'lookup',
    signature: '{{lookup object key}}',
    description: 'Looks up a property or index whose name is held in a variable.',
    source: 'handlebars',
    block: false,
  },
  {
    name: 'log',
    signature: '{{log value level="info"}}',
    description: 'Logs values while rendering; writes nothing into the prompt.',
    source: 'handlebars',
    block: false,
  },
];

const byName = new Map(DOTPROMPT_HELPERS.map((helper) => [helper.name, helper]));

/** The helper named `name`, if Dotprompt knows it. */
export function findHelper(name: string): HelperInfo | undefined {
  return byName.get(name);
}
