import assert from 'node:assert/strict';
import { picoschema } from 'dotprompt';
import { parse as parseYaml } from 'yaml';
import { analyzePromptFile } from '../../src/format/analyzePromptFile.ts';
import { DIAGNOSTIC_CODES, type InputField } from '../../src/format/types.ts';
import { diagnosticsWith, marked, show } from './marked.ts';

/** A file whose frontmatter is `input:` with the given (already indented) lines. */
const withInput = (lines: string) => `---\ninput:\n${lines}\n---\n`;

/** Fields as `name:type[item]?=default` strings, children nested in brackets, for compact asserts. */
function summary(fields: InputField[] | undefined): string[] {
  return (fields ?? []).map((field) => {
    const item = field.itemType ? `<${field.itemType}>` : '';
    const optional = field.optional ? '?' : '';
    const def = field.hasDefault ? `=${JSON.stringify(field.default)}` : '';
    const children = field.children.length ? `{${summary(field.children).join(',')}}` : '';
    return `${field.name}:${field.type}${item}${optional}${def}${children}`;
  });
}

describe('analyzePromptFile: Picoschema inputs', () => {
  it('reads types, optional fields, descriptions, arrays, objects, enums and defaults', () => {
    const text = withInput(
      [
        '  schema:',
        "    name: string, the user's name",
        '    age?: integer',
        '    tags(array, labels): string',
        '    address(object):',
        '      city: string',
        '    items(array):',
        '      title: string',
        '    kind(enum): [A, B]',
        '    profile:',
        '      bio?: string',
        '  default:',
        '    age: 30',
        '    profile:',
        '      bio: none',
      ].join('\n'),
    );
    const analysis = analyzePromptFile(text + '{{name}}{{age}}{{tags}}{{address.city}}{{#each items}}{{title}}{{/each}}{{kind}}{{profile.bio}}');
    assert.equal(analysis.schemaFormat, 'picoschema');
    assert.deepEqual(summary(analysis.inputFields), [
      'name:string',
      'age:integer?=30',
      'tags:array<string>',
      'address:object{city:string}',
      'items:array<object>{title:string}',
      'kind:enum',
      'profile:object={"bio":"none"}{bio:string?="none"}',
    ]);
    const [name, , tags, , , kind] = analysis.inputFields!;
    assert.equal(name!.description, "the user's name");
    assert.equal(tags!.description, 'labels');
    assert.deepEqual(kind!.enumValues, ['A', 'B']);
    assert.deepEqual(analysis.inputFields![4]!.children[0]!.path, ['items', 'title']);
    assert.deepEqual(analysis.diagnostics, []);
  });

  it('gives each field the range of its name in the key', () => {
    const { text, ranges } = marked(withInput('  schema:\n    «name»?: string\n    «tags»(array): string\n    «user»:\n      «email»: string'));
    const fields = analyzePromptFile(text).inputFields!;
    assert.deepEqual([fields[0]!.range, fields[1]!.range, fields[2]!.range, fields[2]!.children[0]!.range].map(show), ranges.map(show));
  });

  const invalid: { name: string; schema: string; severity?: string }[] = [
    { name: 'an unknown scalar type, on the type', schema: '    name: «strng», the name' },
    { name: 'an unknown parenthetical type, on the type', schema: '    tags(«list»): string' },
    { name: 'a missing closing parenthesis', schema: '    tags«(array»: string' },
    { name: 'a list without (enum), on the list', schema: '    kind: «[A, B]»' },
    { name: 'a number where a type belongs', schema: '    age: «5»' },
    { name: 'an enum without a list', schema: '    kind(enum): «A»' },
    { name: 'a field with no type, as a warning on the key', schema: '    «name»:', severity: 'warning' },
  ];
  for (const c of invalid) {
    it(`reports ${c.name}`, () => {
      const { text, ranges } = marked(withInput(`  schema:\n${c.schema}`));
      const found = diagnosticsWith(analyzePromptFile(text), DIAGNOSTIC_CODES.invalidPicoschema);
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.equal(show(found[0]!.range), show(ranges[0]));
      assert.equal(found[0]!.severity, c.severity ?? 'error');
    });
  }

  it('accepts named schemas through the schemaExists option, and rejects unknown ones', () => {
    const text = withInput('  schema:\n    user: UserSchema\n    other: Missing');
    const found = diagnosticsWith(analyzePromptFile(text, { schemaExists: (name) => name === 'UserSchema' }), DIAGNOSTIC_CODES.invalidPicoschema);
    assert.deepEqual(
      found.map((d) => d.data),
      [{ suggestions: ['string'] }],
    );
    assert.equal(found[0]!.range.start.line, 4);
  });

  it('reports an undeclared list once, at the each, not again for the item it hands to {{this}} or its fields', () => {
    const analysis = analyzePromptFile(withInput('  schema:\n    name: string') + '{{name}} {{nmae}}\n{{#each items}}{{this}} {{title}}{{/each}} {{nmae}}');
    assert.equal(diagnosticsWith(analysis, DIAGNOSTIC_CODES.undeclaredVariable)[0]!.message, "'nmae' is not declared in input.schema. Did you mean 'name'?");
    assert.deepEqual(
      diagnosticsWith(analysis, DIAGNOSTIC_CODES.undeclaredVariable).map((d) => [d.data, d.range.start.line, d.range.start.character]),
      [
        [{ variable: 'nmae', path: ['nmae'], suggestions: ['name'] }, 5, 11],
        [{ variable: 'items', path: ['items'] }, 6, 8],
        // Each use of a misspelt input is its own mistake.
        [{ variable: 'nmae', path: ['nmae'], suggestions: ['name'] }, 6, 45],
      ],
    );
  });

  // Our reading must reject exactly what Dotprompt's own parser rejects.
  const agreement = [
    'name: string',
    'name?: string, desc',
    'tags(array): string',
    'a(object):\n  b: number',
    'k(enum): [x, y]',
    '(*): string',
    'name: strng',
    'tags(lst): string',
    'k: [x, y]',
    'age: 5',
    'n: "string , desc"',
    'obj:\n  inner(array):\n    x: boolean',
  ];
  for (const schema of agreement) {
    it(`agrees with Dotprompt's picoschema on ${JSON.stringify(schema)}`, async () => {
      const ours = diagnosticsWith(analyzePromptFile(withInput(`  schema:\n${schema.replace(/^/gm, '    ')}`)), DIAGNOSTIC_CODES.invalidPicoschema);
      const theirs = await picoschema(parseYaml(schema)).then(
        () => 'ok',
        () => 'rejected',
      );
      assert.equal(ours.length ? 'rejected' : 'ok', theirs, JSON.stringify(ours));
    });
  }
});

