import { auth } from '../../core/auth/middleware';
import { list, ok } from '../../core/envelope';
import { doc } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { validate } from '../../core/validation';
import { deadLetterParams, deadLetterQuery, deadLetterSchema, outboxSchema } from './admin.schemas';
import * as service from './admin.service';

/** Platform operations (staff only): the outbox backlog, dead letters of the events Queue, and re-driving them. */
const adminRoutes = createRouter()
  .get(
    '/outbox',
    doc({ summary: 'What the platform still owes: events not yet processed, deliveries due', response: outboxSchema }),
    auth('admin:operate'),
    async (c) => ok(c, await service.backlog(c.var.ctx)),
  )
  .get('/dead-letters', doc({ summary: 'Messages that exhausted their retries', response: deadLetterSchema, list: true }), auth('admin:operate'), validate('query', deadLetterQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await service.listDeadLetters(c.var.ctx, q), q);
  })
  .post(
    '/dead-letters/:id/redrive',
    doc({ summary: 'Put a dead-lettered message back on the queue', response: deadLetterSchema, errors: ['CONFLICT', 'NOT_FOUND'] }),
    auth('admin:operate'),
    validate('param', deadLetterParams),
    async (c) => ok(c, await service.redrive(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  );

export const routes = createRouter().route('/admin', adminRoutes);
