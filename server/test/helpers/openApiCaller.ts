/**
 * Calls operations of the server's own `/api/openapi.json` for real and checks each answer's
 * status, content type and body against what the document says for that status (Ajv, JSON
 * Schema 2020-12), for contract tests.
 */
import assert from 'node:assert/strict';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** The parts of an OpenAPI document the caller reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

/** What one call takes besides the operation: path parameters, query string, bearer token, and a JSON or text body. */
export interface CallOptions {
  params?: Record<string, string>;
  query?: string;
  token?: string;
  json?: unknown;
  text?: string;
}

/** A caller bound to one server and its document. */
export interface OpenApiCaller {
  doc: OpenApiDocument;
  /** Calls `op` ("POST /prompts/{id}"), checks the answer against the document and returns it (`body` parsed when JSON). */
  call(op: string, options?: CallOptions): Promise<{ status: number; body: any }>;
  /** Awaits `answer`, asserts its status and returns its body. */
  expect(status: number, answer: Promise<{ status: number; body: any }>): Promise<any>;
  /** Each operation called, with whether it answered a success, an error or both. */
  seen: Map<string, Set<'success' | 'error'>>;
}

/** Reads `${serverUrl}/api/openapi.json` and answers a caller checking against it. */
export async function openApiCaller(serverUrl: string): Promise<OpenApiCaller> {
  const doc = (await (await fetch(`${serverUrl}/api/openapi.json`)).json()) as OpenApiDocument;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(doc as object, 'openapi.json');
  const validators = new Map<string, ValidateFunction>();
  const seen = new Map<string, Set<'success' | 'error'>>();
  const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

  async function call(op: string, options: CallOptions = {}): Promise<{ status: number; body: any }> {
    const [method, template] = op.split(' ') as [string, string];
    const operation = doc.paths[template]?.[method.toLowerCase()];
    assert.ok(operation, `${op} is not in the document`);
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(options.params?.[name] ?? assert.fail(`${op}: no ${name}`)));
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.text !== undefined) {
      headers['content-type'] = 'text/plain';
      body = options.text;
    }
    const response = await fetch(`${serverUrl}/api${path}${options.query ? `?${options.query}` : ''}`, { method, headers, body });
    const text = await response.text();
    const status = String(response.status);
    const documented = operation.responses[status];
    assert.ok(documented, `${op} answered ${status}, which the document does not list: ${text.slice(0, 300)}`);
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!;
    const content = documented.content?.[type];
    assert.ok(content, `${op} ${status} answered ${type}; the document says ${Object.keys(documented.content ?? {}).join(', ')}`);
    const parsed: unknown = type === 'application/json' ? JSON.parse(text) : text;
    const ref = `openapi.json#/${pointer('paths', template, method.toLowerCase(), 'responses', status, 'content', type, 'schema')}`;
    let validate = validators.get(ref);
    if (!validate) {
      validate = ajv.getSchema(ref)!;
      validators.set(ref, validate);
    }
    assert.ok(validate(parsed), `${op} ${status} body does not match the document: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`);
    const kinds = seen.get(op) ?? new Set();
    kinds.add(response.status < 300 ? 'success' : 'error');
    seen.set(op, kinds);
    return { status: response.status, body: parsed };
  }

  async function expect(status: number, answer: Promise<{ status: number; body: any }>): Promise<any> {
    const got = await answer;
    assert.equal(got.status, status, JSON.stringify(got.body).slice(0, 300));
    return got.body;
  }

  return { doc, call, expect, seen };
}
