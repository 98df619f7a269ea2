/**
 * The OpenAPI document of the REST door and a readable reference page rendered from it on the
 * server (no CDN, no client script): one section per operation with its parameters and schemas.
 */
import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import type { AppRouter } from '../router.ts';

/** Generates the OpenAPI 3.1 document for `router` served under `baseUrl` (…/api). */
export function openApiDocument(router: AppRouter, baseUrl: string): OpenAPIObject {
  return generateOpenApiDocument(router, {
    title: 'PromptStack API',
    description: 'Team backend for .prompt files. Every operation is also a tRPC procedure at /trpc. Errors: `{ error: { code, message, issues? } }`.',
    version: '0.1.0',
    baseUrl,
  });
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
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `<li><code>${escapeHtml(status)}</code> ${escapeHtml(r.description ?? '')}</li>`)
        .join('');
      sections.push(`<section id="${escapeHtml(`${method}-${path}`)}">
<h3><span class="m ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>/api${escapeHtml(path)}</code>${op.security?.length ? ' <span class="lock">auth</span>' : ''}</h3>
<p>${escapeHtml(op.summary ?? '')}</p>
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}
${schemaBlock('Request body', op.requestBody?.content?.['application/json']?.schema)}
${schemaBlock('Response 200', op.responses?.['200']?.content?.['application/json']?.schema)}
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
