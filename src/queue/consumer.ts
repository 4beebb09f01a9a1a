import { createDb } from '../core/db/client';
import type { Db } from '../core/env';
import type { EventMessage } from '../core/events/types';
import { log } from '../core/logging';
import { EVENT_HANDLERS } from './handlers';

/** Exponential backoff for a failed message: 2, 4, 8 … seconds, capped at 5 minutes. */
export const backoffSeconds = (attempts: number) => Math.min(300, 2 ** Math.max(1, attempts));

export interface HandlerContext {
  env: Env;
  db: Db;
}

/**
 * Dispatches each event to every handler subscribed to its type. Handlers are idempotent by event id, so a message
 * retried after a partial failure re-runs all of them safely. Each message is acked or retried on its own.
 */
export async function consumeEvents(batch: MessageBatch<EventMessage>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  for (const message of batch.messages) {
    const body = message.body;
    try {
      if (body?.kind !== 'event') throw new Error('Unknown message kind');
      for (const handler of EVENT_HANDLERS) {
        if (handler.matches(body.event.type)) await handler.handle(body, { env, db });
      }
      message.ack();
    } catch (err) {
      log('warn', 'event handler failed; will retry', {
        messageId: message.id,
        eventId: body?.event?.id,
        attempts: message.attempts,
        error: err instanceof Error ? err.message : String(err),
      });
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}
