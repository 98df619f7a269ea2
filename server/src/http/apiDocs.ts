/**
 * The OpenAPI document of the REST door and a readable reference page rendered from it on the
 * server (no CDN, no client script): one section per operation with its parameters and schemas.
 */
import type { AnyRouter } from '@trpc/server';
import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { testRunInput } from '../features/runs/runSchemas.ts';
import { versionRefInput, writeResultOutput } from '../features/prompts/promptSchemas.ts';
import { idSchema } from './idSchema.ts';
import { errorBodySchema } from './errors.ts';
import { restRoutesOf } from './restRoutes.ts';

const ERROR_REF = { $ref: '#/components/schemas/Error' };

/** Errors any operation can answer besides those its procedure declares. */
const COMMON_ERRORS: Record<number, string> = { 500: 'Internal server error (logged; the body says nothing more)' };
/** Errors of an operation that takes a body. */
const BODY_ERRORS: Record<number, string> = {
  400: 'Invalid input, or a body that is not JSON, nested too deep or not the encoding it claims',
  413: 'Request body too large',
  415: 'Not application/json, or an unsupported content encoding',
};
/** Errors of every write (the write throttle counts every method but GET). */
const WRITE_ERRORS: Record<number, string> = { 429: 'Too many requests (the write or sign-in throttle)' };

const errors = (statuses: Record<number, string>) => Object.fromEntries(Object.entries(statuses).map(([status, description]) => [status, { description }]));
const security = [{ Authorization: [] }];

/**
 * The routes served beside the procedures (text and event streams, which the JSON adapter does
 * not answer), described from the same zod schemas their handlers call through.
 */
const plainRoutes: ZodOpenApiPathsObject = {
  '/prompts/{id}/test/stream': {
    post: {
      tags: ['runs'],
      summary:
        'Run a prompt version and stream the answer as Server-Sent Events: `event: token` `{"text"}` per chunk, then `event: done` with the recorded run, or `event: error` `{"code","message"}`',
      security,
      requestParams: { path: z.object({ id: idSchema }) },
      requestBody: { content: { 'application/json': { schema: testRunInput.omit({ id: true }) } } },
      responses: {
        200: { description: 'The event stream', content: { 'text/event-stream': { schema: z.string() } } },
        ...errors({ 401: 'Sign in required', 402: "The workspace's monthly spend limit is reached", 403: 'Your role does not allow this', 404: 'Not found' }),
      },
    },
  },
  '/prompts/{id}/versions/{ref}/source': {
    get: {
      tags: ['prompt versions'],
      summary: 'The `.prompt` file of a version (number or label), byte for byte, with its hash as ETag',
      security,
      requestParams: { path: versionRefInput },
      responses: {
        200: { description: 'The file', content: { 'text/plain': { schema: z.string() } } },
        ...errors({ 400: 'Invalid input', 401: 'Sign in required', 404: 'Not found' }),
      },
    },
  },
  '/prompts/{id}/source': {
    post: {
      tags: ['prompt versions'],
      summary: 'Upload a whole `.prompt` file (UTF-8 text) as the next version (201), or 200 when identical to the latest',
      security,
      requestParams: {
        path: z.object({ id: idSchema }),
        query: z.object({ baseVersion: z.string().regex(/^\d+$/).optional(), message: z.string().max(500).optional() }),
      },
      requestBody: { content: { 'text/plain': { schema: z.string() } } },
      responses: {
        201: { description: 'Stored as a new version', content: { 'application/json': { schema: writeResultOutput } } },
        200: { description: 'Identical to the latest version: nothing stored', content: { 'application/json': { schema: writeResultOutput } } },
        ...errors({
          400: 'Invalid input or not UTF-8',
          401: 'Sign in required',
          403: 'Your role does not allow this',
          404: 'Not found',
          409: 'baseVersion is not the latest',
        }),
      },
    },
  },
};

