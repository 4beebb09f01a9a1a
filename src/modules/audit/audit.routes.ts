import { auth } from '../../core/auth/middleware';
import { list } from '../../core/envelope';
import { doc } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { validate } from '../../core/validation';
import { auditEntrySchema, auditQuery } from './audit.schemas';
import * as service from './audit.service';

const auditRoutes = createRouter().get(
  '/',
  doc({
    summary: 'The audit log, newest first',
    description: 'Every write made with an API key, every MCP tool call, every role change and every API-key creation or revocation. admin_empresa: own company; staff: all.',
    response: auditEntrySchema,
    list: true,
  }),
  auth('audit:view'),
  validate('query', auditQuery),
  async (c) => {
    const q = c.req.valid('query');
    return list(c, await service.list(c.var.ctx, c.var.caller, q), q);
  },
);

export const routes = createRouter().route('/audit', auditRoutes);
