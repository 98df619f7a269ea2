/**
 * Resolving names in the template body to declared input fields, following Handlebars scoping:
 * blocks whose helper changes the context (`{{#each}}`, `{{#with}}`) start a new one, others do not;
 * `@root.x` starts from the input, `../x` from the enclosing context, `as |item|` names one.
 */
import type { InputField, PromptAnalysis } from '@promptstack/core';

/** A block that gives its content a new context (`{{#each}}`, `{{#with}}`). */
export interface ScopeContext {
  helper: string;
  /** Input path of `this` inside the block; undefined when it cannot be known. */
  contextPath?: string[];
  /** Names bound by `as |a b|`. */
  blockParams: string[];
}

/** The context at a position: its input path (undefined if unknown), its blocks, and their bindings. */
export interface ScopeAt {
  /** Context blocks around the position, outermost first. */
  contexts: ScopeContext[];
  /** Input path of `this` at the position; `[]` at the top level. */
  contextPath: string[] | undefined;
  /** Whether the innermost context is an `{{#each}}` (so `@index`, `@first`... exist). */
  inEach: boolean;
  /** Block parameter name -> the input path it stands for (undefined for indexes or unknown). */
  blockParams: Map<string, string[] | undefined>;
}

/** The field at an input path (array items add no segment), if declared. */
export function fieldAtPath(fields: readonly InputField[] | undefined, path: readonly string[]): InputField | undefined {
  let level = fields;
  let found: InputField | undefined;
  for (const segment of path) {
    found = level?.find((field) => field.name === segment);
    if (!found) return undefined;
    level = found.children;
  }
  return found;
}

/** The fields visible as plain names in a context: the input root's, or the item's/object's. */
export function fieldsInContext(analysis: PromptAnalysis, contextPath: string[] | undefined): InputField[] {
  if (!contextPath) return [];
  if (contextPath.length === 0) return analysis.inputFields ?? [];
  return fieldAtPath(analysis.inputFields, contextPath)?.children ?? [];
}

/**
 * The input path a written path refers to at a position (`['user']` for `user` at the top,
 * `['items', 'name']` for `name` inside `{{#each items}}`); undefined when it cannot be known.
 */
export function resolvePath(scope: ScopeAt, segments: readonly string[], parentHops = 0): string[] | undefined {
  const [first, ...rest] = segments;
  if (first === '@root') return rest;
  if (first !== undefined && parentHops === 0 && scope.blockParams.has(first)) {
    const base = scope.blockParams.get(first);
    return base ? [...base, ...rest] : undefined;
  }
  let base: string[] | undefined;
  if (parentHops === 0) base = scope.contextPath;
  else {
    const outer = scope.contexts[scope.contexts.length - 1 - parentHops];
    base = outer ? outer.contextPath : scope.contexts.length - parentHops === 0 ? [] : undefined;
  }
  if (!base) return undefined;
  const tail = first === 'this' ? rest : segments;
  return [...base, ...tail];
}
