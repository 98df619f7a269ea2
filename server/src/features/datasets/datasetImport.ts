/**
 * Dataset items from CSV or JSONL text. Pure: returns the items or every row-level problem with
 * its line number (up to a cap), never throws.
 *
 * CSV: a header row; every column is an input variable (values stay strings), except
 * `assert:<type>` columns (one assertion of that type per non-empty cell: `assert:contains`,
 * `assert:regex`, `assert:max-latency`...), an `assertions` column holding a JSON array of
 * assertions, and an `expected` column. JSONL: one JSON object per line, either
 * `{ "input": {...}, "assertions": [...], "expected": ..., "tools": {...} }` (tools: scripted
 * results by tool name, as in tests.yaml) or a flat object of input variables.
 */
import { assertionSchema, type Assertion } from '@promptstack/core/testcases/schema';
import { parse } from 'csv-parse/sync';
import { datasetToolsSchema, type DatasetItemInput } from './datasetSchemas.ts';

/** Row problems reported before giving up. */
const MAX_REPORTED = 20;

/** Parsed items, or the problems (each naming its line). */
export type ImportResult = { ok: true; items: DatasetItemInput[] } | { ok: false; errors: string[] };

/** `assert:<type>` column cell -> assertion, for the types whose value fits in one cell. */
function cellAssertion(type: string, cell: string): { ok: true; assertion: Assertion } | { ok: false; message: string } {
  let candidate: unknown;
  switch (type) {
    case 'contains':
    case 'not-contains':
    case 'regex':
    case 'equals':
      candidate = { type, value: cell };
      break;
    case 'max-latency':
    case 'max-cost': {
      const value = Number(cell);
      if (cell.trim() === '' || !Number.isFinite(value)) return { ok: false, message: `expected a number, got '${cell}'` };
      candidate = type === 'max-latency' ? { type, ms: value } : { type, usd: value };
      break;
    }
    case 'llm-judge':
      candidate = { type, rubric: cell };
      break;
    case 'json-schema':
      try {
        candidate = { type, schema: JSON.parse(cell) as unknown };
      } catch {
        return { ok: false, message: 'expected a JSON Schema object' };
      }
      break;
    default:
      return { ok: false, message: `unknown assertion type '${type}'` };
  }
  const parsed = assertionSchema.safeParse(candidate);
  return parsed.success ? { ok: true, assertion: parsed.data } : { ok: false, message: parsed.error.issues[0]?.message ?? 'invalid assertion' };
}

/** An `assertions` value (JSON text or already parsed) -> assertions, or why not. */
function assertionList(value: unknown): { ok: true; assertions: Assertion[] } | { ok: false; message: string } {
  let raw = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return { ok: true, assertions: [] };
    try {
      raw = JSON.parse(value);
    } catch {
      return { ok: false, message: 'assertions is not valid JSON' };
    }
  }
  if (!Array.isArray(raw)) return { ok: false, message: 'assertions must be a JSON array' };
  const assertions: Assertion[] = [];
  for (const [i, entry] of raw.entries()) {
    const parsed = assertionSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `.${issue.path.join('.')}` : '';
      return { ok: false, message: `assertions[${i}]${where}: ${issue?.message ?? 'invalid'}` };
    }
    assertions.push(parsed.data);
  }
  return { ok: true, assertions };
}

function finish(items: DatasetItemInput[], errors: string[]): ImportResult {
  return errors.length ? { ok: false, errors: errors.slice(0, MAX_REPORTED) } : { ok: true, items };
}

/** Parses CSV text with a header row. */
export function parseCsvItems(content: string): ImportResult {
  let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    rows = parse(content, { columns: true, bom: true, skip_empty_lines: true, info: true }) as typeof rows;
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [typeof line === 'number' ? `Line ${line}: ${message}` : message] };
  }
  const items: DatasetItemInput[] = [];
  const errors: string[] = [];
  for (const { record, info } of rows) {
    const item: DatasetItemInput = { input: {} };
    const assertions: Assertion[] = [];
    for (const [column, cell] of Object.entries(record)) {
      if (column.startsWith('assert:')) {
        if (cell === '') continue;
        const made = cellAssertion(column.slice('assert:'.length), cell);
        if (made.ok) assertions.push(made.assertion);
        else errors.push(`Line ${info.lines}: column '${column}': ${made.message}`);
      } else if (column === 'assertions') {
        const list = assertionList(cell);
        if (list.ok) assertions.push(...list.assertions);
        else errors.push(`Line ${info.lines}: column 'assertions': ${list.message}`);
      } else if (column === 'expected') {
        if (cell !== '') item.expected = cell;
      } else {
        item.input[column] = cell;
      }
    }
    if (assertions.length) item.assertions = assertions;
    items.push(item);
    if (errors.length >= MAX_REPORTED) break;
  }
  return finish(items, errors);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON Lines; blank lines are skipped. */
export function parseJsonlItems(content: string): ImportResult {
  const items: DatasetItemInput[] = [];
  const errors: string[] = [];
  const lines = content.split(/\r?\n/);
  for (const [i, text] of lines.entries()) {
    if (text.trim() === '') continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      errors.push(`Line ${line}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      if (errors.length >= MAX_REPORTED) break;
      continue;
    }
    if (!isObject(value)) {
      errors.push(`Line ${line}: expected a JSON object`);
      continue;
    }
    const { input, assertions, expected, tools, ...rest } = value;
    const wrapped = isObject(input);
    if (input !== undefined && !wrapped) {
      errors.push(`Line ${line}: 'input' must be an object`);
      continue;
    }
    const item: DatasetItemInput = { input: wrapped ? input : rest };
    if (expected !== undefined) item.expected = expected;
    if (assertions !== undefined) {
      const list = assertionList(assertions);
      if (!list.ok) {
        errors.push(`Line ${line}: ${list.message}`);
        continue;
      }
      if (list.assertions.length) item.assertions = list.assertions;
    }
    if (tools !== undefined) {
      const scripted = datasetToolsSchema.safeParse(tools);
      if (!scripted.success) {
        const issue = scripted.error.issues[0];
        errors.push(`Line ${line}: tools${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
        continue;
      }
      item.tools = scripted.data;
    }
    items.push(item);
  }
  return finish(items, errors);
}

/** Parses `content` in `format`. */
export function parseDatasetItems(format: 'csv' | 'jsonl', content: string): ImportResult {
  return format === 'csv' ? parseCsvItems(content) : parseJsonlItems(content);
}
