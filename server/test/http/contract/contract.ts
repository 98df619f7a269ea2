/**
 * The harness of the OpenAPI contract tests: calls an operation of /api/openapi.json for real and
 * checks the answer's status, content type and body against what the document says for that
 * status, remembering which operations answered success and which an error.
 */
import assert from 'node:assert/strict';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** The parts of the OpenAPI document the harness reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

/** How to call an operation: path parameters, query string, bearer token and a JSON or text body. */
export interface CallOptions {
  params?: Record<string, string>;
  query?: string;
  token?: string;
  json?: unknown;
  text?: string;
}

/** An answer that matched the document; `body` is parsed when JSON. */
export interface Answer {
  status: number;
  body: any;
}

/** Public operations that answer no client error at all (no input, no sign-in needed). */
const NO_CLIENT_ERROR = new Set(['GET /auth/session', 'GET /auth/signout', 'POST /auth/signout']);

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export class Contract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly seen = new Map<string, Set<'success' | 'error'>>();

  private constructor(
    private readonly serverUrl: string,
    readonly doc: OpenApiDocument,
  ) {
    this.ajv.addSchema(doc as object, 'openapi.json');
  }

  /** Reads the document of the server at `serverUrl`. */
  static async load(serverUrl: string): Promise<Contract> {
    return new Contract(serverUrl, (await (await fetch(`${serverUrl}/api/openapi.json`)).json()) as OpenApiDocument);
  }

  /** Calls `op` ("POST /prompts/{id}") with `options.params` filled in and checks the answer against the document. */
  readonly call = async (op: string, options: CallOptions = {}): Promise<Answer> => {
    const [method, template] = op.split(' ') as [string, string];
    const operation = this.doc.paths[template]?.[method.toLowerCase()];
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
    const response = await fetch(`${this.serverUrl}/api${path}${options.query ? `?${options.query}` : ''}`, { method, headers, body });
    const text = await response.text();
    const status = String(response.status);
    const documented = operation.responses[status];
    assert.ok(documented, `${op} answered ${status}, which the document does not list: ${text.slice(0, 300)}`);
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!;
    const content = documented.content?.[type];
    assert.ok(content, `${op} ${status} answered ${type}; the document says ${Object.keys(documented.content ?? {}).join(', ')}`);
    const parsed: unknown = type === 'application/json' ? JSON.parse(text) : text;
    const validate = this.validator(`openapi.json#/${pointer('paths', template, method.toLowerCase(), 'responses', status, 'content', type, 'schema')}`);
    assert.ok(validate(parsed), `${op} ${status} body does not match the document: ${this.ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`);
    const kinds = this.seen.get(op) ?? new Set();
    kinds.add(response.status < 300 ? 'success' : 'error');
    this.seen.set(op, kinds);
    return { status: response.status, body: parsed };
  };

  /** Awaits an answer of `call` and asserts its status; returns the parsed body. */
  readonly expect = async (status: number, answer: Promise<Answer>): Promise<any> => {
    const got = await answer;
    assert.equal(got.status, status, JSON.stringify(got.body).slice(0, 300));
    return got.body;
  };

  /** Fails unless every documented operation answered success and (where it can) a client error. */
  assertEveryOperationCalled(): void {
    for (const [path, item] of Object.entries(this.doc.paths)) {
      for (const method of Object.keys(item)) {
        const op = `${method.toUpperCase()} ${path}`;
        const kinds = this.seen.get(op);
        assert.ok(kinds?.has('success'), `${op} was never answered with success`);
        if (!NO_CLIENT_ERROR.has(op)) assert.ok(kinds?.has('error'), `${op} was never answered with an error`);
      }
    }
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.getSchema(ref)!;
      this.validators.set(ref, validate);
    }
    return validate;
  }
}
