/**
 * Types of the editor-facing analysis of a `.prompt` file (`analyzePromptFile`).
 * Positions follow LSP: zero-based line, zero-based UTF-16 character, end exclusive,
 * so the language server can hand them to the client unchanged.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Stable diagnostic codes; README lists them. Never rename one: users filter by them. */
export const DIAGNOSTIC_CODES = {
  yamlSyntax: 'yaml-syntax',
  frontmatterUnclosed: 'frontmatter-unclosed',
  handlebarsSyntax: 'handlebars-syntax',
  undeclaredVariable: 'undeclared-variable',
  unusedInput: 'unused-input',
  unknownModel: 'unknown-model',
  configOutOfRange: 'config-out-of-range',
  configType: 'config-type',
  unknownFrontmatterKey: 'unknown-frontmatter-key',
  invalidPicoschema: 'invalid-picoschema',
  /** An `input.schema` or `output.schema` written as JSON Schema that JSON Schema's meta-schema refuses. */
  invalidJsonSchema: 'invalid-json-schema',
  missingPartial: 'missing-partial',
  /** A `tools:` entry with neither a `toolDefs` entry nor a tool file beside the prompt. */
  missingTool: 'missing-tool',
  unknownHelper: 'unknown-helper',
  /** A known top-level key (or `input`/`output` child) holding the wrong YAML type. */
  frontmatterType: 'frontmatter-type',
} as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[keyof typeof DIAGNOSTIC_CODES];

export interface PromptDiagnostic {
  range: Range;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  /** Extra facts a quick fix needs (e.g. `{ variable: 'name' }`, `{ suggestions: [...] }`). */
  data?: Record<string, unknown>;
}

/** One field declared under `input.schema` (Picoschema or JSON Schema), possibly nested. */
export interface InputField {
  name: string;
  /** Path from the input root: `['user', 'name']`. Array items add no segment. */
  path: string[];
  /** Picoschema/JSON Schema type: `string`, `number`, `integer`, `boolean`, `object`, `array`, `any`, `enum`. */
  type: string;
  /** For arrays: the item type (`string`, `object`...). */
  itemType?: string;
  description?: string;
  optional: boolean;
  /** From `input.default` when present. */
  default?: unknown;
  hasDefault: boolean;
  enumValues?: unknown[];
  /** Range of the key in the frontmatter (where go-to-definition lands). */
  range: Range;
  /** Fields of an object, or of each item of an array of objects. */
  children: InputField[];
  /** True when the object (or array item) also accepts undeclared fields (Picoschema `(*)`). */
  acceptsAnyField?: boolean;
  /** A named schema the type refers to (`user: UserSchema`), whose fields are not known here. */
  schemaRef?: string;
}

/**
 * How a variable reference is rooted:
 * - `input`: a top-level input field (`{{name}}`, `{{user.name}}`, `{{@root.name}}`)
 * - `item`: inside `{{#each}}`/`{{#with}}`, relative to the current context (`{{name}}`, `{{this.name}}`)
 * - `blockParam`: through `as |item|` (`{{item.name}}`)
 * - `this`: the bare current context (`{{this}}`, `{{.}}`)
 * - `data`: a `@` variable (`@index`, `@key`, `@first`, `@last`) or Dotprompt data (`@state`...)
 */
export type VariableScope = 'input' | 'item' | 'blockParam' | 'this' | 'data';

export interface VariableReference {
  /** The expression as written: `user.name`, `../title`, `@root.x`, `this`. */
  raw: string;
  range: Range;
  scope: VariableScope;
  /**
   * The path from the input root this reference resolves to, when it can be known statically
   * (`{{#each items}}{{name}}` -> `['items', 'name']`); undefined for data variables and
   * references whose context cannot be resolved.
   */
  inputPath?: string[];
  /** True when written as a helper argument or hash value rather than `{{x}}` itself. */
  asArgument: boolean;
}

export interface PartialReference {
  name: string;
  /** Range of the partial's name in `{{> name}}`. */
  range: Range;
}

export interface HelperUse {
  name: string;
  range: Range;
  block: boolean;
}

/** A `{{#each}}`/`{{#with}}` (or other block) region, for completion inside it. */
export interface BlockScope {
  helper: string;
  /** Range of the block's inner content (between the open and close tags). */
  contentRange: Range;
  /** Input path of the context inside the block (`['items']` for `{{#each items}}`); undefined if unknown. */
  contextPath?: string[];
  /** Names bound by `as |a b|`. */
  blockParams: string[];
}

export interface FrontmatterEntry {
  /** Dotted path of the key: `config.temperature`. */
  key: string;
  keyRange: Range;
  valueRange?: Range;
  value: unknown;
}

export interface PromptAnalysis {
  /** Parsed frontmatter as data (empty object when absent or invalid). */
  frontmatter: Record<string, unknown>;
  /** Where the frontmatter text sits (between the `---` fences), if there is one. */
  frontmatterRange?: Range;
  /** Every key in the frontmatter with its ranges, nested keys dotted. */
  frontmatterEntries: FrontmatterEntry[];
  /** Dotted extension keys (`promptstack.id`) collected as Dotprompt does. */
  extensions: Record<string, unknown>;
  /** The template body (after the closing fence). */
  body: string;
  /** Where the body starts in the file. */
  bodyStart: Position;
  model?: { id: string; range: Range };
  /** Declared input fields; undefined when there is no `input.schema`. */
  inputFields?: InputField[];
  schemaFormat?: 'picoschema' | 'json-schema';
  /** True when the input accepts fields beyond `inputFields` (wildcard, named schema, open JSON Schema). */
  inputAcceptsAnyField?: boolean;
  variables: VariableReference[];
  partials: PartialReference[];
  helpers: HelperUse[];
  blocks: BlockScope[];
  diagnostics: PromptDiagnostic[];
}

/** Options of `analyzePromptFile`; every one is optional. */
export interface AnalyzeOptions {
  /**
   * Whether a partial exists (the language server looks for `_name.prompt` beside the file).
   * When absent, partials are not checked.
   */
  partialExists?: (name: string) => boolean;
  /**
   * Whether a tool named in `tools:` has a file (`name.tool.yaml`, `.yml`, `.json` beside the
   * file or in `tools/`). When absent, `tools:` entries are not checked.
   */
  toolFileExists?: (name: string) => boolean;
  /** Helpers registered beyond Dotprompt's own (Genkit `defineHelper`), so they are not flagged. */
  extraHelpers?: readonly string[];
  /**
   * Whether a named schema (Genkit `defineSchema`) exists, for Picoschema types that are not
   * scalars. When absent, names starting with an upper-case letter are taken as named schemas.
   */
  schemaExists?: (name: string) => boolean;
}
