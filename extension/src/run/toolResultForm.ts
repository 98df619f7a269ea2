/**
 * A tool's result asked for property by property, when its output schema is an object of scalar
 * properties: an input box per string or number (numbers parsed and checked), a quick pick per
 * boolean or enum. Other shapes have no form (`formFields` returns undefined) and are asked for as
 * JSON. An optional property (not required, or nullable) may be left out.
 */
import type { JSONSchema } from '@promptstack/core';
import type * as vscode from 'vscode';

type ScalarType = 'string' | 'number' | 'integer' | 'boolean';
type Scalar = string | number | boolean | null;

/** One question of the form. */
export interface FormField {
  name: string;
  /** Absent for an enum (its values say what is allowed). */
  type?: ScalarType;
  enum?: Scalar[];
  description?: string;
  optional: boolean;
}

/** The questions a form asks (VS Code's, or the tests' scripted answers). */
export interface FormUi {
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
}

const SCALAR_TYPES: readonly string[] = ['string', 'number', 'integer', 'boolean'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** One property as a field, or undefined when it is not a scalar the form can ask for. */
function fieldOf(name: string, property: unknown, required: boolean): FormField | undefined {
  if (!isRecord(property)) return undefined;
  const description = typeof property.description === 'string' ? property.description : undefined;
  if (Array.isArray(property.enum)) {
    if (!property.enum.every(isScalar)) return undefined;
    const values = property.enum.filter((value) => value !== null);
    if (values.length === 0) return undefined;
    return { name, enum: values, description, optional: !required || values.length < property.enum.length };
  }
  const types = Array.isArray(property.type) ? property.type : [property.type];
  const nonNull = types.filter((type) => type !== 'null');
  if (nonNull.length !== 1 || typeof nonNull[0] !== 'string' || !SCALAR_TYPES.includes(nonNull[0])) return undefined;
  return { name, type: nonNull[0] as ScalarType, description, optional: !required || nonNull.length < types.length };
}

/** The fields of an object schema of scalar properties; undefined for any other shape. */
export function formFields(schema: JSONSchema | undefined): FormField[] | undefined {
  if (!isRecord(schema) || !isRecord(schema.properties)) return undefined;
  if (schema.type !== undefined && schema.type !== 'object') return undefined;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const entries = Object.entries(schema.properties);
  if (entries.length === 0) return undefined;
  const fields: FormField[] = [];
  for (const [name, property] of entries) {
    const field = fieldOf(name, property, required.has(name));
    if (!field) return undefined;
    fields.push(field);
  }
  return fields;
}

/** What an input box's text means for a field: the value, nothing (left out), or why it is refused. */
export function parseFieldText(field: FormField, text: string): { ok: true; value?: Scalar } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '' && field.optional) return { ok: true };
  if (field.type === 'string') return { ok: true, value: text };
  if (trimmed === '') return { ok: false, message: `Enter ${field.type === 'integer' ? 'a whole number' : 'a number'}` };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, message: `'${trimmed}' is not a number` };
  if (field.type === 'integer' && !Number.isInteger(value)) return { ok: false, message: `'${trimmed}' is not a whole number` };
  return { ok: true, value };
}

/** The line that says what a field wants. */
function fieldPrompt(field: FormField): string {
  const kind = field.enum ? 'one of the values' : field.type === 'integer' ? 'a whole number' : field.type === 'number' ? 'a number' : field.type;
  const parts = [`${field.name}: ${kind}`];
  if (field.description) parts.push(field.description);
  if (field.optional) parts.push('(optional: leave empty to leave it out)');
  return parts.join(' · ');
}

interface ValueItem extends vscode.QuickPickItem {
  value?: Scalar;
}

/**
 * Asks every field in turn and returns the object; undefined when the user dismisses a question.
 * `context` (the call, named) heads every question.
 */
export async function askForm(ui: FormUi, fields: readonly FormField[], context: { title: string; call: string }): Promise<Record<string, Scalar> | undefined> {
  const result: Record<string, Scalar> = {};
  for (const [index, field] of fields.entries()) {
    const title = `${context.title} (${index + 1}/${fields.length})`;
    if (field.enum || field.type === 'boolean') {
      const values: Scalar[] = field.enum ?? [true, false];
      const items: ValueItem[] = values.map((value) => ({ label: String(value), value }));
      if (field.optional) items.push({ label: '(leave out)' });
      const picked = await ui.pick(items, { title, placeHolder: `${context.call} · ${fieldPrompt(field)}`, ignoreFocusOut: true });
      if (!picked) return undefined;
      if (picked.value !== undefined) result[field.name] = picked.value;
      continue;
    }
    const text = await ui.input({
      title,
      prompt: `${context.call} · ${fieldPrompt(field)}`,
      ignoreFocusOut: true,
      validateInput: (value) => {
        const parsed = parseFieldText(field, value);
        return parsed.ok ? undefined : parsed.message;
      },
    });
    if (text === undefined) return undefined;
    const parsed = parseFieldText(field, text);
    if (!parsed.ok) throw new Error(`the ${field.name} given is refused: ${parsed.message}`);
    if (parsed.value !== undefined) result[field.name] = parsed.value;
  }
  return result;
}
