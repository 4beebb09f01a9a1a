import { and, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../env';
import type { Viewer } from '../auth/caller';
import { isStaff } from '../auth/roles';
import { activePartnerIdsQuery } from './tenancy.queries';

/**
 * What part of the tenant data a caller may read. Every query of tenant data takes one; there is no unscoped path
 * except functions named for it (e.g. the queue's `getEndpointForDelivery`).
 * `companyId` may be a placeholder (`sql.placeholder('me')`) when a statement is built once and reused.
 */
export type Scope =
  | { kind: 'anonymous' }
  | { kind: 'staff'; userId: string; companyId: string }
  | { kind: 'member'; userId: string; companyId: string };

export function scopeOf(viewer: Viewer): Scope {
  if (!viewer) return { kind: 'anonymous' };
  return { kind: isStaff(viewer.role) ? 'staff' : 'member', userId: viewer.id, companyId: viewer.companyId };
}

const NOTHING = sql`0`;

/** Rows of the caller's own company; staff: every row (undefined = no condition); anonymous: none. */
export function ownRows(scope: Scope, companyColumn: SQLiteColumn): SQL | undefined {
  if (scope.kind === 'staff') return undefined;
  if (scope.kind === 'anonymous') return NOTHING;
  return eq(companyColumn, scope.companyId);
}

/** Rows of the caller's company or of a company in an active partnership with it; staff: all; anonymous: none. */
export function ownOrPartnerRows(db: Db, scope: Scope, companyColumn: SQLiteColumn): SQL | undefined {
  if (scope.kind === 'staff') return undefined;
  if (scope.kind === 'anonymous') return NOTHING;
  return or(eq(companyColumn, scope.companyId), inArray(companyColumn, activePartnerIdsQuery(db, scope.companyId)));
}

/**
 * The visibility rule of records a company shares (jobs, service requests): its own company sees all of them; other
 * companies only while open — `public` ones to everyone (anonymous visitors too when `anonymous`), `partners` ones to
 * companies in an active partnership (read inside the statement, so ending a partnership hides them at once); staff
 * see everything.
 */
export interface SharedRule {
  companyId: SQLiteColumn;
  /** The record takes part (e.g. status = 'open'). */
  open: SQL;
  isPublic: SQL;
  /** Shared with partners and not public (so the partner arm never repeats a public row). */
  partnersOnly: SQL;
  /** Whether anonymous visitors see open public records. */
  anonymous: boolean;
}

/**
 * The rule as disjoint arms, each an index-friendly condition (a compound SELECT can merge them in order); `[]` means
 * nothing is visible, `[undefined]` everything. `companyId` narrows to one company and keeps only the arms that can
 * match it.
 */
export function sharedArms(db: Db, scope: Scope, rule: SharedRule, companyId?: string): (SQL | undefined)[] {
  const company = companyId === undefined ? undefined : eq(rule.companyId, companyId);
  if (scope.kind === 'anonymous') return rule.anonymous ? [and(company, rule.isPublic, rule.open)] : [];
  if (scope.kind === 'staff') return [company];
  if (companyId === scope.companyId) return [eq(rule.companyId, scope.companyId)];
  const others = [
    and(company ?? ne(rule.companyId, scope.companyId), rule.isPublic, rule.open),
    and(company, inArray(rule.companyId, activePartnerIdsQuery(db, scope.companyId)), rule.partnersOnly, rule.open),
  ];
  return companyId === undefined ? [eq(rule.companyId, scope.companyId), ...others] : others;
}

/** The same rule as one condition, for single-row reads. */
export function sharedVisible(db: Db, scope: Scope, rule: SharedRule): SQL | undefined {
  const arms = sharedArms(db, scope, rule);
  if (arms.length === 0) return NOTHING;
  return arms.includes(undefined) ? undefined : or(...(arms as SQL[]));
}
