import { eq } from 'drizzle-orm';
import { authenticate, requirePermission } from '../../core/auth/middleware';
import { isStaff } from '../../core/auth/roles';
import { updatedBy } from '../../core/db/columns';
import { list, ok } from '../../core/envelope';
import { forbidden, notFound } from '../../core/errors';
import { publish, newEvent, outboxInsert } from '../../core/events/publish';
import { pageMeta } from '../../core/list';
import { createRouter } from '../../core/router';
import { jsonBody, idParam, validate } from '../../core/validation';
import { companies } from './companies.table';
import { companyListQuery, companyPatch, directoryQuery } from './companies.schemas';
import { companyDirectory, getVisibleCompany, listCompanies, toCompany } from './companies.queries';

export const companiesRoutes = createRouter()
  .use(authenticate)
  .get('/', requirePermission('companies:view-own'), validate('query', companyListQuery), async (c) => {
    const q = c.req.valid('query');
    const { rows, total } = await listCompanies(c.var.db, c.var.user, q);
    return list(c, rows, pageMeta(total, q.page, q.limit));
  })
  .get('/directory', validate('query', directoryQuery), async (c) => {
    const q = c.req.valid('query');
    const { rows, total } = await companyDirectory(c.var.db, c.var.user, q);
    return list(c, rows, pageMeta(total, q.page, q.limit));
  })
  .get('/:id', requirePermission('companies:view-own'), idParam, async (c) => {
    const row = await getVisibleCompany(c.var.db, c.var.user, c.req.valid('param').id);
    if (!row) throw notFound('Company');
    return ok(c, toCompany(row));
  })
  .patch('/:id', requirePermission('companies:manage'), idParam, ...jsonBody(companyPatch), async (c) => {
    const { db, user } = c.var;
    const row = await getVisibleCompany(db, user, c.req.valid('param').id);
    if (!row) throw notFound('Company');
    if (!isStaff(user.role) && row.id !== user.companyId) throw forbidden('You can only change your own company');
    const patch = c.req.valid('json');
    const ev = newEvent('companies.company.updated', row.id, { companyId: row.id, changes: Object.keys(patch) });
    const [[updated]] = await db.batch([
      db.update(companies).set({ ...patch, ...updatedBy(user.id) }).where(eq(companies.id, row.id)).returning(),
      outboxInsert(db, ev),
    ]);
    publish(c, [ev]);
    return ok(c, toCompany(updated!));
  });
