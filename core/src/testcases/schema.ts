/**
 * The `name.tests.yaml` format: test cases beside a prompt, each an input and the assertions
 * its output must meet. One definition, used by the extension and the server alike.
 */
import * as z from 'zod';
import { compileJsonSchema } from '../structured/jsonSchemaValidator.ts';
import { compileUserRegex } from './userRegex.ts';

const caseSensitive = z.boolean().optional().describe('Default true');

/**
 * Every assertion type, discriminated by `type`: the shape alone. Reads what was stored (which may
 * predate a rule); what is written goes through `assertionSchema`.
 */
export const assertionShapeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('contains'), value: z.string(), caseSensitive }),
  z.strictObject({ type: z.literal('not-contains'), value: z.string(), caseSensitive }),
  z.strictObject({
    type: z.literal('regex'),
    value: z.string().describe('RE2 syntax (linear time): no backreferences or lookaround'),
    flags: z
      .string()
      .regex(/^[dgimsuyv]*$/, 'flags must be JavaScript RegExp flags')
      .optional(),
  }),
  z.strictObject({ type: z.literal('json-schema'), schema: z.record(z.string(), z.unknown()) }),
  z.strictObject({ type: z.literal('max-latency'), ms: z.number().nonnegative() }),
  z.strictObject({ type: z.literal('max-cost'), usd: z.number().nonnegative() }),
  z.strictObject({ type: z.literal('equals'), value: z.unknown(), caseSensitive, trim: z.boolean().optional() }),
  z.strictObject({
    type: z.literal('tool-called'),
    value: z.string().min(1).describe('Name of the tool that must have been called'),
    arguments: z.record(z.string(), z.unknown()).optional().describe('JSON Schema that the arguments of at least one call (every call, with times) must match'),
    times: z.number().int().nonnegative().optional().describe('Exact number of calls (default: at least one)'),
  }),
  z.strictObject({
    type: z.literal('llm-judge'),
    rubric: z.string().min(1),
    model: z.string().optional(),
    threshold: z.number().min(0).max(1).optional(),
  }),
]);

/**
 * An assertion as written: its shape, a `regex` the linear-time engine can run (refused otherwise,
 * at `value`), and JSON Schemas that compile (a `json-schema`'s `schema`, a `tool-called`'s
 * `arguments`; refused otherwise, there), so a broken one is found where it is written rather than
 * as a failure of every case that runs it.
 */
export const assertionSchema = assertionShapeSchema.superRefine((assertion, ctx) => {
  if (assertion.type === 'regex') {
    const compiled = compileUserRegex(assertion.value, assertion.flags);
    if (!compiled.ok) ctx.addIssue({ code: 'custom', path: ['value'], message: compiled.message });
    return;
  }
  const [field, schema] =
    assertion.type === 'json-schema' ? ['schema', assertion.schema] : assertion.type === 'tool-called' ? ['arguments', assertion.arguments] : [];
  if (!field || !schema) return;
  const validate = compileJsonSchema(schema);
  if (validate instanceof Error) ctx.addIssue({ code: 'custom', path: [field], message: `not a valid JSON Schema: ${validate.message}` });
});

/**
 * The scripted answer of one tool: `result` for every call, or `results` one per call in order
 * (a call past the end has no result and fails the test).
 */
export const toolScriptSchema = z.union([
  z.strictObject({ result: z.unknown().describe('Returned for every call of the tool') }),
  z.strictObject({ results: z.array(z.unknown()).min(1).describe('Returned one per call, in order') }),
]);

/** One test: a name, the prompt input, scripted tool results, what must hold. */
export const testCaseSchema = z.strictObject({
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()).default({}),
  tools: z.record(z.string(), toolScriptSchema).optional().describe('Scripted results of the tools the model may call, by tool name'),
  assert: z.array(assertionSchema).default([]),
});

/** The whole file. */
export const testCasesFileSchema = z.strictObject({
  prompt: z.string().optional().describe('Path of the prompt, relative to this file (default: name.prompt beside it)'),
  defaults: z
    .strictObject({
      model: z.string().optional(),
      config: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  tests: z.array(testCaseSchema).min(1, 'at least one test is needed'),
});

export type Assertion = z.infer<typeof assertionSchema>;
export type AssertionType = Assertion['type'];
export type TestCase = z.infer<typeof testCaseSchema>;
export type ToolScript = z.infer<typeof toolScriptSchema>;
export type TestCasesFile = z.infer<typeof testCasesFileSchema>;

/** `greeting.tests.yaml` -> `greeting.prompt` (the default prompt of a tests file). */
export function defaultPromptPath(testsPath: string): string {
  return testsPath.replace(/\.tests\.ya?ml$/, '.prompt');
}
