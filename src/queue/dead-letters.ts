import type { Db } from '../core/env';
import { nowIso } from '../core/db/columns';
import { createDb } from '../core/db/client';
import type { QueueMessage, WebhookMessage } from '../core/events/types';
import { recordExhaustedDelivery } from '../modules/webhooks/webhooks.delivery';
import { log } from '../core/logging';
import { deadLetters } from './queue.table';

/**
 * The dead-letter queue's consumer: every message that exhausted its retries is recorded where an operator can see
 * it (`GET /api/v1/admin/dead-letters`) and re-drive it. Recording is idempotent by message id.
 */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db: Db = createDb(env.DB);
  for (const message of batch.messages) {
    try {
      const body = message.body as Partial<QueueMessage> & { event?: { id?: string; type?: string }; eventId?: string };
      await db
        .insert(deadLetters)
        .values({
          id: message.id,
          queue: batch.queue,
          messageId: message.id,
          body: message.body,
          eventId: body?.event?.id ?? body?.eventId ?? null,
          eventType: body?.event?.type ?? (body?.kind === 'webhook' ? 'webhook delivery' : null),
          attempts: message.attempts,
          createdAt: nowIso(),
        })
        .onConflictDoNothing();
      if (body?.kind === 'webhook') await recordExhaustedDelivery(db, body as WebhookMessage);
      log('error', 'message dead-lettered', { messageId: message.id, eventId: body?.event?.id, eventType: body?.event?.type });
      message.ack();
    } catch (err) {
      log('error', 'could not record dead letter', { messageId: message.id, error: err instanceof Error ? err.message : String(err) });
      message.retry();
    }
  }
}
