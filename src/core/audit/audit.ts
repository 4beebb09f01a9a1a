import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Caller } from '../auth/caller';
import type { Db } from '../env';
import { nowIso } from '../db/columns';
import type { EventEnvelope } from '../events/types';
import { auditLog } from './audit.table';

export interface AuditEntry {
  action: string;
  target: Record<string, string | null>;
  status?: 'ok' | 'error';
}

const values = (caller: Caller, entry: AuditEntry) => ({
  id: crypto.randomUUID(),
  companyId: caller.companyId,
  actorKind: caller.kind,
  actorId: caller.id,
  action: entry.action,
  target: entry.target,
  status: entry.status ?? ('ok' as const),
  createdAt: nowIso(),
});

/** The audit row of `entry` by `caller`, to put in the batch of the change it records. */
export const auditInsert = (db: Db, caller: Caller, entry: AuditEntry) => db.insert(auditLog).values(values(caller, entry));

/** The same, written only if a row of `table` matches `where` inside the batch (for conditional changes). */
export function auditInsertIf(db: Db, caller: Caller, entry: AuditEntry, table: SQLiteTable, where: SQL) {
  const v = values(caller, entry);
  return db.insert(auditLog).select(
    db
      .select({
        id: sql<string>`${v.id}`.as('id'),
        companyId: sql<string>`${v.companyId}`.as('company_id'),
        actorKind: sql<'user' | 'apiKey'>`${v.actorKind}`.as('actor_kind'),
        actorId: sql<string>`${v.actorId}`.as('actor_id'),
        action: sql<string>`${v.action}`.as('action'),
        target: sql<Record<string, string | null>>`${JSON.stringify(v.target)}`.as('target'),
        status: sql<'ok' | 'error'>`${v.status}`.as('status'),
        createdAt: sql<string>`${v.createdAt}`.as('created_at'),
      })
      .from(table)
      .where(where)
      .limit(1),
  );
}

/** A REST write's audit entry from the event it emits: the action is the event type, the target its entity and id. */
export function eventAudit(event: EventEnvelope): AuditEntry {
  const entity = event.type.split('.')[1] ?? 'record';
  const id = event.data[`${entity}Id`] ?? event.data.id ?? null;
  return { action: event.type, target: { kind: entity, id: typeof id === 'string' ? id : null } };
}
