import { auth } from '../../core/auth/middleware';
import { created, list, ok } from '../../core/envelope';
import { doc } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { idParam, jsonBody, validate } from '../../core/validation';
import {
  acceptedSchema,
  cancelBody,
  engagementListQuery,
  engagementSchema,
  feePreviewQuery,
  feePreviewSchema,
  myProposalsQuery,
  offeringCreate,
  offeringListQuery,
  offeringPatch,
  offeringSchema,
  proposalCreate,
  proposalListQuery,
  proposalPatch,
  proposalSchema,
  reviewBody,
  reviewSchema,
  serviceCreate,
  serviceListMeta,
  serviceListQuery,
  servicePatch,
  serviceSchema,
} from './services.schemas';
import * as service from './services.service';

const servicesRoutes = createRouter()
  .get(
    '/',
    doc({
      summary: 'List and search service requests',
      description:
        'Own company: all of its requests. Others: open public requests, and open partners-only requests of active partners. Staff: all. Anonymous visitors see none. `search` is full-text over title, description and category (accent-insensitive, ranked); a broad search\'s total is estimated beyond 30 matches past the page (`meta.totalEstimated`).',
      response: serviceSchema,
      list: true,
      extraMeta: serviceListMeta,
    }),
    auth('services:view'),
    validate('query', serviceListQuery),
    async (c) => {
      const q = c.req.valid('query');
      const { estimated, ...page } = await service.list(c.var.ctx, c.var.caller, q);
      return list(c, page, q, { totalEstimated: estimated ? (true as const) : undefined });
    },
  )
  .get(
    '/fee-preview',
    doc({ summary: 'The platform fee on a price, with the current settings', description: '`feeAmount = round(price × feePercent / 100)`, `netAmount = price − feeAmount` (the provider pays the fee).', response: feePreviewSchema }),
    auth('services:view'),
    validate('query', feePreviewQuery),
    async (c) => ok(c, await service.feePreview(c.var.ctx, c.req.valid('query').price)),
  )
  .get('/:id', doc({ summary: 'A service request (same visibility as the list)', response: serviceSchema }), auth('services:view'), idParam, async (c) =>
    ok(c, await service.get(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .post('/', doc({ summary: 'Publish a service request', response: serviceSchema, status: 201 }), auth('services:manage'), ...jsonBody(serviceCreate), async (c) =>
    created(c, await service.create(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .patch(
    '/:id',
    doc({
      summary: 'Change, close or cancel a service request',
      description: 'Only while open. `status: closed|cancelled` ends it without an award and rejects its submitted proposals. Another company\'s visible request is 403.',
      response: serviceSchema,
      errors: ['CONFLICT'],
    }),
    auth('services:manage'),
    idParam,
    ...jsonBody(servicePatch),
    async (c) => ok(c, await service.update(c.var.ctx, c.var.caller, c.req.valid('param').id, c.req.valid('json'))),
  )
  .delete(
    '/:id',
    doc({ summary: 'Delete a service request (soft)', description: '404 for everyone afterwards; its submitted proposals are rejected.', response: serviceSchema, errors: ['CONFLICT'] }),
    auth('services:manage'),
    idParam,
    async (c) => ok(c, await service.remove(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .post(
    '/:id/proposals',
    doc({
      summary: 'Send a proposal to an open service request',
      description: "One live (not withdrawn) proposal per company per request (409); your own company's request is 403; the currency must be the request's.",
      response: proposalSchema,
      status: 201,
      errors: ['CONFLICT'],
    }),
    auth('services:manage'),
    idParam,
    ...jsonBody(proposalCreate),
    async (c) => created(c, await service.propose(c.var.ctx, c.var.caller, c.req.valid('param').id, c.req.valid('json'))),
  )
  .get(
    '/:id/proposals',
    doc({ summary: "A service request's proposals", description: 'The requesting company sees all of them (with each proposer\'s rating); a proposing company only its own; others 403.', response: proposalSchema, list: true }),
    auth('services:view'),
    idParam,
    validate('query', proposalListQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await service.serviceProposals(c.var.ctx, c.var.caller, c.req.valid('param').id, q), q);
    },
  );

const proposalsRoutes = createRouter()
  .get('/mine', doc({ summary: "The caller company's proposals", response: proposalSchema, list: true }), auth('services:view'), validate('query', myProposalsQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await service.mine(c.var.ctx, c.var.caller, q), q);
  })
  .patch(
    '/:id',
    doc({ summary: 'Change a submitted proposal', description: 'The proposing company only, while submitted (409 otherwise). A new price gets the current fee.', response: proposalSchema, errors: ['CONFLICT'] }),
    auth('services:manage'),
    idParam,
    ...jsonBody(proposalPatch),
    async (c) => ok(c, await service.updateProposal(c.var.ctx, c.var.caller, c.req.valid('param').id, c.req.valid('json'))),
  )
  .post(
    '/:id/withdraw',
    doc({ summary: 'Withdraw a submitted proposal', description: 'The proposing company only, while submitted (409 otherwise).', response: proposalSchema, errors: ['CONFLICT'] }),
    auth('services:manage'),
    idParam,
    async (c) => ok(c, await service.withdraw(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .post(
    '/:id/accept',
    doc({
      summary: 'Accept a proposal',
      description:
        'The requesting company only. Atomically: the proposal becomes accepted, the request awarded, every other submitted proposal rejected, and an engagement is created with the fee frozen from the current settings. A second accept on the same request (even concurrent) is 409.',
      response: acceptedSchema,
      errors: ['CONFLICT'],
    }),
    auth('services:manage'),
    idParam,
    async (c) => ok(c, await service.accept(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  );

const engagementsRoutes = createRouter()
  .get(
    '/',
    doc({ summary: "Engagements the caller's company takes part in", description: '`role=client|provider` narrows to one side. Staff: all.', response: engagementSchema, list: true }),
    auth('services:view'),
    validate('query', engagementListQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await service.engagementList(c.var.ctx, c.var.caller, q), q);
    },
  )
  .get('/:id', doc({ summary: 'An engagement (either side)', response: engagementSchema }), auth('services:view'), idParam, async (c) =>
    ok(c, await service.engagement(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .post(
    '/:id/complete',
    doc({ summary: 'Complete an active engagement', description: 'The client company only. `completed` and `cancelled` are final (409).', response: engagementSchema, errors: ['CONFLICT'] }),
    auth('services:manage'),
    idParam,
    async (c) => ok(c, await service.complete(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .post(
    '/:id/cancel',
    doc({ summary: 'Cancel an active engagement', description: 'Either company; `reason` is required. `completed` and `cancelled` are final (409).', response: engagementSchema, errors: ['CONFLICT'] }),
    auth('services:manage'),
    idParam,
    ...jsonBody(cancelBody),
    async (c) => ok(c, await service.cancel(c.var.ctx, c.var.caller, c.req.valid('param').id, c.req.valid('json').reason)),
  )
  .post(
    '/:id/review',
    doc({ summary: 'Review the other company of a completed engagement', description: 'Once per side (409), after completion (409 before).', response: reviewSchema, status: 201, errors: ['CONFLICT'] }),
    auth('services:manage'),
    idParam,
    ...jsonBody(reviewBody),
    async (c) => created(c, await service.review(c.var.ctx, c.var.caller, c.req.valid('param').id, c.req.valid('json'))),
  );

const offeringsRoutes = createRouter()
  .get(
    '/',
    doc({ summary: 'The offerings catalogue', description: "Active offerings of every company (and the caller company's inactive ones), each with its company's rating. `search` matches title, description or category.", response: offeringSchema, list: true }),
    auth('services:view'),
    validate('query', offeringListQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await service.offeringList(c.var.ctx, c.var.caller, q), q);
    },
  )
  .get('/:id', doc({ summary: 'An offering', response: offeringSchema }), auth('services:view'), idParam, async (c) =>
    ok(c, await service.offering(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .post('/', doc({ summary: 'Add an offering to your catalogue', response: offeringSchema, status: 201 }), auth('services:manage'), ...jsonBody(offeringCreate), async (c) =>
    created(c, await service.createOffering(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .patch('/:id', doc({ summary: 'Change an offering', description: "Another company's offering is 403.", response: offeringSchema }), auth('services:manage'), idParam, ...jsonBody(offeringPatch), async (c) =>
    ok(c, await service.updateOffering(c.var.ctx, c.var.caller, c.req.valid('param').id, c.req.valid('json'))),
  )
  .delete('/:id', doc({ summary: 'Delete an offering (soft)', response: offeringSchema }), auth('services:manage'), idParam, async (c) =>
    ok(c, await service.removeOffering(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  );

export const routes = createRouter()
  .route('/services', servicesRoutes)
  .route('/proposals', proposalsRoutes)
  .route('/engagements', engagementsRoutes)
  .route('/offerings', offeringsRoutes);