interface DocOperation {
  responses: Record<string, { description?: string; content?: Record<string, unknown> }>;
  requestBody?: unknown;
}

/**
 * Generates the OpenAPI 3.1 document for `router` served under `baseUrl` (…/api): every
 * procedure with `meta.openapi` at the success statuses it answers (`meta.successStatuses`), the
 * text and SSE routes, and for every error status the one error body of errors.ts.
 */
export function openApiDocument(router: AnyRouter, baseUrl: string): OpenAPIObject {
  const doc = generateOpenApiDocument(router, {
    title: 'PromptStack API',
    description: 'Team backend for .prompt files. Every operation is also a tRPC procedure at /trpc. Errors: `{ error: { code, message, issues? } }`.',
    version: '0.1.0',
    baseUrl,
    paths: plainRoutes,
    defs: { Error: errorBodySchema },
  });
  const successes = new Map(restRoutesOf(router).map((route) => [`${route.method} ${route.path}`, route.successStatuses]));
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item as Record<string, DocOperation>)) {
      const { responses } = operation;
      const statuses = successes.get(`${method.toUpperCase()} ${path}`);
      if (statuses && responses['200']) {
        const success = responses['200'];
        delete responses['200'];
        for (const status of statuses) responses[status] = success;
      }
      const common = { ...COMMON_ERRORS, ...(operation.requestBody ? BODY_ERRORS : {}), ...(method === 'get' ? {} : WRITE_ERRORS) };
      for (const [status, description] of Object.entries(common)) responses[status] ??= { description };
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400) response.content = { 'application/json': { schema: ERROR_REF } };
      }
    }
  }
  // trpc-to-openapi's own error bodies (`{ message, code, issues }`) are never sent.
  const schemas = (doc.components?.schemas ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(schemas)) if (name.startsWith('error.')) delete schemas[name];
  return doc;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

interface Operation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: unknown }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

function schemaBlock(title: string, schema: unknown): string {
  return schema ? `<details><summary>${title}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>` : '';
}

/** Renders the reference page for `doc`. */
export function renderApiDocsHtml(doc: OpenAPIObject): string {
  const sections: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, raw] of Object.entries(item as Record<string, Operation>)) {
      const op = raw;
      const params = (op.parameters ?? [])
        .map((p) => `<li><code>${escapeHtml(p.name)}</code> (${escapeHtml(p.in)}${p.required ? ', required' : ''})</li>`)
        .join('');
      const success = Object.entries(op.responses ?? {}).find(([status]) => status.startsWith('2'));
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `<li><code>${escapeHtml(status)}</code> ${escapeHtml(r.description ?? '')}</li>`)
        .join('');
      sections.push(`<section id="${escapeHtml(`${method}-${path}`)}">
<h3><span class="m ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>/api${escapeHtml(path)}</code>${op.security?.length ? ' <span class="lock">auth</span>' : ''}</h3>
<p>${escapeHtml(op.summary ?? '')}</p>
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}
${schemaBlock('Request body', op.requestBody?.content?.['application/json']?.schema)}
${success ? schemaBlock(`Response ${success[0]}`, success[1].content?.['application/json']?.schema) : ''}
${responses ? `<h4>Responses</h4><ul>${responses}</ul>` : ''}
</section>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.5rem 0}h3{margin:.5rem 0}.m{display:inline-block;min-width:4.5rem;font-size:.8em;padding:.1rem .4rem;border-radius:4px;color:#fff;background:#555;text-align:center}
.get{background:#2b7a3d}.post{background:#1f5fa8}.put{background:#a86a1f}.delete{background:#a8321f}.lock{font-size:.75em;color:#a8321f}
pre{background:#f5f5f5;padding:.5rem;overflow:auto}</style></head><body>
<h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${escapeHtml(doc.info.description ?? '')}</p><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>. Authenticate with <code>Authorization: Bearer &lt;token&gt;</code> or the session cookie.</p>
${sections.join('\n')}
</body></html>`;
}
