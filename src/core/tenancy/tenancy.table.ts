import { sql } from 'drizzle-orm';
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { auditColumns, idColumn, softDelete, stringArray } from '../../core/db/columns';
import type { Role } from '../../core/auth/roles';

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

export type CompanyRow = typeof companies.$inferSelect;
export type UserRow = typeof users.$inferSelect;
