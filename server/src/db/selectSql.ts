/**
 * One SQL statement compiled from Prisma `findFirst` arguments (the same `select` declarations the
 * Prisma queries use), for a read too hot for Prisma's per-query work: relations become JSON built
 * by Postgres in the same statement, and the statement runs prepared (db/preparedQuery.ts). The
 * answer has the shape Prisma gives for the same arguments (timestamps revived as Dates), so the
 * callers' mappers and types are Prisma's. What it compiles: scalar and relation fields (`true` or
 * `{ select, where, orderBy, take }`), `where` by equality to `sqlParam(n)` or null, `orderBy` on
 * scalars and to-one relations' scalars; anything else throws when compiled.
 */
import { preparedQuery } from './preparedQuery.ts';
import type { RawDb } from './rawDb.ts';
import { schemaModel, type ModelInfo, type RelationField, type SchemaModel } from './schemaModel.ts';

class SqlParam {
  constructor(readonly position: number) {}
}

/** The query parameter `$position` in place of a `where` value (typed to fit any value). */
export function sqlParam(position: number): never {
  return new SqlParam(position) as never;
}

/** Prisma `findFirst` arguments as this module reads them. */
export interface FindFirstArgs {
  where?: Record<string, unknown>;
  select: Record<string, unknown>;
}

/** Turns the JSON of one selected object (or list) into Prisma's shape, in place. */
type Reviver = (value: unknown) => void;

/**
 * A DateTime column's JSON text as a `Date`. Postgres writes a `timestamp(3)` into JSON in ISO 8601
 * without a zone (`2026-12-07T11:08:17.05`, whatever the session's DateStyle) and a `date` as
 * `2026-12-07`; Prisma stores UTC in both, so the zone is Z. (Formatting in SQL with `to_char`
 * instead costs Postgres a sixth of the whole read.)
 */
function dateFromJson(text: string): Date {
  return new Date(text.length === 10 ? text : `${text}Z`);
}
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** Prisma types whose JSON is already what Prisma answers (enums too); DateTime is revived, others are refused. */
const JSON_SAFE_TYPES = new Set(['String', 'Int', 'Float', 'Boolean', 'Json']);

class Compiler {
  private aliases = 0;
  constructor(private readonly schema: SchemaModel) {}

  private model(name: string): ModelInfo {
    const model = this.schema.models.get(name);
    if (!model) throw new Error(`selectSql: no model ${name}`);
    return model;
  }

  /** `json_build_object(...)` of `select` on the row `alias` of `modelName`, and how to revive it. */
  object(modelName: string, alias: string, select: Record<string, unknown>): { sql: string; revive: Reviver } {
    const model = this.model(modelName);
    const parts: string[] = [];
    const dateKeys: string[] = [];
    const nested: Array<[string, Reviver]> = [];
    for (const [key, value] of Object.entries(select)) {
      if (value === false || value === undefined) continue;
      const field = model.fields.get(key);
      if (!field) throw new Error(`selectSql: ${modelName} has no field ${key}`);
      if (field.kind === 'scalar') {
        if (value !== true) throw new Error(`selectSql: ${modelName}.${key} is a scalar; select it with true`);
        const column = `${alias}.${quote(field.column)}`;
        if (field.type === 'DateTime') {
          parts.push(`'${key}', ${column}`);
          dateKeys.push(key);
        } else if (JSON_SAFE_TYPES.has(field.type) || this.schema.enums.has(field.type)) parts.push(`'${key}', ${column}`);
        else throw new Error(`selectSql: ${modelName}.${key} is ${field.type}, which this compiler does not read`);
        continue;
      }
      const args = value === true ? { select: this.scalarsOf(field.model) } : (value as FindFirstArgs & { orderBy?: unknown; take?: unknown });
      const unknownKeys = Object.keys(args).filter((k) => !['select', 'where', 'orderBy', 'take'].includes(k));
      if (unknownKeys.length || !args.select)
        throw new Error(`selectSql: ${modelName}.${key} takes { select, where, orderBy, take } (not ${unknownKeys.join(', ')})`);
      const child = this.alias();
      const inner = this.object(field.model, child, args.select);
      const from = [this.from(field, child, alias), ...this.where(field.model, child, args.where)].join(' AND ');
      if (!field.list) {
        if (args.where || args.orderBy || args.take !== undefined) throw new Error(`selectSql: ${modelName}.${key} is to-one; it takes only select`);
        parts.push(`'${key}', (SELECT ${inner.sql} ${from})`);
        nested.push([key, inner.revive]);
        continue;
      }
      // json_agg keeps the order of its ordered subquery (as Prisma's own join strategy relies on).
      const window = `${this.orderBy(field.model, child, args.orderBy)}${this.take(args.take)}`;
      parts.push(`'${key}', (SELECT COALESCE(json_agg(s.j), '[]'::json) FROM (SELECT ${inner.sql} AS j ${from}${window}) s)`);
      nested.push([key, (list) => (list as unknown[]).forEach(inner.revive)]);
    }
    if (parts.length > 50) throw new Error(`selectSql: ${modelName} selects more than 50 fields (json_build_object takes 100 arguments)`);
    const revive: Reviver = (value) => {
      if (value === null || typeof value !== 'object') return;
      const row = value as Record<string, unknown>;
      for (const key of dateKeys) if (typeof row[key] === 'string') row[key] = dateFromJson(row[key]);
      for (const [key, reviveField] of nested) reviveField(row[key]);
    };
    return { sql: `json_build_object(${parts.join(', ')})`, revive };
  }

