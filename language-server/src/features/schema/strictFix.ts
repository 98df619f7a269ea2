/**
 * The quick fix for `output-schema-not-strict`: closes every object (`additionalProperties:
 * false`) and makes every property required, nullable where it was optional, which is how strict
 * mode spells "optional". In Picoschema an optional `name?` becomes `name`. Unsupported keywords
 * and open Picoschema objects (`(*)`) are left alone: removing them would change what validates.
 */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isMap, isScalar, isSeq, Scalar, YAMLSeq, type YAMLMap, type Pair } from 'yaml';
import type { PromptAnalysis } from '@promptstack/core/format/types';
import { outputSchemaOf } from './outputSchema.ts';
import { frontmatterDocument, outputSchemaPair, pairAtPath, pairIn } from './schemaNodes.ts';
import { strictReasons, type StrictReason } from './strictReasons.ts';

/** The one action that fixes every fixable reason, or undefined when none is. */
export async function strictSchemaFix(analysis: PromptAnalysis, document: TextDocument, diagnostics: Diagnostic[]): Promise<CodeAction | undefined> {
  const schema = await outputSchemaOf(analysis.frontmatter);
  const frontmatter = frontmatterDocument(analysis, document);
  const schemaPair = frontmatter && outputSchemaPair(frontmatter.yaml);
  if (!schema || !frontmatter || !schemaPair) return undefined;
  const picoschema = schema.format === 'picoschema';
  let changed = false;
  for (const reason of strictReasons(schema.json)) {
    changed = (picoschema ? fixPicoschema(schemaPair, reason) : fixJsonSchema(schemaPair, reason)) || changed;
  }
  if (!changed) return undefined;
  // The range may stop before the frontmatter's last newline; the YAML text always ends with one.
  const written = document.getText(frontmatter.range);
  const text = frontmatter.yaml.toString();
  const newText = written.endsWith('\n') ? text : text.replace(/\n$/, '');
  return {
    title: 'Make output.schema strict-compatible',
    kind: CodeActionKind.QuickFix,
    diagnostics,
    isPreferred: true,
    edit: { changes: { [document.uri]: [{ range: frontmatter.range, newText }] } },
  };
}

function fixPicoschema(schemaPair: Pair, reason: StrictReason): boolean {
  if (reason.kind !== 'optional-property') return false;
  const key = pairAtPath(schemaPair, reason.path, true).key;
  if (!isScalar(key) || typeof key.value !== 'string' || !/\?(\(.*\))?$/.test(key.value)) return false;
  key.value = key.value.replace(/\?(?=\(.*\)$|$)/, '');
  return true;
}

function fixJsonSchema(schemaPair: Pair, reason: StrictReason): boolean {
  if (reason.kind === 'open-object') {
    const node = pairAtPath(schemaPair, reason.path, false).value;
    if (!isMap(node)) return false;
    node.set('additionalProperties', false);
    return true;
  }
  if (reason.kind === 'optional-property' && reason.name) {
    const parent = pairAtPath(schemaPair, reason.path.slice(0, -2), false).value;
    const property = pairAtPath(schemaPair, reason.path, false).value;
    if (!isMap(parent) || !isMap(property)) return false;
    addRequired(parent, reason.name);
    makeNullable(property);
    return true;
  }
  return false;
}

function addRequired(object: YAMLMap, name: string): void {
  const required = object.get('required', true);
  if (isSeq(required)) {
    if (!required.items.some((item) => isScalar(item) && item.value === name)) required.add(name);
    return;
  }
  object.set('required', flowList([name]));
}

/** `type: string` -> `type: [string, "null"]` (a `type` list gains `null`). */
function makeNullable(property: YAMLMap): void {
  const type = pairIn(property, 'type')?.value;
  if (isScalar(type) && typeof type.value === 'string' && type.value !== 'null') {
    property.set('type', flowList([type.value, 'null']));
  } else if (isSeq(type) && !type.items.some((item) => isScalar(item) && item.value === 'null')) {
    type.add(new Scalar('null'));
  }
}

function flowList(values: string[]): YAMLSeq {
  const list = new YAMLSeq();
  list.flow = true;
  for (const value of values) list.items.push(new Scalar(value));
  return list;
}
