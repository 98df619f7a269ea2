/**
 * A value that matches a JSON Schema, for the local provider's default answer to a request that
 * asks for JSON: so a prompt with `output.schema` runs offline to a valid object without a script.
 * It covers what Picoschema and structured-output schemas use (types, enum, const, properties,
 * items, anyOf, local `$ref`); anything else gets a plain value of its type.
 */

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveRef(ref: string, root: Schema): Schema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const key of ref.slice(2).split('/')) node = isSchema(node) ? node[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isSchema(node) ? node : undefined;
}

function sample(schema: unknown, root: Schema, depth: number): unknown {
  if (!isSchema(schema) || depth > 8) return null;
  if (typeof schema.$ref === 'string') return sample(resolveRef(schema.$ref, root), root, depth + 1);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) return sample(schema.anyOf[0], root, depth + 1);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => t !== 'null') ?? types[0] ?? (isSchema(schema.properties) ? 'object' : undefined);
  switch (type) {
    case 'string':
      return 'text';
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const count = typeof schema.minItems === 'number' ? Math.max(1, schema.minItems) : 1;
      return Array.from({ length: count }, () => sample(schema.items, root, depth + 1));
    }
    case 'object': {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, sample(value, root, depth + 1)]));
    }
    default:
      return 'value';
  }
}

/** A value `schema` accepts (for the schemas structured output uses). */
export function sampleJson(schema: unknown): unknown {
  return sample(schema, isSchema(schema) ? schema : {}, 0);
}
