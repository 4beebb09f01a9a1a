import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Caller } from '../../core/auth/caller';
import { isStaff } from '../../core/auth/roles';
import type { Ctx } from '../../core/context';
import { updatedBy } from '../../core/db/columns';
import { forbidden, notFound } from '../../core/errors';
import { commit } from '../../core/events/outbox';
import { scopeOf } from '../../core/tenancy/scope';
import { toCompany } from '../../core/tenancy/tenancy.queries';
import { companies } from '../../core/tenancy/tenancy.table';
import { companyEvents } from './companies.events';
import { companyDirectory, getVisibleCompany, listCompanies } from './companies.queries';
import type { companyListQuery, companyPatch, directoryQuery } from './companies.schemas';

export const list = (ctx: Ctx, caller: Caller, q: z.output<typeof companyListQuery>) => listCompanies(ctx.db, scopeOf(caller), q);

export const directory = (ctx: Ctx, caller: Caller, q: z.output<typeof directoryQuery>) => companyDirectory(ctx.db, caller.companyId, q);

export async function get(ctx: Ctx, caller: Caller, id: string) {
  const row = await getVisibleCompany(ctx.db, scopeOf(caller), id);
  if (!row) throw notFound('Company');
  return toCompany(row);
}

export async function update(ctx: Ctx, caller: Caller, id: string, patch: z.output<typeof companyPatch>) {
  const row = await getVisibleCompany(ctx.db, scopeOf(caller), id);
  if (!row) throw notFound('Company');
  if (!isStaff(caller.role) && row.id !== caller.companyId) throw forbidden('You can only change your own company');
  const ev = companyEvents.event('companies.company.updated', row.id, { companyId: row.id, changes: Object.keys(patch) });
  const [[updated]] = await commit(ctx, [ctx.db.update(companies).set({ ...patch, ...updatedBy(caller.id) }).where(eq(companies.id, row.id)).returning()], [ev]);
  return toCompany(updated!);
}
