import type { Ctx } from '../core/context';
import { markEventProcessed } from '../core/events/outbox';
import type { EventMessage, QueueMessage } from '../core/events/types';
import { log } from '../core/logging';

/** Exponential backoff for a failed event handler: 2, 4, 8 … seconds, capped at 5 minutes. */
export const backoffSeconds = (attempts: number) => Math.min(300, 2 ** Math.max(1, attempts));

/** Messages published before events carried an audience are company-wide, as they were then. */
const asEvent = (body: EventMessage): EventMessage => ({ ...body, partnerCompanyIds: body.partnerCompanyIds ?? [], audience: body.audience ?? { kind: 'company' } });

async function process(message: Message<QueueMessage>, ctx: Ctx): Promise<void> {
  const body = message.body;
  try {
    if (body?.kind === 'event') {
      const event = asEvent(body as EventMessage);
      for (const handler of ctx.registry.handlers) {
        if (handler.matches(event.event.type)) await handler.handle(event, ctx);
      }
      // Done only now: until this is written, the cron keeps re-sending the event (see resendUnprocessed).
      await markEventProcessed(ctx.db, event.event.id);
      return message.ack();
    }
    const handler = body && ctx.registry.messages.get(body.kind);
    if (!handler) throw new Error(`Unknown message kind ${String(body?.kind)}`);
    const outcome = await handler.handle(body, ctx, message.attempts);
    return outcome.kind === 'retry' ? message.retry({ delaySeconds: outcome.delaySeconds }) : message.ack();
  } catch (err) {
    const ref = body as { event?: { id?: string }; eventId?: string } | undefined;
    log('warn', 'queue message failed; will retry', {
      messageId: message.id,
      kind: body?.kind,
      eventId: ref?.event?.id ?? ref?.eventId,
      attempts: message.attempts,
      error: err instanceof Error ? err.message : String(err),
    });
    message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  }
}

/**
 * Events go to every module handler subscribed to their type (each idempotent by event id); other kinds go to the
 * module that declared them. Messages of a batch run concurrently and are acked or retried on their own, so one slow
 * or failing endpoint never delays the others.
 */
export async function consumeEvents(batch: MessageBatch<QueueMessage>, ctx: Ctx): Promise<void> {
  await Promise.all(batch.messages.map((m) => process(m, ctx)));
}
