import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn } from '../../core/db/columns';
import { users } from '../../core/tenancy/tenancy.table';

/** Refresh tokens are stored hashed; a family is every token descended from one login. */
export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    id: idColumn(),
    userId: text()
      .notNull()
      .references(() => users.id),
    familyId: text().notNull(),
    tokenHash: text().notNull().unique(),
    expiresAt: text().notNull(),
    usedAt: text(),
    revokedAt: text(),
    createdAt: text().notNull(),
  },
  (t) => [index('refresh_tokens_family_idx').on(t.familyId), index('refresh_tokens_user_idx').on(t.userId)],
);

/** One row per failed login, so throttling holds across isolates; pruned by the cron trigger. */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: idColumn(),
    email: text().notNull(),
    createdAt: text().notNull(),
  },
  (t) => [index('login_failures_email_time_idx').on(t.email, t.createdAt)],
);
