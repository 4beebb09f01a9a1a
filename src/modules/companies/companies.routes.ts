import { auth } from '../../core/auth/middleware';
import { companySchema } from '../../core/tenancy/tenancy.schemas';
import { list, ok } from '../../core/envelope';
import { doc } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { idParam, jsonBody, validate } from '../../core/validation';
import { companyListQuery, companyPatch, directoryEntrySchema, directoryQuery } from './companies.schemas';
import * as service from './companies.service';

const companiesRoutes = createRouter()
  .get(
    '/',
    doc({ summary: 'List companies', description: 'Staff: every company; others: their own and their active partners.', response: companySchema, list: true }),
    auth('companies:view-own'),
    validate('query', companyListQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await service.list(c.var.ctx, c.var.caller, q), q);
    },
  )
  .get(
    '/directory',
    doc({ summary: "Other companies' names and ids", description: 'So that a partnership can be proposed.', response: directoryEntrySchema, list: true }),
    auth(),
    validate('query', directoryQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await service.directory(c.var.ctx, c.var.caller, q), q);
    },
  )
  .get('/:id', doc({ summary: 'A company', response: companySchema }), auth('companies:view-own'), idParam, async (c) =>
    ok(c, await service.get(c.var.ctx, c.var.caller, c.req.valid('param').id)),
  )
  .patch(
    '/:id',
    doc({ summary: 'Change a company profile', description: 'admin_empresa: own company only (403 otherwise).', response: companySchema }),
    auth('companies:manage'),
    idParam,
    ...jsonBody(companyPatch),
    async (c) => ok(c, await service.update(c.var.ctx, c.var.caller, c.req.valid('param').id, c.req.valid('json'))),
  );

export const routes = createRouter().route('/companies', companiesRoutes);
