/**
 * The answer of the serving route and its validator. The input schema is read from the stored
 * source (frontmatter `input.schema`, Picoschema or JSON Schema as written) once per content hash:
 * versions never change, so the reading is kept in a bounded cache instead of parsing each request.
 */
import { analyzePromptFile } from '@promptstack/core';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { exactSource, toToolDefinitions } from '../prompts/index.ts';
import type { ServedArmRow } from './servingQuery.ts';
import type { ServedArmOutput, ServedPromptOutput, ServedSplitOutput } from './servingSchemas.ts';

/** Most input schemas kept (one per distinct served source). */
const INPUT_SCHEMA_CACHE_MAX = 1_000;
/** `null` is cached as this marker (the cache holds no nullish values). */
const NO_SCHEMA = Symbol('no input schema');
const inputSchemas = new LRUCache<string, object>({ max: INPUT_SCHEMA_CACHE_MAX });

/** The frontmatter's `input.schema` of `source`, or null when it declares none. */
export function inputSchemaOf(source: string, contentHash: string): unknown {
  let schema = inputSchemas.get(contentHash);
  if (schema === undefined) {
    const input = analyzePromptFile(source).frontmatter.input;
    const declared = typeof input === 'object' && input !== null ? (input as { schema?: unknown }).schema : undefined;
    schema = declared === undefined || declared === null ? { [NO_SCHEMA]: true } : { value: declared };
    inputSchemas.set(contentHash, schema);
  }
  return NO_SCHEMA in schema ? null : (schema as { value: unknown }).value;
}

/** A strong validator for one version: its content hash and number (a moved label changes it). */
export function servedETag(contentHash: string, version: number): string {
  return `"${contentHash}-v${version}"`;
}

/** A strong validator for a split: the experiment and each arm's version, weight and content. */
export function servedSplitETag(experimentId: string, arms: ServedArmRow[]): string {
  const digest = createHash('sha256');
  for (const arm of arms) digest.update(`${arm.version}:${arm.weight}:${arm.contentHash}\n`);
  return `"${experimentId}-split-${digest.digest('hex').slice(0, 16)}"`;
}

/** The served split from its experiment's arms (by version number). */
export function servedSplit(at: { name: string; label: string; experimentId: string }, arms: ServedArmRow[]): ServedSplitOutput {
  return {
    name: at.name,
    label: at.label,
    experimentId: at.experimentId,
    stickyBy: arms[0]?.stickyBy ?? null,
    arms: arms.map((arm): ServedArmOutput => {
      const served = servedPrompt({ ...arm, name: at.name }, at.label);
      return {
        version: arm.version,
        weight: arm.weight,
        source: served.source,
        model: served.model,
        config: served.config,
        inputSchema: served.inputSchema,
        contentHash: served.contentHash,
        tools: served.tools,
      };
    }),
  };
}

/** The served prompt from the stored version. */
export function servedPrompt(
  row: { name: string; version: number; source: string; model: string | null; config: unknown; contentHash: string; toolDefinitions?: unknown },
  label: string | null,
): ServedPromptOutput {
  const source = exactSource(row.source, row.contentHash);
  const config = typeof row.config === 'object' && row.config !== null && !Array.isArray(row.config) ? (row.config as Record<string, unknown>) : {};
  return {
    name: row.name,
    version: row.version,
    label,
    source,
    model: row.model,
    config,
    inputSchema: inputSchemaOf(source, row.contentHash),
    contentHash: row.contentHash,
    tools: toToolDefinitions(row.toolDefinitions),
  };
}
