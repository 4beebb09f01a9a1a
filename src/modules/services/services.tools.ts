import { z } from 'zod';
import { defineTool } from '../../core/module';
import { proposalCreate, serviceListQuery } from './services.schemas';
import * as service from './services.service';

/** MCP tools over the marketplace use-cases: the same rules as the REST routes they mirror (named in each description). */
export const serviceTools = [
  defineTool({
    name: 'search_services',
    title: 'Search service requests',
    description:
      'List and search the service requests the caller can see (GET /api/v1/services): `search` is full-text; filters status, category, types, companyId; page/limit as strings.',
    input: serviceListQuery,
    rule: { permission: 'services:view', access: 'read' },
    run: async (ctx, caller, q) => {
      const { rows, total, estimated } = await service.list(ctx, caller, q);
      return { services: rows, total, totalEstimated: Boolean(estimated), page: q.page, limit: q.limit };
    },
  }),
  defineTool({
    name: 'submit_proposal',
    title: 'Propose for a service request',
    description:
      "Send the caller company's proposal for another company's open service request (POST /api/v1/services/:id/proposals): price in minor units, currency (the request's), timelineDays, message.",
    input: z.object({ id: z.uuid({ message: 'must be a service request id (UUID)' }), ...proposalCreate.shape }),
    rule: { permission: 'services:manage', access: 'write' },
    run: async (ctx, caller, { id, ...body }) => ({ proposal: await service.propose(ctx, caller, id, body) }),
  }),
];