describe('analyzePromptFile: JSON Schema inputs', () => {
  it('reads properties, required, nullable types, items, enums and defaults', () => {
    const text = withInput(
      [
        '  schema:',
        '    type: object',
        '    required: [name, items]',
        '    properties:',
        '      name: {type: string, description: Who}',
        '      nick: {type: [string, "null"]}',
        '      mood: {enum: [happy, sad]}',
        '      items:',
        '        type: array',
        '        items:',
        '          type: object',
        '          properties:',
        '            title: {type: string}',
        '      level: {type: integer, default: 3}',
        '  default:',
        '    nick: Bo',
      ].join('\n'),
    );
    const analysis = analyzePromptFile(text + '{{name}}{{nick}}{{mood}}{{level}}{{#each items}}{{title}}{{titel}}{{/each}}');
    assert.equal(analysis.schemaFormat, 'json-schema');
    assert.deepEqual(summary(analysis.inputFields), [
      'name:string',
      'nick:string?="Bo"',
      'mood:enum?',
      'items:array<object>{title:string?}',
      'level:integer?=3',
    ]);
    assert.equal(analysis.inputFields![0]!.description, 'Who');
    assert.deepEqual(analysis.inputFields![2]!.enumValues, ['happy', 'sad']);
    assert.deepEqual(
      diagnosticsWith(analysis, DIAGNOSTIC_CODES.undeclaredVariable).map((d) => d.data),
      [{ variable: 'titel', path: ['items', 'titel'], suggestions: ['title'] }],
    );
  });

  it('takes a JSON Schema with only properties (no type) as JSON Schema, as Dotprompt does', () => {
    const analysis = analyzePromptFile(withInput('  schema:\n    properties:\n      q: {type: string}') + '{{q}}');
    assert.equal(analysis.schemaFormat, 'json-schema');
    assert.deepEqual(summary(analysis.inputFields), ['q:string?']);
  });

  it('lets open JSON Schema objects hold undeclared fields', () => {
    const analysis = analyzePromptFile(
      withInput('  schema:\n    type: object\n    additionalProperties: true\n    properties:\n      q: {type: string}') + '{{q}} {{other}}',
    );
    assert.deepEqual(analysis.diagnostics, []);
  });
});

