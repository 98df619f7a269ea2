/**
 * The frontmatter keys Dotprompt understands (its `PromptMetadata` type), with what each holds.
 * The analyzer checks against this table; the language server completes and hovers from it.
 */

/** The YAML shape a key's value should have. */
export type FrontmatterValueKind = 'string' | 'number' | 'integer' | 'boolean' | 'string[]' | 'object' | 'array' | 'schema' | 'model' | 'any';

export interface FrontmatterKeyInfo {
  /** Dotted key: `config.temperature`. */
  key: string;
  description: string;
  valueKind: FrontmatterValueKind;
  /** Inclusive numeric bounds the analyzer enforces. */
  min?: number;
  max?: number;
  /** Allowed string values, offered by completion. */
  values?: readonly string[];
  /** True for keys Dotprompt fills itself; writing them has no effect. */
  reserved?: boolean;
}

/** Every known frontmatter key, top level first, then children in dotted form. */
export const KNOWN_FRONTMATTER_KEYS: readonly FrontmatterKeyInfo[] = [
  { key: 'name', valueKind: 'string', description: 'The name of the prompt; defaults to the file name.' },
  { key: 'variant', valueKind: 'string', description: 'A variant of the prompt (`name.variant.prompt`), for A/B tests.' },
  { key: 'version', valueKind: 'string', description: 'A version label for the prompt.' },
  { key: 'description', valueKind: 'string', description: 'What the prompt does; shown to tools and humans.' },
  { key: 'model', valueKind: 'model', description: 'The model to call, e.g. `openai/gpt-4o` or `anthropic/claude-3-5-sonnet`.' },
  { key: 'config', valueKind: 'object', description: 'Model configuration; not every model supports every option.' },
  { key: 'config.temperature', valueKind: 'number', min: 0, max: 2, description: 'Sampling temperature: higher is more random (0 to 2).' },
  { key: 'config.maxOutputTokens', valueKind: 'integer', min: 1, description: 'The most tokens the model may generate.' },
  { key: 'config.topP', valueKind: 'number', min: 0, max: 1, description: 'Nucleus sampling: only tokens within this cumulative probability (0 to 1).' },
  { key: 'config.topK', valueKind: 'integer', min: 1, description: 'Only sample from the K most likely tokens.' },
  { key: 'config.stopSequences', valueKind: 'string[]', description: 'Strings that end generation when produced.' },
  { key: 'config.candidateCount', valueKind: 'integer', min: 1, description: 'How many candidate responses to generate.' },
  { key: 'config.presencePenalty', valueKind: 'number', min: -2, max: 2, description: 'Penalises tokens already present, encouraging new topics (-2 to 2).' },
  { key: 'config.frequencyPenalty', valueKind: 'number', min: -2, max: 2, description: 'Penalises frequent tokens, reducing repetition (-2 to 2).' },
  { key: 'input', valueKind: 'object', description: 'The variables the template takes.' },
  { key: 'input.schema', valueKind: 'schema', description: 'Input variables in Picoschema (`name: string, description`) or JSON Schema.' },
  { key: 'input.default', valueKind: 'object', description: 'Default values for input variables not provided at render time.' },
  { key: 'output', valueKind: 'object', description: 'The expected output of the model.' },
  { key: 'output.format', valueKind: 'string', values: ['text', 'json', 'media'], description: 'Output format: `text`, `json` or `media`.' },
  { key: 'output.schema', valueKind: 'schema', description: 'Output structure in Picoschema or JSON Schema (with `format: json`).' },
  { key: 'tools', valueKind: 'string[]', description: 'Names of tools (registered separately) the model may call.' },
  { key: 'toolDefs', valueKind: 'array', description: 'Inline tool definitions: `name`, `description`, `inputSchema`, `outputSchema`.' },
  { key: 'metadata', valueKind: 'object', description: 'Arbitrary metadata for your own tooling.' },
  { key: 'raw', valueKind: 'object', reserved: true, description: 'Reserved: Dotprompt sets it to the frontmatter as parsed.' },
  { key: 'ext', valueKind: 'object', reserved: true, description: 'Reserved: Dotprompt collects dotted extension keys (`myext.foo: 1`) here by namespace.' },
];

const byKey = new Map(KNOWN_FRONTMATTER_KEYS.map((info) => [info.key, info]));

/** The table row for a dotted key, if known. */
export function findFrontmatterKey(key: string): FrontmatterKeyInfo | undefined {
  return byKey.get(key);
}

/** The known top-level keys (no dot), for "did you mean" suggestions. */
export const TOP_LEVEL_KEYS: readonly string[] = KNOWN_FRONTMATTER_KEYS.filter((info) => !info.key.includes('.')).map((info) => info.key);
