import { real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Platform-wide settings: a single row with id 'global'. */
export const systemSettings = sqliteTable('system_settings', {
  id: text().primaryKey(),
  serviceFeePercent: real().notNull().default(10),
  defaultCurrency: text().notNull().default('EUR'),
  updatedAt: text().notNull(),
  updatedBy: text(),
});