  alias(): string {
    return `t${this.aliases++}`;
  }

  /** Conditions of a `where`: equality to a parameter, or IS NULL. */
  where(modelName: string, alias: string, where: Record<string, unknown> | undefined): string[] {
    return Object.entries(where ?? {}).map(([key, value]) => {
      const field = this.model(modelName).fields.get(key);
      if (field?.kind !== 'scalar') throw new Error(`selectSql: where ${modelName}.${key}: only scalar fields`);
      const column = `${alias}.${quote(field.column)}`;
      if (value === null) return `${column} IS NULL`;
      if (value instanceof SqlParam) return `${column} = $${value.position}`;
      throw new Error(`selectSql: where ${modelName}.${key}: give sqlParam(n) or null`);
    });
  }

  /** ` ORDER BY ...` of an `orderBy` (one object or a list), on scalars or a to-one relation's scalar. */
  orderBy(modelName: string, alias: string, orderBy: unknown): string {
    if (orderBy === undefined) return '';
    const terms = (Array.isArray(orderBy) ? orderBy : [orderBy]).flatMap((entry: Record<string, unknown>) =>
      Object.entries(entry).map(([key, direction]) => this.orderTerm(modelName, alias, key, direction)),
    );
    return ` ORDER BY ${terms.map((term) => `${term.expression} ${term.direction}`).join(', ')}`;
  }

  /** What one `orderBy` key sorts on: a column, or a to-one relation's column read by a subquery. */
  private orderTerm(modelName: string, alias: string, key: string, direction: unknown): { expression: string; direction: 'ASC' | 'DESC' } {
    const field = this.model(modelName).fields.get(key);
    if (field?.kind === 'scalar' && (direction === 'asc' || direction === 'desc')) {
      return { expression: `${alias}.${quote(field.column)}`, direction: direction === 'asc' ? 'ASC' : 'DESC' };
    }
    if (field?.kind === 'relation' && !field.list && typeof direction === 'object' && direction !== null && Object.keys(direction).length === 1) {
      const [[relatedKey, relatedDirection]] = Object.entries(direction) as [[string, unknown]];
      const child = this.alias();
      const related = this.orderTerm(field.model, child, relatedKey, relatedDirection);
      return { expression: `(SELECT ${related.expression} ${this.from(field, child, alias)})`, direction: related.direction };
    }
    throw new Error(`selectSql: orderBy ${modelName}.${key}: a scalar or a to-one relation's scalar, asc or desc`);
  }

  /** `FROM <related table> <child> WHERE <the relation's join to alias>`. */
  from(field: RelationField, child: string, alias: string): string {
    const joined = field.join.map(({ related, own }) => `${child}.${quote(related)} = ${alias}.${quote(own)}`);
    return `FROM ${quote(this.model(field.model).table)} ${child} WHERE ${joined.join(' AND ')}`;
  }

  take(take: unknown): string {
    if (take === undefined) return '';
    if (!Number.isInteger(take) || (take as number) < 0) throw new Error('selectSql: take is a non-negative integer');
    return ` LIMIT ${take as number}`;
  }

  private scalarsOf(modelName: string): Record<string, true> {
    const scalars = [...this.model(modelName).fields].filter(([, f]) => f.kind === 'scalar');
    return Object.fromEntries(scalars.map(([name]) => [name, true]));
  }
}

/** The SQL of `findFirst(args)` on `model`: one row with one column, `row`, the selected object as JSON. */
export function compileFindFirst(model: string, args: FindFirstArgs, schema: SchemaModel = schemaModel()): { sql: string; revive: Reviver } {
  const compiler = new Compiler(schema);
  const alias = compiler.alias();
  const { sql, revive } = compiler.object(model, alias, args.select);
  const where = compiler.where(model, alias, args.where);
  return {
    sql: `SELECT ${sql} AS row FROM ${quote(schema.models.get(model)!.table)} ${alias}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} LIMIT 1`,
    revive,
  };
}

/**
 * A `findFirst` compiled on first use and run as the prepared statement `name`; `Row` is Prisma's
 * payload type for the same arguments (`Prisma.XGetPayload<typeof args>`).
 */
export function preparedFindFirst<Row>(name: string, model: string, args: FindFirstArgs): (raw: RawDb, params: unknown[]) => Promise<Row | null> {
  let compiled: ReturnType<typeof compileFindFirst> | undefined;
  return async (raw, params) => {
    compiled ??= compileFindFirst(model, args);
    const [found] = await preparedQuery<{ row: unknown }>(raw, name, compiled.sql, params);
    if (!found) return null;
    compiled.revive(found.row);
    return found.row as Row;
  };
}
