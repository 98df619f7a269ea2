/** Zod inputs and outputs of the prompts, versions and labels procedures (one place for both doors). */
import { z } from 'zod';
import { idSchema } from '../../http/idSchema.ts';
import { pushedToolsSchema, toolDefinitionOutput } from './toolDefinitions.ts';
import { splitSchema, stickyBySchema } from './labelTarget.ts';

/** The largest `.prompt` source accepted, in characters. */
export const MAX_SOURCE_CHARS = 200_000;

/** A label name: letters, digits, `.`, `_`, `-`; never all digits, so `/versions/{ref}` can tell labels from numbers. */
export const labelNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'label names use letters, digits, ".", "_" and "-" (at most 63)')
  .refine((name) => !/^\d+$/.test(name), 'a label name cannot be only digits (it would read as a version number)');

const promptName = z.string().trim().min(1).max(200);
const description = z.string().max(2000).nullish();
const model = z.string().trim().min(1).max(200);
const temperature = z.number().min(0).max(2);
const message = z.string().max(1000).optional();
/** A partial name as `{{> name}}` writes it (`signature`, `shared/footer`). */
const partialName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/, 'partial names use letters, digits, "_", ".", "-" and "/"')
  .max(200);
/** Partials pushed with a prompt (name -> the text of `_name.prompt`), stored as the project's partials. */
const partials = z
  .record(partialName, z.string().max(MAX_SOURCE_CHARS))
  .refine((map) => Object.keys(map).length <= 50, 'at most 50 partials per push')
  .optional();
/** The version a write was based on; a newer latest makes the write a 409. */
const baseVersion = z.number().int().min(0).optional();

/** `POST /api/prompts`: the seed's fields. `content` is a template body or a whole `.prompt` file. */
export const createPromptInput = z.object({
  projectId: idSchema,
  name: promptName,
  content: z.string().max(MAX_SOURCE_CHARS),
  description,
  model: model.optional(),
  temperature: temperature.optional(),
  message,
  partials,
  /** Definitions of the tools `tools:` names, from files beside the prompt, recorded with the version. */
  tools: pushedToolsSchema,
});

/** `PUT /api/prompts/{id}`: every field optional; a content/model/temperature change makes a version. */
export const updatePromptInput = z.object({
  id: idSchema,
  name: promptName.optional(),
  description,
  content: z.string().max(MAX_SOURCE_CHARS).optional(),
  model: model.optional(),
  temperature: temperature.optional(),
  message,
  baseVersion,
  partials,
  tools: pushedToolsSchema,
});

/** `POST /api/prompts/{id}/versions`: a whole `.prompt` file stored byte for byte. */
export const uploadVersionInput = z.object({
  id: idSchema,
  source: z.string().max(MAX_SOURCE_CHARS),
  message,
  baseVersion,
  partials,
  tools: pushedToolsSchema,
});

/** `GET /api/prompts?projectId=&q=&page=&pageSize=` */
export const listPromptsInput = z.object({
  projectId: idSchema,
  /** Prompts (the default) or the project's partials. */
  kind: z.enum(['PROMPT', 'PARTIAL']).default('PROMPT'),
  q: z.string().max(200).optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

/** `GET /api/prompts/{id}?label=|version=`: the prompt plus the version a label or number names. */
export const getPromptInput = z.object({
  id: idSchema,
  label: labelNameSchema.optional(),
  version: z.number().int().min(1).optional(),
});

export const promptIdInput = z.object({ id: idSchema });

/** `GET /api/prompts/{id}/versions/{ref}`: `ref` is a version number or a label name. */
export const versionRefInput = z.object({ id: idSchema, ref: z.string().trim().min(1).max(64) });

export const listVersionsInput = z.object({
  id: idSchema,
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(50),
});

/**
 * `PUT /api/prompts/{id}/labels/{name}`: `{ versionNumber }` points the label at one version;
 * `{ split: [{ version, weight }], stickyBy? }` splits its traffic (a live experiment).
 */
export const setLabelInput = z
  .object({
    id: idSchema,
    name: labelNameSchema,
    versionNumber: z.number().int().min(1).optional(),
    split: splitSchema.optional(),
    /** The end-user attribute assignment sticks to; absent or null: assigned per call. */
    stickyBy: stickyBySchema.nullish(),
  })
  .superRefine((input, check) => {
    if ((input.versionNumber === undefined) === (input.split === undefined)) {
      check.addIssue({ code: 'custom', path: ['versionNumber'], message: 'give versionNumber or split (not both)' });
    }
    if (input.split === undefined && input.stickyBy != null) check.addIssue({ code: 'custom', path: ['stickyBy'], message: 'stickyBy goes with a split' });
  });
export type SetLabelInput = z.infer<typeof setLabelInput>;
export const labelRefInput = z.object({ id: idSchema, name: labelNameSchema });

/** One immutable version as the API shows it. */
export const versionOutput = z.object({
  id: z.string(),
  promptId: z.string(),
  number: z.number().int(),
  source: z.string(),
  model: z.string().nullable(),
  config: z.record(z.string(), z.unknown()),
  variables: z.array(z.string()),
  contentHash: z.string(),
  authorId: z.string().nullable(),
  message: z.string().nullable(),
  createdAt: z.string(),
  /** The tool definitions its `tools:` names resolved to when it was pushed (what its runs offer). */
  tools: z.array(toolDefinitionOutput),
});

/** A version in lists: everything but the source and tool definitions. */
export const versionSummaryOutput = versionOutput.omit({ source: true, tools: true });

/** A label; a split label (a live experiment) adds `split`, `experimentId` and `stickyBy`, and `versionNumber` is its control. */
export const labelOutput = z.object({
  name: z.string(),
  versionNumber: z.number().int(),
  updatedById: z.string().nullable(),
  updatedAt: z.string(),
  split: z.array(z.object({ version: z.number().int(), weight: z.number().int() })).optional(),
  experimentId: z.string().optional(),
  stickyBy: z.string().nullable().optional(),
});

const promptFields = {
  id: z.string(),
  projectId: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  latestVersionNumber: z.number().int(),
  createdById: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

/** A prompt in lists. */
export const promptSummaryOutput = z.object(promptFields);

/** A prompt with its latest version, its labels and the version asked for (latest when none). */
export const promptOutput = z.object({
  ...promptFields,
  latestVersion: versionOutput.nullable(),
  version: versionOutput.nullable(),
  labels: z.array(labelOutput),
});

export const promptPageOutput = z.object({
  items: z.array(promptSummaryOutput),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const versionPageOutput = z.object({
  items: z.array(versionSummaryOutput),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** Result of a write: the prompt, the version now latest, and whether this write created it. */
export const writeResultOutput = promptOutput.extend({ created: z.boolean() });

export type VersionOutput = z.infer<typeof versionOutput>;
export type LabelOutput = z.infer<typeof labelOutput>;
export type PromptOutput = z.infer<typeof promptOutput>;
export type PromptSummaryOutput = z.infer<typeof promptSummaryOutput>;
