import type { Ctx } from '../core/context';
import { nowIso } from '../core/db/columns';
import { markEventDead } from '../core/events/outbox';
import type { QueueMessage } from '../core/events/types';
import { log } from '../core/logging';
import { deadLetters } from './queue.table';

/**
 * The dead-letter queue's consumer: every message that exhausted its retries is recorded where an operator can see
 * it (`GET /api/v1/admin/dead-letters`) and re-drive it, and the module that owns its kind records what it means
 * (e.g. a failed webhook delivery). Recording is idempotent by message id.
 */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, ctx: Ctx): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body as (QueueMessage & { event?: { id?: string; type?: string }; eventId?: string }) | undefined;
    try {
      await ctx.db
        .insert(deadLetters)
        .values({
          id: message.id,
          queue: batch.queue,
          messageId: message.id,
          body: message.body,
          eventId: body?.event?.id ?? body?.eventId ?? null,
          eventType: body?.event?.type ?? (body?.kind && body.kind !== 'event' ? `${body.kind} message` : null),
          attempts: message.attempts,
          createdAt: nowIso(),
        })
        .onConflictDoNothing();
      if (body?.kind === 'event' && body.event?.id) await markEventDead(ctx.db, body.event.id);
      const owner = body?.kind ? ctx.registry.messages.get(body.kind) : undefined;
      if (owner?.deadLettered) await owner.deadLettered(body!, ctx);
      log('error', 'message dead-lettered', { messageId: message.id, eventId: body?.event?.id ?? body?.eventId, eventType: body?.event?.type });
      message.ack();
    } catch (err) {
      log('error', 'could not record dead letter', { messageId: message.id, error: err instanceof Error ? err.message : String(err) });
      message.retry();
    }
  }
}
