/**
 * The REST door's route table, read once from the router: every procedure with `meta.openapi`
 * becomes a method + path pattern (`/prompts/{id}/labels/{name}`) with what the adapter needs to
 * build its input (which query fields are numbers, booleans or arrays) and answer it (the
 * documented success status).
 */
import type { AnyProcedure, AnyRouter } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';

/** How a query-string value becomes the type the input schema wants. */
type QueryKind = 'number' | 'boolean' | 'string' | 'other';

/** One query field: its kind and whether the schema takes an array of it. */
interface QueryField {
  kind: QueryKind;
  array: boolean;
}

/** A REST operation: one procedure at one method and path. */
export interface RestRoute {
  method: string;
  /** The documented path, e.g. `/prompts/{id}`. */
  path: string;
  /** The procedure's dotted path in the router, e.g. `prompts.get`. */
  procedurePath: string;
  /** Path segments: a literal (lower-cased) or a parameter name. */
  segments: Array<{ literal: string } | { param: string }>;
  /** Whether the procedure takes any input at all. */
  takesInput: boolean;
  queryFields: Map<string, QueryField>;
  /** The statuses a success answers: the first unless the procedure sets `ctx.http.status`. */
  successStatuses: SuccessStatus[];
  /** The procedure itself, called directly (what a tRPC caller does, without its per-request proxy). */
  procedure: AnyProcedure;
}

/** The route table indexed for matching: by method and segment count, then literal first segment. */
export interface RestRouteTable {
  routes: RestRoute[];
  byShape: Map<string, RestRoute[]>;
}

/** A status a REST success answers. */
export type SuccessStatus = 200 | 201 | 202;

/**
 * Metadata of our procedures: trpc-to-openapi's, plus the statuses a success answers (the first
 * unless the procedure sets `ctx.http.status` to another of them; all are documented) and the
 * top-level input fields that may hold any text (NUL included) because they are stored encoded.
 */
export type RestMeta = OpenApiMeta & { successStatuses?: SuccessStatus[]; rawTextFields?: string[] };

interface SchemaDef {
  type?: string;
  innerType?: { def: SchemaDef };
  in?: { def: SchemaDef };
  element?: { def: SchemaDef };
  shape?: Record<string, { def: SchemaDef }>;
}

/** Strips optional/nullable/default/pipe wrappers down to the schema that says the type. */
function unwrap(def: SchemaDef): SchemaDef {
  let current = def;
  for (let i = 0; i < 20; i++) {
    const next = current.innerType?.def ?? (current.type === 'pipe' ? current.in?.def : undefined);
    if (!next) return current;
    current = next;
  }
  return current;
}

function kindOf(def: SchemaDef): QueryKind {
  const type = unwrap(def).type;
  if (type === 'number' || type === 'int') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'string' || type === 'enum' || type === 'literal') return 'string';
  return 'other';
}

/** The top-level fields of an object input schema, typed for query-string coercion. */
function queryFieldsOf(procedure: AnyProcedure): Map<string, QueryField> {
  const fields = new Map<string, QueryField>();
  const inputs = (procedure._def as { inputs?: Array<{ def?: SchemaDef }> }).inputs ?? [];
  for (const input of inputs) {
    const object = input.def ? unwrap(input.def) : undefined;
    for (const [name, schema] of Object.entries(object?.type === 'object' ? (object.shape ?? {}) : {})) {
      const field = unwrap(schema.def);
      const array = field.type === 'array';
      fields.set(name, { array, kind: array && field.element ? kindOf(field.element.def) : kindOf(field) });
    }
  }
  return fields;
}

/** Whether the procedure has an input other than `z.void()` (which must receive `undefined`). */
function takesInput(procedure: AnyProcedure): boolean {
  const inputs = (procedure._def as { inputs?: Array<{ def?: SchemaDef }> }).inputs ?? [];
  return inputs.some((input) => !input.def || !['void', 'undefined'].includes(unwrap(input.def).type ?? ''));
}

/** Reads every REST operation of `router`. */
export function restRoutesOf(router: AnyRouter): RestRoute[] {
  const routes: RestRoute[] = [];
  for (const [procedurePath, procedure] of Object.entries(router._def.procedures as Record<string, AnyProcedure>)) {
    const meta = procedure._def.meta as RestMeta | undefined;
    const openapi = meta?.openapi;
    if (!openapi || openapi.enabled === false) continue;
    const segments = openapi.path
      .split('/')
      .filter(Boolean)
      .map((part) => (/^\{.+\}$/.test(part) ? { param: part.slice(1, -1) } : { literal: part.toLowerCase() }));
    routes.push({
      method: openapi.method,
      path: openapi.path,
      procedurePath,
      segments,
      takesInput: takesInput(procedure),
      queryFields: queryFieldsOf(procedure),
      successStatuses: meta.successStatuses ?? [200],
      procedure,
    });
  }
  return routes;
}

/** Indexes `routes` for matchRoute; built once, when the adapter is. */
export function routeTable(routes: RestRoute[]): RestRouteTable {
  const byShape = new Map<string, RestRoute[]>();
  for (const route of routes) {
    const key = `${route.method} ${route.segments.length}`;
    const list = byShape.get(key) ?? [];
    list.push(route);
    byShape.set(key, list);
  }
  return { routes, byShape };
}

/**
 * Finds the route for `method` and `pathname` (no query; one trailing slash allowed), with its raw
 * parameters. Only the routes of that method and segment count are compared, in declaration order.
 */
export function matchRoute(table: RestRouteTable, method: string, pathname: string): { route: RestRoute; params: Record<string, string> } | undefined {
  const parts = pathname.split('/').filter(Boolean);
  const candidates = table.byShape.get(`${method} ${parts.length}`);
  if (!candidates) return undefined;
  const lowered = parts.map((part) => part.toLowerCase());
  for (const route of candidates) {
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < parts.length && matched; i++) {
      const segment = route.segments[i]!;
      if ('literal' in segment) matched = segment.literal === lowered[i];
      else params[segment.param] = parts[i]!;
    }
    if (matched) return { route, params };
  }
  return undefined;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A query value as the schema's type; a value that is not one stays a string for zod to refuse. */
function coerce(value: string, kind: QueryKind): unknown {
  if (kind === 'number') return NUMBER.test(value.trim()) ? Number(value) : value;
  if (kind === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/** The input of a GET/DELETE from its query string (first value unless the field is an array). */
export function queryInput(route: RestRoute, query: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined || raw === '') continue;
    const field = route.queryFields.get(name);
    const values = (Array.isArray(raw) ? raw : [raw]).map(String);
    const kind = field?.kind ?? 'string';
    input[name] = field?.array ? values.map((v) => coerce(v, kind)) : coerce(values[0]!, kind);
  }
  return input;
}
