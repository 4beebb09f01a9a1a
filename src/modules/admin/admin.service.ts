import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Caller } from '../../core/auth/caller';
import type { Ctx } from '../../core/context';
import { nowIso } from '../../core/db/columns';
import { countOf, orderOf, pageOf, windowOf } from '../../core/db/page';
import { conflict, notFound } from '../../core/errors';
import { enqueue, outboxBacklog, reviveEvent } from '../../core/events/outbox';
import type { QueueMessage } from '../../core/events/types';
import { deadLetters, type DeadLetterRow } from '../../queue/queue.table';
import type { DeadLetter, deadLetterQuery } from './admin.schemas';

const toDeadLetter = (r: DeadLetterRow): DeadLetter => ({
  id: r.id,
  queue: r.queue,
  eventId: r.eventId,
  eventType: r.eventType,
  attempts: r.attempts,
  body: r.body,
  createdAt: r.createdAt,
  redrivenAt: r.redrivenAt,
  redrivenBy: r.redrivenBy,
});

/** Dead letters of the events Queue, across tenants (staff only: a named cross-tenant read). */
export async function listDeadLetters(ctx: Ctx, q: z.output<typeof deadLetterQuery>) {
  const where = q.redriven === undefined ? undefined : q.redriven ? isNotNull(deadLetters.redrivenAt) : isNull(deadLetters.redrivenAt);
  const order = orderOf(q, { createdAt: deadLetters.createdAt }, 'createdAt', deadLetters.id);
  const page = await pageOf(ctx.db, windowOf(ctx.db.select().from(deadLetters).where(where).orderBy(...order), q), countOf(ctx.db, deadLetters, where));
  return { rows: page.rows.map(toDeadLetter), total: page.total };
}

/** Puts a dead-lettered message back on the queue (handlers are idempotent by event id, so partial effects are safe). */
export async function redrive(ctx: Ctx, caller: Caller, id: string) {
  const [row] = await ctx.db.select().from(deadLetters).where(eq(deadLetters.id, id)).limit(1);
  if (!row) throw notFound('Dead letter');
  if (row.redrivenAt) throw conflict('This message was already re-driven');
  const body = row.body as QueueMessage & { event?: { id?: string } };
  if (body.kind === 'event' && body.event?.id) await reviveEvent(ctx.db, body.event.id);
  await enqueue(ctx.env, [body]);
  const [updated] = await ctx.db
    .update(deadLetters)
    .set({ redrivenAt: nowIso(), redrivenBy: caller.id })
    .where(and(eq(deadLetters.id, row.id), isNull(deadLetters.redrivenAt)))
    .returning();
  return toDeadLetter(updated ?? row);
}

/** What the platform still owes: unprocessed events, and each module's backlog (e.g. webhook deliveries due). */
export async function backlog(ctx: Ctx) {
  const modules: Record<string, Record<string, number>> = {};
  for (const m of ctx.registry.modules) if (m.backlog) modules[m.name] = await m.backlog(ctx);
  return { events: await outboxBacklog(ctx.db), modules };
}
