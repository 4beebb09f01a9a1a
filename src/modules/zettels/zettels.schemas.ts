import { z } from 'zod';
import { csvEnum, listQuery } from '../../core/list';
import { isoTime } from '../../core/openapi/fields';
import { MAX_LINK_TEXT } from './zettels.parser';
import { MENTION_KINDS, VISIBILITIES } from './zettels.table';

export const MAX_BODY = 100_000;
export const MAX_TAGS = 20;

/** Tags are compared as written but lowercase, without a leading `#`, spacing collapsed (NFC). */
export const normalizeTag = (tag: string) =>
  tag
    .normalize('NFC')
    .trim()
    .replace(/^#+/, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ');

const tag = z
  .string({ message: 'must be a string' })
  .transform(normalizeTag)
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .max(50, 'must be at most 50 characters')
      .regex(/^[\p{L}\p{N}][\p{L}\p{M}\p{N} _./-]*$/u, 'may hold letters, digits, spaces and - _ . / (starting with a letter or digit)'),
  );

const tags = z
  .array(tag, { message: 'must be a list of tags' })
  .max(MAX_TAGS, `must have at most ${MAX_TAGS} tags`)
  .transform((list) => [...new Set(list)]);

const title = z
  .string({ message: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_LINK_TEXT, `must be at most ${MAX_LINK_TEXT} characters`)
  .refine((t) => !/[[\]|\n\r]/.test(t), 'must not contain [, ], | or line breaks (they would break [[links]] to it)');

const body = z.string({ message: 'must be a string' }).max(MAX_BODY, `must be at most ${MAX_BODY} characters`);

const visibility = z.enum(VISIBILITIES, { message: `must be one of: ${VISIBILITIES.join(', ')}` });

export const zettelCreate = z.strictObject({
  title,
  body: body.default(''),
  tags: tags.default([]),
  visibility: visibility.default('personal').describe('Who sees it: personal (the author), company, or partners (also active partner companies, read-only). Defaults to personal.'),
});

export const zettelPatch = z
  .strictObject({
    version: z
      .number({ message: 'is required: the version you read (GET answers it)' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .describe('The version this change is based on; another save since then answers 409 CONFLICT with the current zettel in `data`'),
    title: title.optional(),
    body: body.optional(),
    tags: tags.optional(),
    visibility: visibility.optional(),
  })
  .refine((v) => Object.keys(v).some((k) => k !== 'version'), { message: 'Send at least one field to change besides version' });

export const zettelListQuery = listQuery(['updatedAt', 'title'], {
  search: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  tag: tag.optional(),
  authorId: z.uuid({ message: 'must be a user id (UUID)' }).optional(),
  visibility: csvEnum(VISIBILITIES).optional(),
});
export type ZettelListQuery = z.output<typeof zettelListQuery>;

export const trashQuery = listQuery(['deletedAt'], {});
export const revisionListQuery = listQuery(['version'], {});
export const graphQuery = z.object({ tag: tag.optional() });

/** `:version` of a revision route: not a positive integer → no such revision (404, like a malformed id). */
export const revisionParams = z.object({
  id: z.uuid(),
  version: z
    .string()
    .regex(/^[1-9]\d{0,8}$/)
    .transform(Number),
});

export const zettelRefSchema = z.strictObject({ id: z.uuid(), title: z.string() }).meta({ id: 'ZettelRef' });

const common = {
  id: z.uuid(),
  companyId: z.uuid(),
  authorId: z.uuid(),
  authorName: z.string(),
  title: z.string(),
  tags: z.array(z.string()),
  visibility: z.enum(VISIBILITIES),
  version: z.number().int().describe('Grows by one with every saved change; send it back with PATCH'),
  canEdit: z.boolean().describe('Whether the caller may change, delete and restore it'),
  createdAt: isoTime(),
  updatedAt: isoTime(),
  updatedBy: z.uuid().nullable().describe('Who saved the current version'),
  deletedAt: isoTime().nullable(),
};

export const zettelSummarySchema = z
  .strictObject({ ...common, excerpt: z.string().describe('The first 200 characters of the body') })
  .meta({ id: 'ZettelSummary' });
export type ZettelSummary = z.infer<typeof zettelSummarySchema>;

export const zettelSchema = z
  .strictObject({
    ...common,
    body: z.string(),
    links: z.array(zettelRefSchema).describe('Zettels its [[links]] resolve to that both its author and the caller can see'),
    unresolvedLinks: z.array(z.string()).describe('[[links]] (as written) that resolve to nothing the caller can see; they resolve by themselves once such a zettel exists'),
    mentions: z
      .array(z.strictObject({ kind: z.enum(MENTION_KINDS), id: z.uuid(), title: z.string() }))
      .describe('Mentioned records the caller can see, through the owning module’s own rule'),
    unresolvedMentions: z
      .array(z.strictObject({ kind: z.enum(MENTION_KINDS), id: z.uuid() }))
      .describe('Mentions of records the caller cannot see, or that do not exist (no title is ever shown for them)'),
    backlinks: z.array(zettelRefSchema).describe('Zettels the caller can see whose links resolve to this one (at most 1,000, most recently created first)'),
  })
  .meta({ id: 'Zettel' });
export type Zettel = z.infer<typeof zettelSchema>;

export const revisionSchema = z
  .strictObject({
    version: z.number().int(),
    title: z.string(),
    body: z.string(),
    tags: z.array(z.string()),
    visibility: z.enum(VISIBILITIES),
    editedBy: z.uuid().nullable(),
    createdAt: isoTime().describe('When this version was saved'),
  })
  .meta({ id: 'ZettelRevision' });

export const tagCountSchema = z.strictObject({ tag: z.string(), count: z.number().int() }).meta({ id: 'ZettelTagCount' });

export const graphSchema = z
  .strictObject({
    nodes: z.array(z.strictObject({ id: z.uuid(), title: z.string(), tags: z.array(z.string()) })),
    edges: z.array(z.strictObject({ from: z.uuid(), to: z.uuid() })),
    truncated: z.boolean().describe('More zettels are visible than the graph holds (2,000 most recently updated)'),
  })
  .meta({ id: 'ZettelGraph' });

export const listMeta = z.object({ totalEstimated: z.literal(true).optional().describe('The total of a broad search is an estimate') });
