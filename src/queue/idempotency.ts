import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../core/env';
import { nowIso } from '../core/db/columns';
import { processedEvents } from './queue.table';

export async function alreadyProcessed(db: Db, handler: string, eventId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: processedEvents.eventId })
    .from(processedEvents)
    .where(and(eq(processedEvents.handler, handler), eq(processedEvents.eventId, eventId)))
    .limit(1);
  return Boolean(row);
}

/** The marker to put in the same batch as a handler's writes; a second attempt fails the batch and changes nothing. */
export const markProcessed = (db: Db, handler: string, eventId: string) =>
  db.insert(processedEvents).values({ handler, eventId, processedAt: nowIso() });

/** Markers older than the Queue's longest retry horizon (a week here) can no longer prevent a duplicate. */
export const pruneProcessedEvents = (db: Db, now = Date.now()) =>
  db.delete(processedEvents).where(lt(processedEvents.processedAt, new Date(now - 7 * 24 * 3600 * 1000).toISOString()));
