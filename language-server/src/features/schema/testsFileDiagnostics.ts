/**
 * Warnings in a `name.tests.yaml` on `json-schema` assertions that contradict the prompt's
 * `output.schema`: a different type (at the root or at a property), or a required property the
 * output schema does not declare. Such an assertion fails on every answer the run accepts.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { JSONSchema } from 'dotprompt';
import { DIAGNOSTIC_SOURCE } from '../diagnostics.ts';
import { isRecord } from './outputSchema.ts';
import { pairIn } from './schemaNodes.ts';
import { SCHEMA_DIAGNOSTIC_CODES } from './strictDiagnostics.ts';
import { pathLabel, typesOf } from './schemaTypes.ts';

interface Finding {
  node: Node;
  message: string;
}

/** The contradictions between the tests file's `json-schema` assertions and `outputSchema`. */
export function testsFileDiagnostics(document: TextDocument, outputSchema: JSONSchema): Diagnostic[] {
  const yaml = parseDocument(document.getText());
  const tests = pairIn(yaml.contents, 'tests')?.value;
  if (!isSeq(tests)) return [];
  const findings: Finding[] = [];
  for (const test of tests.items) {
    const asserts = pairIn(test, 'assert')?.value;
    if (!isSeq(asserts)) continue;
    for (const assertion of asserts.items) {
      const type = pairIn(assertion, 'type')?.value;
      const schema = pairIn(assertion, 'schema')?.value;
      if (isScalar(type) && type.value === 'json-schema' && isMap(schema)) compare(schema, outputSchema, [], findings);
    }
  }
  return findings.flatMap(({ node, message }) => {
    if (!node.range) return [];
    return [
      {
        range: { start: document.positionAt(node.range[0]), end: document.positionAt(node.range[1]) },
        severity: DiagnosticSeverity.Warning,
        code: SCHEMA_DIAGNOSTIC_CODES.testSchemaContradiction,
        source: DIAGNOSTIC_SOURCE,
        message,
      },
    ];
  });
}

function compare(assertion: Node, output: unknown, path: string[], findings: Finding[]): void {
  if (!isMap(assertion) || !isRecord(output)) return;
  const where = path.length ? `'${pathLabel(path)}'` : 'the answer';
  const typeNode = pairIn(assertion, 'type')?.value;
  const wanted = typesOf({ type: (typeNode as Node | undefined)?.toJSON() });
  const declared = typesOf(output);
  if (typeNode && wanted.length && declared.length && !wanted.some((w) => declared.some((d) => compatible(w, d)))) {
    findings.push({
      node: typeNode as Node,
      message: `output.schema makes ${where} ${declared.join(' or ')}, but this assertion requires ${wanted.join(' or ')}: it fails on every valid answer`,
    });
    return;
  }
  const declaredProperties = isRecord(output.properties) ? output.properties : undefined;
  const openObject = output.additionalProperties === true || isRecord(output.additionalProperties);
  const required = pairIn(assertion, 'required')?.value;
  if (declaredProperties && !openObject && isSeq(required)) {
    for (const item of required.items) {
      if (isScalar(item) && typeof item.value === 'string' && !(item.value in declaredProperties)) {
        findings.push({ node: item, message: `this assertion requires '${item.value}', which output.schema does not declare at ${where}` });
      }
    }
  }
  const properties = pairIn(assertion, 'properties')?.value;
  if (declaredProperties && isMap(properties)) {
    for (const pair of properties.items) {
      if (!isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      if (name in declaredProperties) compare(pair.value as Node, declaredProperties[name], [...path, 'properties', name], findings);
    }
  }
  const items = pairIn(assertion, 'items')?.value;
  if (items && isRecord(output.items)) compare(items as Node, output.items, [...path, 'items'], findings);
}

/** Whether a value can have both types: the same, or integer within number. */
function compatible(wanted: string, declared: string): boolean {
  if (wanted === declared) return true;
  const numeric = ['number', 'integer'];
  return numeric.includes(wanted) && numeric.includes(declared);
}
