import { and, count, eq, gt, inArray, isNotNull, isNull, lt, min, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { auditInsert, auditInsertIf, eventAudit } from '../audit/audit';
import type { Ctx } from '../context';
import type { Db } from '../env';
import { nowIso } from '../db/columns';
import { log } from '../logging';
import type { Recipient } from '../tenancy/tenancy.queries';
import { events } from './events.table';
import type { Audience, EventMessage, EventSpec, PendingEvent, QueueMessage } from './types';

/**
 * A module's event types with their audiences, and a typed constructor for them. `users` events must name their
 * users; `partners` are the partner companies that also receive a `company`/`admins` event (decided by the caller,
 * from D1, when the event is built: an ended partnership stops partner events at once).
 * `users` on a `company` event narrows that one event to those people of the company (e.g. a personal note's events
 * reach only its author); it can never widen one: they must belong to the event's company, and no partner hears it.
 */
export function eventsOf<const S extends Record<string, EventSpec>>(specs: S) {
  return {
    specs,
    event<K extends keyof S & string>(
      type: K,
      companyId: string,
      data: Record<string, unknown>,
      opts: { partners?: string[]; users?: Recipient[] } = {},
    ): PendingEvent {
      const kind = specs[type]!.audience;
      if (kind === 'users' && !opts.users) throw new Error(`Event ${type} is addressed to users: name them`);
      if (kind !== 'users' && opts.users) {
        const outside = opts.users.some((u) => u.companyId !== companyId);
        if (kind !== 'company' || outside || (opts.partners ?? []).length > 0) throw new Error(`Event ${type} can only be narrowed to users of its own company`);
      }
      const audience: Audience = opts.users ? { kind: 'users', users: opts.users } : kind === 'users' ? { kind, users: [] } : { kind };
      return {
        envelope: { id: crypto.randomUUID(), type, time: nowIso(), companyId, data },
        partnerCompanyIds: audience.kind === 'users' ? [] : (opts.partners ?? []),
        audience,
      };
    },
  };
}

/**
 * An event recorded only if, when the batch runs, a row of `table` matches `where` (e.g. "the job became filled").
 * `data`, a JSON object in SQL over that row, is merged into the event's data inside the same transaction: for values
 * only the transaction knows (e.g. a number allocated by the insert it follows).
 */
export interface ConditionalEvent {
  event: PendingEvent;
  if: { table: SQLiteTable; where: SQL; data?: SQL };
}
export const when = (event: PendingEvent, table: SQLiteTable, where: SQL, data?: SQL): ConditionalEvent => ({ event, if: { table, where, ...(data ? { data } : {}) } });

const outboxValues = (ev: PendingEvent) => ({
  id: ev.envelope.id,
  type: ev.envelope.type,
  companyId: ev.envelope.companyId,
  partnerCompanyIds: ev.partnerCompanyIds,
  audience: ev.audience,
  data: ev.envelope.data,
  createdAt: ev.envelope.time,
});

function outboxInsert(db: Db, item: PendingEvent | ConditionalEvent) {
  if (!('if' in item)) return db.insert(events).values(outboxValues(item)).returning({ id: events.id });
  const v = outboxValues(item.event);
  return db
    .insert(events)
    .select(
      db
        .select({
          id: sql<string>`${v.id}`.as('id'),
          type: sql<string>`${v.type}`.as('type'),
          companyId: sql<string>`${v.companyId}`.as('company_id'),
          partnerCompanyIds: sql<string[]>`${JSON.stringify(v.partnerCompanyIds)}`.as('partner_company_ids'),
          audience: sql<Audience>`${JSON.stringify(v.audience)}`.as('audience'),
          data: (item.if.data
            ? sql<Record<string, unknown>>`json_patch(${JSON.stringify(v.data)}, ${item.if.data})`
            : sql<Record<string, unknown>>`${JSON.stringify(v.data)}`
          ).as('data'),
          createdAt: sql<string>`${v.createdAt}`.as('created_at'),
          sentAt: sql<string | null>`NULL`.as('sent_at'),
          sendAttempts: sql<number>`0`.as('send_attempts'),
          processedAt: sql<string | null>`NULL`.as('processed_at'),
          deadAt: sql<string | null>`NULL`.as('dead_at'),
        })
        .from(item.if.table)
        .where(item.if.where)
        .limit(1),
    )
    .returning({ id: events.id, data: events.data });
}

/**
 * THE way a state change is written: `writes` and the outbox rows of `events` in one `db.batch` (one transaction),
 * then the recorded events are published after the response (see `publish`). A conditional event (`when`) is
 * recorded and published only if its condition held inside that same transaction. Returns the results of `writes`.
 */
export async function commit<T extends readonly BatchItem<'sqlite'>[]>(
  ctx: Ctx,
  writes: [...T],
  pending: readonly (PendingEvent | ConditionalEvent)[] = [],
): Promise<BatchResponse<T>> {
  // A write made with an API key is audited in the same transaction, one row per event it emits — or, for a change
  // that emits none, one row naming the request it came in as.
  const key = ctx.caller?.kind === 'apiKey' ? ctx.caller : undefined;
  const audits = key
    ? pending.map((p) =>
        'if' in p ? auditInsertIf(ctx.db, key, eventAudit(p.event.envelope), p.if.table, p.if.where) : auditInsert(ctx.db, key, eventAudit(p.envelope)),
      )
    : [];
  if (key && pending.length === 0 && ctx.operation) audits.push(auditInsert(ctx.db, key, ctx.operation));
  const statements = [...writes, ...pending.map((p) => outboxInsert(ctx.db, p)), ...audits] as unknown as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];
  const results = (await ctx.db.batch(statements)) as unknown[];
  const recorded = pending.flatMap((p, i) => {
    const [row] = results[writes.length + i] as { data?: Record<string, unknown> }[];
    if (!row) return [];
    if (!('if' in p)) return [p];
    // Data completed inside the transaction is published exactly as it was stored.
    return [p.if.data && row.data ? { ...p.event, envelope: { ...p.event.envelope, data: row.data } } : p.event];
  });
  publish(ctx, recorded);
  return results.slice(0, writes.length) as BatchResponse<T>;
}

