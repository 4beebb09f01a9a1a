import { z } from 'zod';
import { defineTool } from '../../core/module';
import { applicationListQuery, jobCreate, jobListQuery, reviewBody } from './jobs.schemas';
import * as service from './jobs.service';

const id = z.uuid({ message: 'must be a job id (UUID)' });

/** MCP tools over the jobs use-cases: the same rules as the REST routes they mirror (named in each description). */
export const jobTools = [
  defineTool({
    name: 'search_jobs',
    title: 'Search jobs',
    description: 'List and search the jobs the caller can see (GET /api/v1/jobs): `search` is full-text; filters status, types, companyId, isSpecialized; page/limit as strings.',
    input: jobListQuery,
    rule: { family: 'jobs', access: 'read' },
    run: async (ctx, caller, q) => {
      const { rows, total, estimated } = await service.list(ctx, caller, q);
      return { jobs: rows, total, totalEstimated: Boolean(estimated), page: q.page, limit: q.limit };
    },
  }),
  defineTool({
    name: 'get_job',
    title: 'Get a job',
    description: 'One job by id (GET /api/v1/jobs/:id), if the caller can see it.',
    input: z.object({ id }),
    rule: { family: 'jobs', access: 'read' },
    run: async (ctx, caller, { id }) => ({ job: await service.get(ctx, caller, id) }),
  }),
  defineTool({
    name: 'create_job',
    title: 'Post a job',
    description: "Post a job for the caller's company (POST /api/v1/jobs): title, description, types (public|internal|partners), vacancies, requiredSkills, isSpecialized.",
    input: jobCreate,
    rule: { permission: 'jobs:manage', access: 'write' },
    run: async (ctx, caller, body) => ({ job: await service.create(ctx, caller, body) }),
  }),
  defineTool({
    name: 'list_applications',
    title: "List a job's applications",
    description: "Applications to one of the caller company's jobs (GET /api/v1/jobs/:id/applications), with accepted count and vacancies left.",
    input: z.object({ id, ...applicationListQuery.shape }),
    rule: { permission: 'jobs:manage', access: 'read' },
    run: async (ctx, caller, { id, ...q }) => {
      const { rows, total, accepted, vacanciesLeft } = await service.jobApplications(ctx, caller, id, q);
      return { applications: rows, total, accepted, vacanciesLeft, page: q.page, limit: q.limit };
    },
  }),
  defineTool({
    name: 'review_application',
    title: 'Accept or reject an application',
    description: 'Review a pending application of one of the caller company\'s jobs (PATCH /api/v1/jobs/:id/applications/:applicationId): status "accepted" or "rejected".',
    input: z.object({ id, applicationId: z.uuid({ message: 'must be an application id (UUID)' }), ...reviewBody.shape }),
    rule: { permission: 'jobs:manage', access: 'write' },
    run: async (ctx, caller, { id, applicationId, status }) => ({ application: await service.review(ctx, caller, id, applicationId, status) }),
  }),
];
