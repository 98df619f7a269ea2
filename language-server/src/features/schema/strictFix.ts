/**
 * The quick fix for `output-schema-not-strict`: closes every object (`additionalProperties:
 * false`) and makes every property required, nullable where it was optional, which is how strict
 * mode spells "optional". In Picoschema an optional `name?` becomes `name`. Unsupported keywords
 * and open Picoschema objects (`(*)`) are left alone: removing them would change what validates.
 */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isMap, isScalar, isSeq, Scalar, YAMLSeq, type Node, type YAMLMap } from 'yaml';
import type { PromptAnalysis } from '@promptstack/core/format/types';
import { outputSchemaOf } from './outputSchema.ts';
import { frontmatterDocument, outputSchemaPair, pairIn } from './schemaNodes.ts';

/** The one action that rewrites `output.schema` strict-compatible, or undefined when nothing would change. */
export async function strictSchemaFix(analysis: PromptAnalysis, document: TextDocument, diagnostics: Diagnostic[]): Promise<CodeAction | undefined> {
  const schema = await outputSchemaOf(analysis.frontmatter);
  const frontmatter = frontmatterDocument(analysis, document);
  const schemaPair = frontmatter && outputSchemaPair(frontmatter.yaml);
  if (!schema || !frontmatter || !schemaPair) return undefined;
  const changed = schema.format === 'picoschema' ? requirePicoFields(schemaPair.value) : closeJsonSchema(schemaPair.value);
  if (!changed) return undefined;
  // The range may stop before the frontmatter's last newline; the YAML text always ends with one.
  const text = frontmatter.yaml.toString();
  const newText = document.getText(frontmatter.range).endsWith('\n') ? text : text.replace(/\n$/, '');
  return {
    title: 'Make output.schema strict-compatible',
    kind: CodeActionKind.QuickFix,
    diagnostics,
    isPreferred: true,
    edit: { changes: { [document.uri]: [{ range: frontmatter.range, newText }] } },
  };
}

/** `name?: string` -> `name: string`, at every depth of a Picoschema mapping. */
function requirePicoFields(node: unknown): boolean {
  if (!isMap(node)) return false;
  let changed = false;
  for (const pair of node.items) {
    const key = pair.key;
    if (isScalar(key) && typeof key.value === 'string' && /\?(\(.*\))?$/.test(key.value)) {
      key.value = key.value.replace(/\?(?=\(.*\)$|$)/, '');
      changed = true;
    }
    changed = requirePicoFields(pair.value) || changed;
  }
  return changed;
}

/** Closes every object of a JSON Schema and requires all its properties (nullable when they were optional). */
function closeJsonSchema(node: unknown): boolean {
  if (!isMap(node)) return false;
  let changed = false;
  const properties = pairIn(node, 'properties')?.value;
  const type = (pairIn(node, 'type')?.value as Node | undefined)?.toJSON() as unknown;
  if (type === 'object' || (Array.isArray(type) && type.includes('object')) || isMap(properties)) {
    const open = pairIn(node, 'additionalProperties')?.value;
    if (!(isScalar(open) && open.value === false)) {
      node.set('additionalProperties', false);
      changed = true;
    }
    if (isMap(properties)) {
      for (const pair of properties.items) {
        if (!isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        if (addRequired(node, name) && isMap(pair.value)) makeNullable(pair.value);
        changed = closeJsonSchema(pair.value) || changed;
      }
    }
  }
  for (const key of ['items', 'additionalItems']) changed = closeJsonSchema(pairIn(node, key)?.value) || changed;
  for (const key of ['anyOf', 'oneOf']) {
    const list = pairIn(node, key)?.value;
    if (isSeq(list)) for (const item of list.items) changed = closeJsonSchema(item) || changed;
  }
  for (const key of ['$defs', 'definitions']) {
    const defs = pairIn(node, key)?.value;
    if (isMap(defs)) for (const pair of defs.items) changed = closeJsonSchema(pair.value) || changed;
  }
  return changed;
}

/** Adds `name` to the object's `required`; false when it was already there. */
function addRequired(object: YAMLMap, name: string): boolean {
  const required = pairIn(object, 'required')?.value;
  if (isSeq(required)) {
    if (required.items.some((item) => isScalar(item) && item.value === name)) return false;
    required.items.push(new Scalar(name));
    return true;
  }
  object.set('required', flowList([name]));
  return true;
}

/** `type: string` -> `type: [string, "null"]` (a `type` list gains `null`). */
function makeNullable(property: YAMLMap): void {
  const type = pairIn(property, 'type')?.value;
  if (isScalar(type) && typeof type.value === 'string' && type.value !== 'null') {
    property.set('type', flowList([type.value, 'null']));
  } else if (isSeq(type) && !type.items.some((item) => isScalar(item) && item.value === 'null')) {
    type.items.push(new Scalar('null'));
  }
}

function flowList(values: string[]): YAMLSeq {
  const list = new YAMLSeq();
  list.flow = true;
  for (const value of values) list.items.push(new Scalar(value));
  return list;
}
