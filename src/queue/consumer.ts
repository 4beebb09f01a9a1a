import { createDb } from '../core/db/client';
import type { Db } from '../core/env';
import type { QueueMessage } from '../core/events/types';
import { log } from '../core/logging';
import { deliverWebhook } from '../modules/webhooks/webhooks.delivery';
import { EVENT_HANDLERS } from './handlers';

/** Exponential backoff for a failed event handler: 2, 4, 8 … seconds, capped at 5 minutes. */
export const backoffSeconds = (attempts: number) => Math.min(300, 2 ** Math.max(1, attempts));

export interface HandlerContext {
  env: Env;
  db: Db;
}

async function process(message: Message<QueueMessage>, env: Env, db: Db): Promise<void> {
  const body = message.body;
  try {
    if (body?.kind === 'event') {
      for (const handler of EVENT_HANDLERS) {
        if (handler.matches(body.event.type)) await handler.handle(body, { env, db });
      }
      return message.ack();
    }
    if (body?.kind === 'webhook') {
      const outcome = await deliverWebhook(env, db, body, message.attempts);
      return outcome.kind === 'retry' ? message.retry({ delaySeconds: outcome.delaySeconds }) : message.ack();
    }
    throw new Error('Unknown message kind');
  } catch (err) {
    log('warn', 'queue message failed; will retry', {
      messageId: message.id,
      kind: body?.kind,
      eventId: body?.kind === 'event' ? body.event?.id : body?.eventId,
      attempts: message.attempts,
      error: err instanceof Error ? err.message : String(err),
    });
    message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  }
}

/**
 * Events go to every handler subscribed to their type (each idempotent by event id); webhook messages are one
 * delivery each. Messages of a batch run concurrently and are acked or retried on their own, so one slow or failing
 * endpoint never delays the others.
 */
export async function consumeEvents(batch: MessageBatch<QueueMessage>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  await Promise.all(batch.messages.map((m) => process(m, env, db)));
}
