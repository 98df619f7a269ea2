/**
 * What selectSql.ts needs to know of the data model, read from prisma/schema.prisma itself (the
 * one description of the database): each model's table, its scalar columns and their types, and
 * how each relation field joins (the columns of `@relation(fields:, references:)`, on whichever
 * side declares them).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getSchema, type AttributeArgument, type Field, type Model } from '@mrleebo/prisma-ast';
import { findMigrationsDir } from './migrate.ts';

/** A scalar field: its column and its Prisma type (`String`, `DateTime`, `Json`, an enum...). */
export interface ScalarField {
  kind: 'scalar';
  column: string;
  type: string;
}

/** A relation field: the related model, whether it is a list, and the join (related column = this model's column). */
export interface RelationField {
  kind: 'relation';
  model: string;
  list: boolean;
  join: Array<{ related: string; own: string }>;
}

/** One model: its table and its fields by name. */
export interface ModelInfo {
  table: string;
  fields: Map<string, ScalarField | RelationField>;
}

/** The data model: models by name, and the names of the enums. */
export interface SchemaModel {
  models: Map<string, ModelInfo>;
  enums: Set<string>;
}

/** A `@relation` or `@map` attribute's arguments: the unnamed string (relation name / mapped name) and `fields`/`references`. */
function attributeArgs(attribute: { args?: AttributeArgument[] | undefined } | undefined): { name?: string; fields: string[]; references: string[] } {
  const out: { name?: string; fields: string[]; references: string[] } = { fields: [], references: [] };
  for (const arg of attribute?.args ?? []) {
    const value = arg.value;
    if (typeof value === 'string') out.name = JSON.parse(value) as string;
    else if (typeof value === 'object' && value !== null && 'type' in value && value.type === 'keyValue') {
      const list = typeof value.value === 'object' && value.value !== null && 'type' in value.value && value.value.type === 'array' ? value.value.args : [];
      if (value.key === 'fields') out.fields = list.map(String);
      if (value.key === 'references') out.references = list.map(String);
      if (value.key === 'name' && typeof value.value === 'string') out.name = JSON.parse(value.value) as string;
    }
  }
  return out;
}

const attributeNamed = (field: Field, name: string) => field.attributes?.find((a) => a.name === name);

/** Parses schema text into the model selectSql.ts compiles against. */
export function parseSchemaModel(schemaText: string): SchemaModel {
  const blocks = getSchema(schemaText).list;
  const models = blocks.filter((block): block is Model => block.type === 'model');
  const names = new Set(models.map((m) => m.name));
  const fieldsOf = (model: Model) => model.properties.filter((p): p is Field => p.type === 'field');
  const columnOf = (model: Model, fieldName: string) => {
    const field = fieldsOf(model).find((f) => f.name === fieldName);
    return (field && attributeArgs(attributeNamed(field, 'map')).name) ?? fieldName;
  };
  const schema: SchemaModel = { models: new Map(), enums: new Set(blocks.flatMap((block) => (block.type === 'enum' ? [block.name] : []))) };
  for (const model of models) {
    const mapped = model.properties.find((p) => p.type === 'attribute' && p.name === 'map');
    const table = (mapped?.type === 'attribute' && attributeArgs(mapped).name) || model.name;
    const fields = new Map<string, ScalarField | RelationField>();
    for (const field of fieldsOf(model)) {
      const type = String(field.fieldType);
      if (!names.has(type)) {
        // A timestamp with time zone would not read back as UTC the way selectSql.ts formats DateTime.
        const native = field.attributes?.find((a) => a.group === 'db')?.name;
        fields.set(field.name, { kind: 'scalar', column: columnOf(model, field.name), type: native === 'Timestamptz' ? 'DateTime(tz)' : type });
        continue;
      }
      const relation = attributeArgs(attributeNamed(field, 'relation'));
      const other = models.find((m) => m.name === type)!;
      let join: RelationField['join'];
      if (relation.fields.length) {
        // This side holds the foreign key: the related row's `references` equal our `fields`.
        join = relation.references.map((ref, i) => ({ related: columnOf(other, ref), own: columnOf(model, relation.fields[i]!) }));
      } else {
        // The other side holds it: its field of our type with the same relation name.
        const back = fieldsOf(other).find((f) => {
          const args = attributeArgs(attributeNamed(f, 'relation'));
          return String(f.fieldType) === model.name && args.fields.length > 0 && args.name === relation.name;
        });
        if (!back) throw new Error(`schema: no back relation for ${model.name}.${field.name}`);
        const args = attributeArgs(attributeNamed(back, 'relation'));
        join = args.fields.map((fk, i) => ({ related: columnOf(other, fk), own: columnOf(model, args.references[i]!) }));
      }
      fields.set(field.name, { kind: 'relation', model: type, list: field.array === true, join });
    }
    schema.models.set(model.name, { table, fields });
  }
  return schema;
}

let loaded: SchemaModel | undefined;

/** The data model of prisma/schema.prisma beside the migrations folder, parsed once per process. */
export function schemaModel(): SchemaModel {
  loaded ??= parseSchemaModel(readFileSync(join(dirname(findMigrationsDir()), 'schema.prisma'), 'utf8'));
  return loaded;
}
