import { and, asc, count, desc, eq, isNull, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { authenticate, requirePermission } from '../../core/auth/middleware';
import { nowIso } from '../../core/db/columns';
import { list, ok } from '../../core/envelope';
import { conflict, notFound } from '../../core/errors';
import { boolParam, listQuery, offsetOf, pageMeta } from '../../core/list';
import { createRouter } from '../../core/router';
import { validate } from '../../core/validation';
import { deadLetters, type DeadLetterRow } from '../../queue/queue.table';

const toDeadLetter = (r: DeadLetterRow) => ({
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

const deadLetterQuery = listQuery(['createdAt'], { redriven: boolParam.optional() });

/** Platform operations (staff only): dead letters of the events Queue, and re-driving them. */
export const adminRoutes = createRouter()
  .use(authenticate, requirePermission('admin:operate'))
  .get('/dead-letters', validate('query', deadLetterQuery), async (c) => {
    const { db } = c.var;
    const q = c.req.valid('query');
    const where = q.redriven === undefined ? undefined : q.redriven ? isNotNull(deadLetters.redrivenAt) : isNull(deadLetters.redrivenAt);
    const [rows, [total]] = await db.batch([
      db
        .select()
        .from(deadLetters)
        .where(where)
        .orderBy(q.sortOrder === 'asc' ? asc(deadLetters.createdAt) : desc(deadLetters.createdAt), asc(deadLetters.id))
        .limit(q.limit)
        .offset(offsetOf(q.page, q.limit)),
      db.select({ n: count() }).from(deadLetters).where(where),
    ]);
    return list(c, rows.map(toDeadLetter), pageMeta(total?.n ?? 0, q.page, q.limit));
  })
  .post('/dead-letters/:id/redrive', validate('param', z.object({ id: z.string().min(1).max(200) })), async (c) => {
    const { db, user } = c.var;
    const [row] = await db.select().from(deadLetters).where(eq(deadLetters.id, c.req.valid('param').id)).limit(1);
    if (!row) throw notFound('Dead letter');
    if (row.redrivenAt) throw conflict('This message was already re-driven');
    // Handlers are idempotent by event id, so re-driving a message whose effects partly happened is safe.
    await c.env.EVENTS.send(row.body, { contentType: 'json' });
    const [updated] = await db
      .update(deadLetters)
      .set({ redrivenAt: nowIso(), redrivenBy: user.id })
      .where(and(eq(deadLetters.id, row.id), isNull(deadLetters.redrivenAt)))
      .returning();
    return ok(c, toDeadLetter(updated ?? row));
  });
