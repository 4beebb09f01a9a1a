import { auth } from '../../core/auth/middleware';
import { created, list, ok } from '../../core/envelope';
import { doc } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { idParam, jsonBody, validate } from '../../core/validation';
import { inviteBody, partnershipListQuery, partnershipSchema } from './partnerships.schemas';
import * as service from './partnerships.service';

const answer = (summary: string, description: string) => doc({ summary, description, response: partnershipSchema, errors: ['CONFLICT'] });

const partnershipsRoutes = createRouter()
  .get(
    '/',
    doc({ summary: "The company's partnerships", description: 'Staff: every partnership.', response: partnershipSchema, list: true }),
    auth('partnerships:view'),
    validate('query', partnershipListQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await service.list(c.var.ctx, c.var.caller, q), q);
    },
  )
  .post(
    '/',
    doc({
      summary: 'Invite a company to partner',
      description: 'Two companies have at most one pending or active partnership (409). Inviting yourself is 400.',
      response: partnershipSchema,
      status: 201,
      errors: ['CONFLICT', 'NOT_FOUND'],
    }),
    auth('partnerships:manage'),
    ...jsonBody(inviteBody),
    async (c) => created(c, await service.invite(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .get('/:id', doc({ summary: 'A partnership', response: partnershipSchema }), auth('partnerships:view'), idParam, async (c) =>
    ok(c, await service.get(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .post('/:id/accept', answer('Accept an invite', 'Invited side only; the inviting side gets 403.'), auth('partnerships:manage'), idParam, async (c) =>
    ok(c, await service.transition(c.var.ctx, c.var.caller, c.req.valid('param').id, 'accept')),
  )
  .post('/:id/decline', answer('Decline an invite', 'Invited side only; the inviting side gets 403.'), auth('partnerships:manage'), idParam, async (c) =>
    ok(c, await service.transition(c.var.ctx, c.var.caller, c.req.valid('param').id, 'decline')),
  )
  .delete('/:id', answer('End a partnership', 'Either side; partner-shared records disappear for the other side at once.'), auth('partnerships:manage'), idParam, async (c) =>
    ok(c, await service.transition(c.var.ctx, c.var.caller, c.req.valid('param').id, 'end')),
  );

export const routes = createRouter().route('/partnerships', partnershipsRoutes);