describe('analyzePromptFile: input and output schemas written as JSON Schema are checked against its meta-schema', () => {
  it('marks each problem at the key it concerns, with the allowed values', () => {
    const { text, ranges } = marked(
      [
        '---',
        'input:',
        '  schema:',
        '    type: object',
        '    properties:',
        '      name: { type: «strng» }',
        '    required: «name»',
        'output:',
        '  format: json',
        '  schema:',
        '    type: object',
        '    properties:',
        '      ok: { type: boolean, minimum: «x» }',
        '---',
        'Hello {{name}}',
      ].join('\n'),
    );
    const found = diagnosticsWith(analyzePromptFile(text), DIAGNOSTIC_CODES.invalidJsonSchema);
    assert.deepEqual(found[0]!.data, { suggestions: ['string'] });
    assert.deepEqual(
      found.map((d) => [show(d.range), d.severity, d.message]),
      [
        [
          show(ranges[0]),
          'error',
          'Not valid JSON Schema: input.schema.properties.name.type must be one of "array", "boolean", "integer", "null", "number", "object", "string". Did you mean \'string\'?',
        ],
        [show(ranges[1]), 'error', 'Not valid JSON Schema: input.schema.required must be array'],
        [show(ranges[2]), 'error', 'Not valid JSON Schema: output.schema.properties.ok.minimum must be number'],
      ],
    );
  });

  it("checks a toolDefs entry's schemas too, at the key concerned", () => {
    const { text, ranges } = marked(
      [
        '---',
        'tools: [lookup]',
        'toolDefs:',
        '  - name: lookup',
        '    description: Finds an order',
        '    inputSchema:',
        '      type: object',
        '      properties:',
        '        id: { type: «strin» }',
        '---',
        'Find it.',
      ].join('\n'),
    );
    const found = diagnosticsWith(analyzePromptFile(text), DIAGNOSTIC_CODES.invalidJsonSchema);
    assert.deepEqual(
      found.map((d) => [show(d.range), d.message, d.data]),
      [
        [
          show(ranges[0]),
          'Not valid JSON Schema: toolDefs.0.inputSchema.properties.id.type must be one of "array", "boolean", "integer", "null", "number", "object", "string". Did you mean \'string\'?',
          { suggestions: ['string'] },
        ],
      ],
    );
  });

  it('says a schema that contains itself through a YAML alias cannot be read, and does not overflow', () => {
    const text = '---\ninput:\n  schema: &s\n    type: object\n    properties:\n      self: *s\n---\nHi';
    assert.deepEqual(
      diagnosticsWith(analyzePromptFile(text), DIAGNOSTIC_CODES.invalidJsonSchema).map((d) => d.message),
      ['Not valid JSON Schema: input.schema contains itself (a YAML alias inside its own anchor); JSON Schema writes recursion with $ref'],
    );
  });

  it('leaves valid JSON Schema and Picoschema alone', () => {
    const jsonSchema =
      '---\ninput:\n  schema:\n    type: object\n    properties:\n      name: { type: [string, "null"] }\n    required: [name]\n---\nHi {{name}}';
    const pico = '---\ninput:\n  schema:\n    name: string\n    type?: string\n---\nHi {{name}} {{type}}';
    const draft2020 = `---\ninput:\n  schema:\n    $schema: https://json-schema.org/draft/2020-12/schema\n    type: object\n    properties:\n      name: { type: string }\n---\nHi {{name}}`;
    for (const text of [jsonSchema, pico, draft2020]) assert.deepEqual(diagnosticsWith(analyzePromptFile(text), DIAGNOSTIC_CODES.invalidJsonSchema), [], text);
  });
});
