/**
 * Checks the body's references against the declared inputs and the partials that exist:
 * undeclared variables, inputs never used, missing partials. Conservative by design: when the
 * schema cannot say (wildcards, named schemas, scalars, partials that see the context), it is silent.
 */
import { closeMatch } from './closeMatch.ts';
import { diagnostic } from './diagnostics.ts';
import { DIAGNOSTIC_CODES, type InputField, type PartialReference, type PromptDiagnostic, type VariableReference } from './types.ts';

/** Where a path leads in the declared fields. */
export type PathLookup =
  | { kind: 'declared'; field?: InputField }
  | {
      kind: 'undeclared';
      /** Index of the first undeclared segment. */ at: number;
      /** The fields declared where it is missing. */ siblings: readonly InputField[];
    }
  | { kind: 'unknown' };

/** Follows an input path through the declared fields; array items add no segment. */
export function lookupInputPath(fields: readonly InputField[], acceptsAnyField: boolean, path: readonly string[]): PathLookup {
  let level: readonly InputField[] = fields;
  let open = acceptsAnyField;
  let field: InputField | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (field?.type === 'array') {
      if (segment === 'length') return { kind: 'declared', field };
      if (/^\d+$/.test(segment)) continue; // `items.[0].name` indexes an item
    }
    const next = level.find((candidate) => candidate.name === segment);
    if (!next) return open ? { kind: 'unknown' } : { kind: 'undeclared', at: i, siblings: level };
    field = next;
    const hasFields = next.type === 'object' || (next.type === 'array' && next.itemType === 'object');
    if (!hasFields || next.schemaRef) return { kind: i === path.length - 1 ? 'declared' : 'unknown', field: next } as PathLookup;
    level = next.children;
    open = next.acceptsAnyField === true;
  }
  return { kind: 'declared', field };
}

/**
 * Reports references to inputs the schema does not declare, on the reference's range, with the
 * declared name it most likely misspells (`nmae` -> `name`) when one is close.
 */
export function checkUndeclared(variables: readonly VariableReference[], fields: readonly InputField[], acceptsAnyField: boolean): PromptDiagnostic[] {
  const out: PromptDiagnostic[] = [];
  const reported = new Set<string>();
  for (const variable of variables) {
    if (variable.scope === 'data' || !variable.inputPath || variable.inputPath.length === 0) continue;
    const found = lookupInputPath(fields, acceptsAnyField, variable.inputPath);
    if (found.kind !== 'undeclared') continue;
    const missing = variable.inputPath.slice(0, found.at + 1);
    const key = missing.join('\0');
    // `{{#each nope}}{{x}}{{this}}{{/each}}`: 'nope' is reported once, at the each, not again for
    // every item field, nor for the item itself.
    if ((found.at < variable.inputPath.length - 1 || variable.scope === 'this') && reported.has(key)) continue;
    reported.add(key);
    const name = missing[missing.length - 1]!;
    const where = found.at === 0 ? 'input.schema' : `the schema of '${missing.slice(0, -1).join('.')}'`;
    const suggestion = closeMatch(
      name,
      found.siblings.map((field) => field.name),
    );
    const message = `'${name}' is not declared in ${where}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`;
    const data = { variable: name, path: missing, ...(suggestion ? { suggestions: [suggestion] } : {}) };
    out.push(diagnostic(variable.range, 'warning', DIAGNOSTIC_CODES.undeclaredVariable, message, data));
  }
  return out;
}

/**
 * Reports top-level inputs no reference uses. Skipped when a partial is used or the whole input
 * is passed on (`{{json this}}`), since those can read any field.
 */
export function checkUnused(variables: readonly VariableReference[], fields: readonly InputField[], partials: readonly PartialReference[]): PromptDiagnostic[] {
  if (partials.length > 0) return [];
  const used = new Set<string>();
  for (const variable of variables) {
    const path = variable.inputPath;
    if (!path) continue;
    if (path.length === 0) return []; // the whole input is used
    used.add(path[0]!);
  }
  return fields
    .filter((field) => !used.has(field.name))
    .map((field) =>
      diagnostic(field.range, 'warning', DIAGNOSTIC_CODES.unusedInput, `Input '${field.name}' is declared but never used in the template.`, {
        variable: field.name,
      }),
    );
}

/** Reports partials that neither exist beside the file nor are defined inline. */
export function checkPartials(
  partials: readonly PartialReference[],
  inline: ReadonlySet<string>,
  partialExists: ((name: string) => boolean) | undefined,
): PromptDiagnostic[] {
  if (!partialExists) return [];
  const out: PromptDiagnostic[] = [];
  for (const partial of partials) {
    if (inline.has(partial.name) || safeExists(partialExists, partial.name)) continue;
    out.push(
      diagnostic(
        partial.range,
        'error',
        DIAGNOSTIC_CODES.missingPartial,
        `Partial '${partial.name}' not found; Dotprompt looks for '_${partial.name}.prompt' beside this file.`,
        { partial: partial.name },
      ),
    );
  }
  return out;
}

/** A caller's lookup that throws counts as "exists": we never crash or accuse on its behalf. */
function safeExists(partialExists: (name: string) => boolean, name: string): boolean {
  try {
    return partialExists(name);
  } catch {
    return true;
  }
}
