import { and, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../env';
import { nowIso } from '../db/columns';
import { events } from './events.table';
import { log } from '../logging';
import { hubOf } from '../../realtime/hub';
import type { EventEnvelope, EventMessage, EventType } from './types';

export interface PendingEvent {
  envelope: EventEnvelope;
  partnerCompanyIds: string[];
}

/** Builds an event; `partnerCompanyIds` are the partner companies that must also receive it (decided now, from D1). */
export function newEvent(
  type: EventType,
  companyId: string,
  data: Record<string, unknown>,
  partnerCompanyIds: string[] = [],
): PendingEvent {
  return {
    envelope: { id: crypto.randomUUID(), type, time: nowIso(), companyId, data },
    partnerCompanyIds,
  };
}

/** The outbox insert to put in the same `db.batch` as the state change. */
export const outboxInsert = (db: Db, ev: PendingEvent): BatchItem<'sqlite'> =>
  db.insert(events).values({
    id: ev.envelope.id,
    type: ev.envelope.type,
    companyId: ev.envelope.companyId,
    partnerCompanyIds: ev.partnerCompanyIds,
    data: ev.envelope.data,
    createdAt: ev.envelope.time,
  });

export const toMessage = (ev: PendingEvent): EventMessage => ({
  kind: 'event',
  event: ev.envelope,
  partnerCompanyIds: ev.partnerCompanyIds,
});

/**
 * Sends committed outbox events to the Queue and marks them sent. A failure here loses nothing: the rows stay unsent
 * and the cron trigger re-sends them, so callers may ignore the returned promise's failure.
 */
export async function sendEvents(env: Env, db: Db, pending: PendingEvent[]): Promise<void> {
  if (pending.length === 0) return;
  await env.EVENTS.sendBatch(pending.map((ev) => ({ body: toMessage(ev), contentType: 'json' as const })));
  const ids = pending.map((ev) => ev.envelope.id);
  for (let i = 0; i < ids.length; i += 90) {
    await db.update(events).set({ sentAt: nowIso() }).where(inArray(events.id, ids.slice(i, i + 90)));
  }
}

/** Re-sends outbox rows not acknowledged within `olderThanMs` (run by the cron trigger). Returns how many. */
export async function resendUnsent(env: Env, db: Db, olderThanMs = 60_000, max = 500): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs).toISOString();
  const rows = await db
    .select()
    .from(events)
    .where(and(isNull(events.sentAt), lt(events.createdAt, cutoff)))
    .orderBy(events.createdAt)
    .limit(max);
  const pending = rows.map((r) => ({
    envelope: { id: r.id, type: r.type, time: r.createdAt, companyId: r.companyId, data: r.data },
    partnerCompanyIds: r.partnerCompanyIds,
  }));
  for (let i = 0; i < pending.length; i += 100) await sendEvents(env, db, pending.slice(i, i + 100));
  return pending.length;
}

/**
 * Call after the batch that wrote the outbox rows committed. Never throws: the state change already happened, and an
 * unsent row is picked up by the cron re-send, so a Queue hiccup must not turn a success into an error.
 */
export async function flushEvents(env: Env, db: Db, pending: PendingEvent[]): Promise<void> {
  try {
    await sendEvents(env, db, pending);
  } catch (err) {
    log('warn', 'event send deferred to cron', {
      eventIds: pending.map((p) => p.envelope.id),
      error: err instanceof Error ? err.message : String(err),
    });
  }
}


/**
 * An outbox insert that only happens if a row of `table` matches `condition` when the batch runs (e.g. "the job
 * became filled"), so a derived event is exactly as atomic as the change that causes it.
 */
export const outboxInsertIf = (db: Db, ev: PendingEvent, table: SQLiteTable, condition: SQL): BatchItem<'sqlite'> =>
  db.insert(events).select(
    db
      .select({
        id: sql<string>`${ev.envelope.id}`.as('id'),
        type: sql<string>`${ev.envelope.type}`.as('type'),
        companyId: sql<string>`${ev.envelope.companyId}`.as('company_id'),
        partnerCompanyIds: sql<string[]>`${JSON.stringify(ev.partnerCompanyIds)}`.as('partner_company_ids'),
        data: sql<Record<string, unknown>>`${JSON.stringify(ev.envelope.data)}`.as('data'),
        createdAt: sql<string>`${ev.envelope.time}`.as('created_at'),
        sentAt: sql<string | null>`NULL`.as('sent_at'),
        sendAttempts: sql<number>`0`.as('send_attempts'),
      })
      .from(table)
      .where(condition)
      .limit(1),
  );

/**
 * After the outbox batch committed: without delaying the response, send the events to the Queue (the reliable path;
 * if this isolate dies first, the cron re-sends the still-unmarked rows) and hand them straight to the company hubs
 * (the fast path, tens of ms instead of a queue batch window). The hub dedupes by event id, so the queue's later
 * delivery of the same event reaches no socket twice.
 */
export function publish(c: { env: Env; var: { db: Db }; executionCtx: { waitUntil(p: Promise<unknown>): void } }, pending: PendingEvent[]) {
  c.executionCtx.waitUntil(flushEvents(c.env, c.var.db, pending));
  c.executionCtx.waitUntil(
    Promise.all(
      pending.flatMap((ev) =>
        [ev.envelope.companyId, ...ev.partnerCompanyIds].map((companyId) => hubOf(c.env, companyId).deliver(ev.envelope)),
      ),
    ).catch((err) => log('warn', 'live delivery deferred to the queue', { error: err instanceof Error ? err.message : String(err) })),
  );
}
