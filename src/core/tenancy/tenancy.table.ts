import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { auditColumns, idColumn, softDelete, stringArray } from '../db/columns';
import type { Role } from '../auth/roles';

/**
 * The tenancy spine every module scopes by: companies, their users, and the partnership graph between companies.
 * They live in core (not in the companies, employees or partnerships modules) because every tenant query reads them:
 * a module's Scope is "own company", "own company and active partners" or "staff".
 */
export const companies = sqliteTable(
  'companies',
  {
    id: idColumn(),
    name: text().notNull(),
    description: text().notNull().default(''),
    website: text(),
    /** Platform staff (DEV/admin) belong to the platform company; it is hidden from directories. */
    isPlatform: text({ enum: ['yes', 'no'] }).notNull().default('no'),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [index('companies_name_idx').on(sql`${t.name} COLLATE NOCASE`)],
);

export const users = sqliteTable(
  'users',
  {
    id: idColumn(),
    companyId: text()
      .notNull()
      .references(() => companies.id),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    role: text().$type<Role>().notNull(),
    skills: stringArray(),
    status: text({ enum: ['active', 'inactive'] }).notNull().default('active'),
    /**
     * Grows whenever the user's access must end (deactivated, deleted, role changed): access tokens carry the version
     * they were issued with, and one that no longer matches is refused (see core/auth/session.ts).
     */
    authVersion: integer().notNull().default(0),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [
    // A deleted user's address may be registered again.
    uniqueIndex('users_email_live_uq').on(t.email).where(sql`${t.deletedAt} IS NULL`),
    index('users_company_created_idx').on(t.companyId, t.createdAt),
    index('users_company_role_idx').on(t.companyId, t.role),
  ],
);

export const PARTNERSHIP_STATUSES = ['pending', 'active', 'declined', 'ended'] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];

export const partnerships = sqliteTable(
  'partnerships',
  {
    id: idColumn(),
    requesterCompanyId: text()
      .notNull()
      .references(() => companies.id),
    targetCompanyId: text()
      .notNull()
      .references(() => companies.id),
    /** The two company ids sorted and joined, so "A–B" and "B–A" are the same pair. */
    pairKey: text().notNull(),
    status: text({ enum: PARTNERSHIP_STATUSES }).notNull().default('pending'),
    respondedAt: text(),
    endedAt: text(),
    ...auditColumns,
  },
  (t) => [
    // The database itself guarantees at most one pending-or-active partnership per pair, even under races.
    uniqueIndex('partnerships_open_pair_uq').on(t.pairKey).where(sql`${t.status} IN ('pending', 'active')`),
    index('partnerships_requester_status_idx').on(t.requesterCompanyId, t.status),
    index('partnerships_target_status_idx').on(t.targetCompanyId, t.status),
  ],
);

export type CompanyRow = typeof companies.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type PartnershipRow = typeof partnerships.$inferSelect;
