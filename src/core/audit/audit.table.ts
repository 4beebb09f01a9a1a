import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn } from '../db/columns';

/**
 * Who did what: every write made with an API key (written in the same batch as the change), every MCP tool call,
 * every role change and every API-key creation or revocation. Kept in core because `commit` writes it.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: idColumn(),
    companyId: text().notNull(),
    actorKind: text({ enum: ['user', 'apiKey'] }).notNull(),
    actorId: text().notNull(),
    action: text().notNull(),
    /** What it was done to: `{ kind: "job", id }`, `{ kind: "tool", name }`… */
    target: text({ mode: 'json' }).$type<Record<string, string | null>>().notNull(),
    status: text({ enum: ['ok', 'error'] }).notNull(),
    createdAt: text().notNull(),
  },
  (t) => [
    index('audit_company_time_idx').on(t.companyId, t.createdAt),
    index('audit_company_actor_time_idx').on(t.companyId, t.actorId, t.createdAt),
    index('audit_company_action_time_idx').on(t.companyId, t.action, t.createdAt),
    index('audit_time_idx').on(t.createdAt),
  ],
);

export type AuditRow = typeof auditLog.$inferSelect;
