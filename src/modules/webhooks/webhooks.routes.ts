import { z } from 'zod';
import { auth } from '../../core/auth/middleware';
import { created, list, ok } from '../../core/envelope';
import { doc } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { idParam, idParams, jsonBody, validate } from '../../core/validation';
import {
  companyDeliveryQuery,
  createdEndpointSchema,
  deliveryListQuery,
  deliverySchema,
  endpointCreate,
  endpointListQuery,
  endpointPatch,
  endpointSchema,
  eventTypeSchema,
  replayedFailedSchema,
  replayedSchema,
  replayFailedBody,
  rotatedSchema,
  testSentSchema,
} from './webhooks.schemas';
import * as service from './webhooks.service';

const manage = () => auth('webhooks:manage');

const webhooksRoutes = createRouter()
  .get('/', doc({ summary: "The company's webhook endpoints", response: endpointSchema, list: true }), manage(), validate('query', endpointListQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await service.list(c.var.ctx, c.var.caller, q), q);
  })
  .post(
    '/',
    doc({
      summary: 'Register an endpoint',
      description: 'URLs must be https on port 443 to a public host (private, loopback, metadata and disguised IPs are refused). The secret is returned only here.',
      response: createdEndpointSchema,
      status: 201,
    }),
    manage(),
    ...jsonBody(endpointCreate),
    async (c) => created(c, await service.create(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .get('/event-types', doc({ summary: 'Every event type an endpoint can subscribe to', response: z.array(eventTypeSchema) }), manage(), async (c) =>
    ok(c, service.eventTypes(c.var.ctx)),
  )
  .get('/deliveries', doc({ summary: "One event's deliveries across the company's endpoints", response: deliverySchema, list: true }), manage(), validate('query', companyDeliveryQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await service.eventDeliveryLog(c.var.ctx, c.var.caller, q), q);
  })
  .get('/:id', doc({ summary: 'An endpoint', response: endpointSchema }), manage(), idParam, async (c) => ok(c, await service.get(c.var.ctx, c.var.caller, c.req.valid('param').id)))
  .patch('/:id', doc({ summary: 'Change, disable or re-enable an endpoint', response: endpointSchema }), manage(), idParam, ...jsonBody(endpointPatch), async (c) =>
    ok(c, await service.update(c.var.ctx, c.var.caller, c.req.valid('param').id, c.req.valid('json'))),
  )
  .delete('/:id', doc({ summary: 'Delete an endpoint', response: endpointSchema }), manage(), idParam, async (c) => ok(c, await service.remove(c.var.ctx, c.var.caller, c.req.valid('param').id)))
  .post('/:id/rotate-secret', doc({ summary: 'Rotate the signing secret', description: 'The previous secret keeps signing beside the new one for 24 h.', response: rotatedSchema }), manage(), idParam, async (c) =>
    ok(c, await service.rotateSecret(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .post('/:id/test', doc({ summary: 'Send a webhooks.test event to this endpoint only', response: testSentSchema, errors: ['CONFLICT'] }), manage(), idParam, async (c) =>
    ok(c, await service.sendTest(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .get('/:id/deliveries', doc({ summary: 'Delivery attempts, newest first', response: deliverySchema, list: true }), manage(), idParam, validate('query', deliveryListQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await service.endpointDeliveryLog(c.var.ctx, c.var.caller, c.req.valid('param').id, q), q);
  })
  .post(
    '/:id/deliveries/:deliveryId/replay',
    doc({ summary: "Send a delivery's event again (same webhook-id)", response: replayedSchema, errors: ['CONFLICT'] }),
    manage(),
    idParams('id', 'deliveryId'),
    async (c) => {
      const { id, deliveryId } = c.req.valid('param');
      return ok(c, await service.replay(c.var.ctx, c.var.caller, id, deliveryId));
    },
  )
  .post(
    '/:id/replay-failed',
    doc({ summary: 'Replay every failed delivery in a time range', response: replayedFailedSchema, errors: ['CONFLICT'] }),
    manage(),
    idParam,
    ...jsonBody(replayFailedBody),
    async (c) => ok(c, await service.replayFailed(c.var.ctx, c.var.caller, c.req.valid('param').id, c.req.valid('json'))),
  );

export const routes = createRouter().route('/webhooks', webhooksRoutes);
