import { eq } from 'drizzle-orm';
import { authenticate, requirePermission } from '../../core/auth/middleware';
import { hashPassword } from '../../core/auth/passwords';
import { isStaff, outranksOrEquals, type Role } from '../../core/auth/roles';
import { createdBy, nowIso, updatedBy } from '../../core/db/columns';
import { created, list, ok } from '../../core/envelope';
import { conflict, forbidden, notFound } from '../../core/errors';
import type { AuthUser } from '../../core/env';
import { publish, newEvent, outboxInsert } from '../../core/events/publish';
import { pageMeta } from '../../core/list';
import { createRouter } from '../../core/router';
import { jsonBody, idParam, validate } from '../../core/validation';
import { revokeAllForUser } from '../auth/auth.queries';
import { users, type UserRow } from '../companies/companies.table';
import { employeeCreate, employeeListQuery, employeePatch } from './employees.schemas';
import {
  countOtherActiveAdmins,
  findLiveUserByEmail,
  getEmployee,
  listEmployees,
  toUser,
} from './employees.queries';

/** Company admins assign only company roles; nobody grants or touches a role above their own. */
function assertCanAssign(actor: AuthUser, role: Role) {
  if (!outranksOrEquals(actor.role, role) || (!isStaff(actor.role) && isStaff(role))) {
    throw forbidden(`You cannot grant the role ${role}`);
  }
}

function assertCanManage(actor: AuthUser, target: UserRow) {
  if (!outranksOrEquals(actor.role, target.role)) throw forbidden('You cannot change a user with a higher role than yours');
}

/** Keeps at least one active admin_empresa in a company when one is demoted, deactivated or deleted. */
async function assertKeepsAnAdmin(c: { var: { db: import('../../core/env').Db } }, target: UserRow) {
  if (target.role !== 'admin_empresa' || target.status !== 'active') return;
  if ((await countOtherActiveAdmins(c.var.db, target.companyId, target.id)) === 0) {
    throw conflict('A company must keep at least one active admin_empresa');
  }
}

export const employeesRoutes = createRouter()
  .use(authenticate)
  .get('/', requirePermission('employees:view'), validate('query', employeeListQuery), async (c) => {
    const q = c.req.valid('query');
    const { rows, total } = await listEmployees(c.var.db, c.var.user, q);
    return list(c, rows, pageMeta(total, q.page, q.limit));
  })
  .post('/', requirePermission('employees:manage'), ...jsonBody(employeeCreate), async (c) => {
    const { db, user } = c.var;
    const body = c.req.valid('json');
    assertCanAssign(user, body.role);
    if (await findLiveUserByEmail(db, body.email)) throw conflict('An account with this email already exists');
    const now = nowIso();
    const id = crypto.randomUUID();
    const ev = newEvent('companies.employee.created', user.companyId, { employeeId: id, role: body.role, name: body.name });
    const [[row]] = await db.batch([
      db
        .insert(users)
        .values({
          id,
          companyId: user.companyId,
          email: body.email,
          name: body.name,
          role: body.role,
          skills: body.skills ?? [],
          passwordHash: await hashPassword(body.password),
          ...createdBy(user.id, now),
        })
        .returning(),
      outboxInsert(db, ev),
    ]);
    publish(c, [ev]);
    return created(c, toUser(row!));
  })
  .get('/:id', requirePermission('employees:view'), idParam, async (c) => {
    const row = await getEmployee(c.var.db, c.var.user, c.req.valid('param').id);
    if (!row) throw notFound('Employee');
    return ok(c, toUser(row));
  })
  .patch('/:id', requirePermission('employees:manage'), idParam, ...jsonBody(employeePatch), async (c) => {
    const { db, user } = c.var;
    const target = await getEmployee(db, user, c.req.valid('param').id);
    if (!target) throw notFound('Employee');
    assertCanManage(user, target);
    const patch = c.req.valid('json');
    if (patch.role) assertCanAssign(user, patch.role);
    const losesAdmin =
      (patch.role !== undefined && patch.role !== 'admin_empresa') || (patch.status !== undefined && patch.status !== 'active');
    if (losesAdmin) await assertKeepsAnAdmin(c, target);
    const ev = newEvent('companies.employee.updated', target.companyId, { employeeId: target.id, changes: Object.keys(patch) });
    const deactivated = patch.status === 'inactive' && target.status === 'active';
    const [[row]] = await db.batch([
      db.update(users).set({ ...patch, ...updatedBy(user.id) }).where(eq(users.id, target.id)).returning(),
      outboxInsert(db, ev),
      // An inactive user keeps no session that could be refreshed.
      ...(deactivated ? [revokeAllForUser(db, target.id)] : []),
    ]);
    publish(c, [ev]);
    return ok(c, toUser(row!));
  })
  .delete('/:id', requirePermission('employees:manage'), idParam, async (c) => {
    const { db, user } = c.var;
    const target = await getEmployee(db, user, c.req.valid('param').id);
    if (!target) throw notFound('Employee');
    if (target.id === user.id) throw conflict('You cannot delete your own account');
    assertCanManage(user, target);
    await assertKeepsAnAdmin(c, target);
    const now = nowIso();
    const ev = newEvent('companies.employee.deleted', target.companyId, { employeeId: target.id });
    const [[row]] = await db.batch([
      db.update(users).set({ deletedAt: now, updatedAt: now, updatedBy: user.id }).where(eq(users.id, target.id)).returning(),
      revokeAllForUser(db, target.id),
      outboxInsert(db, ev),
    ]);
    publish(c, [ev]);
    return ok(c, toUser(row!));
  });
