import { auth, optionalAuth } from '../../core/auth/middleware';
import { rateLimit } from '../../core/http/rate-limit';
import { z } from 'zod';
import { created, list, ok } from '../../core/envelope';
import { doc } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { idParam, idParams, jsonBody, validate } from '../../core/validation';
import {
  applicationListQuery,
  applicationSchema,
  applicationsMeta,
  applyBody,
  jobCreate,
  jobListMeta,
  jobListQuery,
  jobPatch,
  jobSchema,
  myApplicationsQuery,
  pendingCountSchema,
  reviewBody,
  reviewedSchema,
} from './jobs.schemas';
import * as service from './jobs.service';

const jobsRoutes = createRouter()
  .get(
    '/',
    doc({
      summary: 'List and search jobs',
      description:
        "Anonymous: open public jobs. Members: also every job of their company and open partners-only jobs of active partners. Staff: all. `search` is full-text (accent-insensitive, ranked); a broad search's total is estimated beyond 30 matches past the page (`meta.totalEstimated`).",
      response: jobSchema,
      list: true,
      extraMeta: jobListMeta,
      errors: ['RATE_LIMITED'],
    }),
    // Anonymous lists and searches are limited per client address (RATE_LIMIT_ANON_READ per minute).
    rateLimit('anonRead', { anonymousOnly: true }),
    optionalAuth('jobs'),
    validate('query', jobListQuery),
    async (c) => {
      const q = c.req.valid('query');
      const { estimated, ...page } = await service.list(c.var.ctx, c.var.viewer, q);
      // A broad search reports an estimated total (see searchCountQuery), flagged so clients can say "about".
      return list(c, page, q, { totalEstimated: estimated ? (true as const) : undefined });
    },
  )
  .get('/:id', doc({ summary: 'A job (same visibility as the list)', response: jobSchema }), optionalAuth('jobs'), idParam, async (c) =>
    ok(c, await service.get(c.var.ctx, c.var.viewer, c.req.valid('param').id)),
  )
  .post('/', doc({ summary: 'Post a job', response: jobSchema, status: 201 }), auth('jobs:manage'), ...jsonBody(jobCreate), async (c) =>
    created(c, await service.create(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .patch(
    '/:id',
    doc({ summary: 'Change, close or reopen a job', description: 'Another company\'s visible job is 403.', response: jobSchema, errors: ['CONFLICT'] }),
    auth('jobs:manage'),
    idParam,
    ...jsonBody(jobPatch),
    async (c) => ok(c, await service.update(c.var.ctx, c.var.caller, c.req.valid('param').id, c.req.valid('json'))),
  )
  .delete('/:id', doc({ summary: 'Delete a job (soft)', response: jobSchema }), auth('jobs:manage'), idParam, async (c) =>
    ok(c, await service.remove(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .post(
    '/:id/apply',
    doc({ summary: 'Apply to an open job', description: 'Once per user (409).', response: applicationSchema, status: 201, errors: ['CONFLICT'] }),
    auth('jobs:apply'),
    idParam,
    ...jsonBody(applyBody),
    async (c) => created(c, await service.apply(c.var.ctx, c.var.caller, c.req.valid('param').id, c.req.valid('json'))),
  )
  .get(
    '/:id/applications',
    doc({ summary: "A job's applications", response: applicationSchema, list: true, extraMeta: applicationsMeta }),
    auth('jobs:manage'),
    idParam,
    validate('query', applicationListQuery),
    async (c) => {
      const q = c.req.valid('query');
      const { accepted, vacanciesLeft, ...page } = await service.jobApplications(c.var.ctx, c.var.caller, c.req.valid('param').id, q);
      return list(c, page, q, { accepted, vacanciesLeft });
    },
  )
  .patch(
    '/:id/applications/:applicationId',
    doc({ summary: 'Accept or reject an application', description: 'The job becomes filled when accepted applications reach its vacancies.', response: reviewedSchema, errors: ['CONFLICT'] }),
    auth('jobs:manage'),
    idParams('id', 'applicationId'),
    ...jsonBody(reviewBody),
    async (c) => {
      const { id, applicationId } = c.req.valid('param');
      return ok(c, await service.review(c.var.ctx, c.var.caller, id, applicationId, c.req.valid('json').status));
    },
  );

const applicationsRoutes = createRouter()
  .get('/mine', doc({ summary: "The caller's applications", response: applicationSchema, list: true }), auth('jobs:apply'), validate('query', myApplicationsQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await service.mine(c.var.ctx, c.var.caller, q), q);
  })
  .get(
    '/pending-counts',
    doc({ summary: "Pending applications per job of the caller's company", response: z.array(pendingCountSchema) }),
    auth('jobs:manage'),
    async (c) => ok(c, await service.pending(c.var.ctx, c.var.caller)),
  )
  .get(
    '/received',
    doc({ summary: "Applications to the caller company's jobs", response: applicationSchema, list: true }),
    auth('jobs:manage'),
    validate('query', applicationListQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await service.received(c.var.ctx, c.var.caller, q), q);
    },
  );

export const routes = createRouter().route('/jobs', jobsRoutes).route('/applications', applicationsRoutes);