export const toMessage = (ev: PendingEvent): EventMessage => ({
  kind: 'event',
  event: ev.envelope,
  partnerCompanyIds: ev.partnerCompanyIds,
  audience: ev.audience,
});

/** Sends committed outbox events to the Queue and marks them sent. */
async function sendEvents(env: Env, db: Db, pending: PendingEvent[]): Promise<void> {
  if (pending.length === 0) return;
  await enqueue(env, pending.map(toMessage));
  const ids = pending.map((ev) => ev.envelope.id);
  for (let i = 0; i < ids.length; i += 90) {
    await db
      .update(events)
      .set({ sentAt: nowIso(), sendAttempts: sql`${events.sendAttempts} + 1` })
      .where(inArray(events.id, ids.slice(i, i + 90)));
  }
}

/**
 * After the outbox batch committed: without delaying the response, send the events to the Queue (the reliable path;
 * if this isolate dies first, the cron re-sends the still-unmarked rows) and hand them to the live delivery port
 * (the fast path, tens of ms instead of a queue batch window; hubs dedupe by event id). Never throws.
 */
export function publish(ctx: Ctx, pending: PendingEvent[]): void {
  if (pending.length === 0) return;
  ctx.defer(
    sendEvents(ctx.env, ctx.db, pending).catch((err) =>
      log('warn', 'event send deferred to cron', { eventIds: pending.map((p) => p.envelope.id), error: errorText(err) }),
    ),
  );
  const live = ctx.registry.live;
  if (live) ctx.defer(live.deliver(ctx.env, pending).catch((err) => log('warn', 'live delivery deferred to the queue', { error: errorText(err) })));
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A re-send gives up after this many sends of an event whose consumers never finish; it is then marked dead. */
export const MAX_SENDS = 10;

/**
 * The cron's half of the no-loss guarantee: every event not processed by its consumers within `afterMs` of its last
 * send (or of its creation, if it was never sent) is sent again, whatever lost it — a failed send, a queue that
 * dropped it, a server that stopped with it in memory. Consumers are idempotent by event id. Returns counts.
 */
export async function resendUnprocessed(ctx: Ctx, afterMs: number, max = 500): Promise<{ resent: number; dead: number }> {
  const cutoff = new Date(Date.now() - afterMs).toISOString();
  const rows = await ctx.db
    .select()
    .from(events)
    .where(and(isNull(events.processedAt), isNull(events.deadAt), lt(events.createdAt, cutoff), or(isNull(events.sentAt), lt(events.sentAt, cutoff))))
    .orderBy(events.createdAt)
    .limit(max);
  const giveUp = rows.filter((r) => r.sendAttempts >= MAX_SENDS).map((r) => r.id);
  for (let i = 0; i < giveUp.length; i += 90) {
    await ctx.db.update(events).set({ deadAt: nowIso() }).where(inArray(events.id, giveUp.slice(i, i + 90)));
  }
  const pending: PendingEvent[] = rows
    .filter((r) => r.sendAttempts < MAX_SENDS)
    .map((r) => ({
      envelope: { id: r.id, type: r.type, time: r.createdAt, companyId: r.companyId, data: r.data },
      partnerCompanyIds: r.partnerCompanyIds,
      audience: r.audience,
    }));
  for (let i = 0; i < pending.length; i += 100) await sendEvents(ctx.env, ctx.db, pending.slice(i, i + 100));
  if (giveUp.length) log('error', 'events abandoned after repeated sends', { eventIds: giveUp });
  return { resent: pending.length, dead: giveUp.length };
}

/** Called by the consumer once every handler processed the event: it is done. */
export const markEventProcessed = (db: Db, eventId: string) =>
  db.update(events).set({ processedAt: nowIso() }).where(and(eq(events.id, eventId), isNull(events.processedAt)));

/** Re-driving a dead event makes it re-sendable again (until it is processed). */
export const reviveEvent = (db: Db, eventId: string) => db.update(events).set({ deadAt: null, sendAttempts: 0 }).where(eq(events.id, eventId));

/** The outbox as an operator sees it (partial indexes keep every count cheap). */
export async function outboxBacklog(db: Db) {
  const [[waiting], [resent], [dead]] = await db.batch([
    db.select({ n: count(), oldest: min(events.createdAt) }).from(events).where(and(isNull(events.processedAt), isNull(events.deadAt))),
    db.select({ n: count() }).from(events).where(and(isNull(events.processedAt), isNull(events.deadAt), gt(events.sendAttempts, 1))),
    db.select({ n: count() }).from(events).where(isNotNull(events.deadAt)),
  ]);
  return {
    waiting: waiting?.n ?? 0,
    resent: resent?.n ?? 0,
    dead: dead?.n ?? 0,
    oldestWaitingSeconds: waiting?.oldest ? Math.round((Date.now() - Date.parse(waiting.oldest)) / 1000) : 0,
  };
}

/** Called when an event message exhausted the queue's retries: the cron stops re-sending it (staff can re-drive it). */
export const markEventDead = (db: Db, eventId: string) => db.update(events).set({ deadAt: nowIso() }).where(and(eq(events.id, eventId), isNull(events.processedAt)));

/** Sends queue messages in batches of 100 (the Queue's limit): fan-out, replays and re-drives all go through here. */
export async function enqueue(env: Env, messages: readonly QueueMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 100) {
    await env.EVENTS.sendBatch(messages.slice(i, i + 100).map((body) => ({ body, contentType: 'json' as const })));
  }
}
