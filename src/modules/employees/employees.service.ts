import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Caller } from '../../core/auth/caller';
import { hashPassword } from '../../core/auth/passwords';
import { forgetUser } from '../../core/auth/session';
import { auditInsert } from '../../core/audit/audit';
import { isStaff, outranksOrEquals, type Role } from '../../core/auth/roles';
import type { Ctx } from '../../core/context';
import { createdBy, nowIso, updatedBy } from '../../core/db/columns';
import { conflict, forbidden, notFound } from '../../core/errors';
import { commit } from '../../core/events/outbox';
import { scopeOf } from '../../core/tenancy/scope';
import { findLiveUserByEmail, toUser } from '../../core/tenancy/tenancy.queries';
import { users, type UserRow } from '../../core/tenancy/tenancy.table';
import { revokeAllForUser } from '../auth/auth.queries';
import { employeeEvents } from './employees.events';
import { countOtherActiveAdmins, getEmployee, listEmployees } from './employees.queries';
import type { employeeCreate, employeeListQuery, employeePatch } from './employees.schemas';

/** Company admins assign only company roles; nobody grants or touches a role above their own. */
function assertCanAssign(actor: Caller, role: Role) {
  if (!outranksOrEquals(actor.role, role) || (!isStaff(actor.role) && isStaff(role))) throw forbidden(`You cannot grant the role ${role}`);
}

function assertCanManage(actor: Caller, target: UserRow) {
  if (!outranksOrEquals(actor.role, target.role)) throw forbidden('You cannot change a user with a higher role than yours');
}

/** Keeps at least one active admin_empresa in a company when one is demoted, deactivated or deleted. */
async function assertKeepsAnAdmin(ctx: Ctx, target: UserRow) {
  if (target.role !== 'admin_empresa' || target.status !== 'active') return;
  if ((await countOtherActiveAdmins(ctx.db, target.companyId, target.id)) === 0) {
    throw conflict('A company must keep at least one active admin_empresa');
  }
}

async function employeeOr404(ctx: Ctx, caller: Caller, id: string) {
  const row = await getEmployee(ctx.db, scopeOf(caller), id);
  if (!row) throw notFound('Employee');
  return row;
}

export const list = (ctx: Ctx, caller: Caller, q: z.output<typeof employeeListQuery>) => listEmployees(ctx.db, scopeOf(caller), q);

export const get = async (ctx: Ctx, caller: Caller, id: string) => toUser(await employeeOr404(ctx, caller, id));

export async function create(ctx: Ctx, caller: Caller, body: z.output<typeof employeeCreate>) {
  assertCanAssign(caller, body.role);
  if (await findLiveUserByEmail(ctx.db, body.email)) throw conflict('An account with this email already exists');
  const id = crypto.randomUUID();
  const ev = employeeEvents.event('companies.employee.created', caller.companyId, { employeeId: id, role: body.role, name: body.name });
  const [[row]] = await commit(
    ctx,
    [
      ctx.db
        .insert(users)
        .values({
          id,
          companyId: caller.companyId,
          email: body.email,
          name: body.name,
          role: body.role,
          skills: body.skills ?? [],
          passwordHash: await hashPassword(body.password),
          ...createdBy(caller.id),
        })
        .returning(),
    ],
    [ev],
  );
  return toUser(row!);
}

export async function update(ctx: Ctx, caller: Caller, id: string, patch: z.output<typeof employeePatch>) {
  const target = await employeeOr404(ctx, caller, id);
  assertCanManage(caller, target);
  if (patch.role) assertCanAssign(caller, patch.role);
  const losesAdmin = (patch.role !== undefined && patch.role !== 'admin_empresa') || (patch.status !== undefined && patch.status !== 'active');
  if (losesAdmin) await assertKeepsAnAdmin(ctx, target);
  const deactivated = patch.status === 'inactive' && target.status === 'active';
  // Deactivation or a role change ends the user's access at once: their tokens and sockets stop (see session.ts).
  const revoke = deactivated || (patch.role !== undefined && patch.role !== target.role);
  const ev = employeeEvents.event('companies.employee.updated', target.companyId, {
    employeeId: target.id,
    changes: Object.keys(patch),
    actorId: caller.id,
    ...(revoke ? { revokedUserIds: [target.id] } : {}),
  });
  const [[row]] = await commit(
    ctx,
    [
      ctx.db
        .update(users)
        .set({ ...patch, ...updatedBy(caller.id), ...(revoke ? { authVersion: sql`${users.authVersion} + 1` } : {}) })
        .where(eq(users.id, target.id))
        .returning(),
      // An inactive user keeps no session that could be refreshed.
      ...(deactivated ? [revokeAllForUser(ctx.db, target.id)] : []),
      ...(patch.role !== undefined && patch.role !== target.role
        ? [auditInsert(ctx.db, caller, { action: 'employees.role.changed', target: { kind: 'user', id: target.id, from: target.role, to: patch.role } })]
        : []),
    ],
    [ev],
  );
  if (revoke) forgetUser(target.id);
  return toUser(row!);
}

export async function remove(ctx: Ctx, caller: Caller, id: string) {
  const target = await employeeOr404(ctx, caller, id);
  if (target.id === caller.id) throw conflict('You cannot delete your own account');
  assertCanManage(caller, target);
  await assertKeepsAnAdmin(ctx, target);
  const now = nowIso();
  const ev = employeeEvents.event('companies.employee.deleted', target.companyId, { employeeId: target.id, actorId: caller.id, revokedUserIds: [target.id] });
  const [[row]] = await commit(
    ctx,
    [
      ctx.db
        .update(users)
        .set({ deletedAt: now, authVersion: sql`${users.authVersion} + 1`, ...updatedBy(caller.id, now) })
        .where(eq(users.id, target.id))
        .returning(),
      revokeAllForUser(ctx.db, target.id),
    ],
    [ev],
  );
  forgetUser(target.id);
  return toUser(row!);
}
