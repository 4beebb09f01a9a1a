import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { auth } from '../../core/auth/middleware';
import { created, list, ok } from '../../core/envelope';
import { ApiError } from '../../core/errors';
import { doc, tag } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { idParam, jsonBody, validate } from '../../core/validation';
import {
  graphQuery,
  graphSchema,
  listMeta,
  revisionListQuery,
  revisionParams,
  revisionSchema,
  tagCountSchema,
  trashQuery,
  zettelCreate,
  zettelListQuery,
  zettelPatch,
  zettelSchema,
  zettelSummarySchema,
} from './zettels.schemas';
import * as service from './zettels.service';

/** `:id/revisions/:version`: a malformed id or version cannot exist, so it is 404 like any path id. */
const revisionParam = tag(
  zValidator('param', revisionParams, (result) => {
    if (!result.success) throw new ApiError('NOT_FOUND', 'Not found');
  }),
  { part: 'request', target: 'param', schema: revisionParams },
);

const VISIBILITY =
  'personal: its author only; company: the company; partners: also active partner companies (read-only for them). Staff see every zettel; an API key never sees personal ones.';

// Static paths first: `/tags`, `/graph` and `/trash` must not be taken for an `:id`.
const zettelRoutes = createRouter()
  .get(
    '/',
    doc({
      summary: 'List and search zettels',
      description: `Zettels the caller can see (${VISIBILITY}) as summaries (no body, links or mentions: GET /zettels/{id} has them). \`search\` is full-text over title, body and tags (accent-insensitive, ranked by relevance unless sortBy is given); a broad search's total is estimated beyond 30 matches past the page (\`meta.totalEstimated\`). Default order: updatedAt desc.`,
      response: zettelSummarySchema,
      list: true,
      extraMeta: listMeta,
    }),
    auth('zettels:view-company'),
    validate('query', zettelListQuery),
    async (c) => {
      const q = c.req.valid('query');
      const { estimated, ...page } = await service.list(c.var.ctx, c.var.caller, q);
      return list(c, page, q, { totalEstimated: estimated ? (true as const) : undefined });
    },
  )
  .post(
    '/',
    doc({
      summary: 'Create a zettel',
      description: `Any member creates; it belongs to the caller and their company. \`[[Title]]\`, \`[[Title|text]]\` and \`[[<id>]]\` in the body link to zettels (title match ignores case and accents; unresolved links resolve by themselves once such a zettel exists); \`@job:<id>\`, \`@asset:<id>\`, \`@workorder:<id>\` and \`@service:<id>\` mention records. Nothing inside code spans or fenced code blocks links, nor an escaped \`\\\\[[\`. ${VISIBILITY}`,
      response: zettelSchema,
      status: 201,
    }),
    auth('zettels:edit'),
    ...jsonBody(zettelCreate),
    async (c) => created(c, await service.create(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .get(
    '/tags',
    doc({ summary: 'Tags of the zettels the caller can see, with how many carry each', description: 'Most used first; at most 1,000 tags.', response: z.array(tagCountSchema) }),
    auth('zettels:view-company'),
    async (c) => ok(c, await service.tags(c.var.ctx, c.var.caller)),
  )
  .get(
    '/graph',
    doc({
      summary: 'The link graph of the zettels the caller can see',
      description:
        'Nodes are the zettels the caller can see (optionally with `tag`), bounded to the 2,000 most recently updated (`truncated` says when more exist); edges are the links between two nodes as this caller resolves them.',
      response: graphSchema,
    }),
    auth('zettels:view-company'),
    validate('query', graphQuery),
    async (c) => ok(c, await service.graph(c.var.ctx, c.var.caller, c.req.valid('query'))),
  )
  .get(
    '/trash',
    doc({
      summary: 'Deleted zettels the caller may restore',
      description: 'Their own; an admin_empresa also the company’s company and partners zettels. Default order: deletedAt desc.',
      response: zettelSummarySchema,
      list: true,
    }),
    auth('zettels:edit'),
    validate('query', trashQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await service.trash(c.var.ctx, c.var.caller, q), q);
    },
  )
  .get(
    '/:id',
    doc({ summary: 'A zettel with its links, mentions and backlinks (each resolved over what the caller can see)', response: zettelSchema }),
    auth('zettels:view-company'),
    idParam,
    async (c) => ok(c, await service.get(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .patch(
    '/:id',
    doc({
      summary: 'Save a new version of a zettel',
      description:
        'Send the `version` you read. If someone saved since, the answer is 409 CONFLICT with the current zettel (as you may see it) in the error envelope’s `data`. The author edits their own; an admin_empresa also the company’s company and partners zettels (but only the author makes one personal); partner companies never edit (403).',
      response: zettelSchema,
      errors: ['CONFLICT'],
    }),
    auth('zettels:edit'),
    idParam,
    ...jsonBody(zettelPatch),
    async (c) => ok(c, await service.update(c.var.ctx, c.var.caller, c.req.valid('param').id, c.req.valid('json'))),
  )
  .delete(
    '/:id',
    doc({ summary: 'Move a zettel to the trash (soft delete)', description: 'Same rights as editing it. Answers the deleted zettel.', response: zettelSchema }),
    auth('zettels:edit'),
    idParam,
    async (c) => ok(c, await service.remove(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .post(
    '/:id/restore',
    doc({ summary: 'Take a zettel out of the trash', description: 'Same rights as editing it; 409 when it is not in the trash.', response: zettelSchema, errors: ['CONFLICT'] }),
    auth('zettels:edit'),
    idParam,
    async (c) => ok(c, await service.undelete(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .get(
    '/:id/revisions',
    doc({
      summary: 'Earlier versions of a zettel',
      description: 'Every earlier version the caller may see (a version saved while the zettel was personal stays its author’s). Default order: version desc.',
      response: revisionSchema,
      list: true,
    }),
    auth('zettels:view-company'),
    idParam,
    validate('query', revisionListQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await service.revisions(c.var.ctx, c.var.caller, c.req.valid('param').id, q), q);
    },
  )
  .post(
    '/:id/revisions/:version/restore',
    doc({
      summary: 'Restore an earlier version',
      description: 'Saves that version’s title, body and tags as a new version (the visibility stays). Same rights as editing.',
      response: zettelSchema,
      errors: ['CONFLICT'],
    }),
    auth('zettels:edit'),
    revisionParam,
    async (c) => {
      const { id, version } = c.req.valid('param');
      return ok(c, await service.restoreRevision(c.var.ctx, c.var.caller, id, version));
    },
  );

export const routes = createRouter().route('/zettels', zettelRoutes);
