import { app } from './app';
import { createCtx } from './core/context';
import { resendUnprocessed } from './core/events/outbox';
import type { QueueMessage } from './core/events/types';
import { log } from './core/logging';
import { registry } from './modules';
import { consumeEvents } from './queue/consumer';
import { consumeDeadLetters } from './queue/dead-letters';
import { pruneProcessedEvents } from './queue/idempotency';

export { RateLimiter } from './core/http/rate-limit';
export { CompanyHub } from './realtime/hub';

export default {
  fetch: app.fetch,
  async queue(batch, env, ctx) {
    const context = createCtx(env, registry, (work) => ctx.waitUntil(work));
    if (batch.queue.endsWith('-dlq')) await consumeDeadLetters(batch, context);
    else await consumeEvents(batch as MessageBatch<QueueMessage>, context);
  },
  /** The per-minute cron: the outbox re-send and pruning, then every module's scheduled work (one failing does not stop the others). */
  async scheduled(_controller, env, ctx) {
    const context = createCtx(env, registry, (work) => ctx.waitUntil(work));
    const counts: Record<string, number> = { ...(await resendUnprocessed(context, context.config.OUTBOX_RESEND_AFTER_S * 1000)) };
    await pruneProcessedEvents(context.db);
    for (const task of registry.cron) {
      try {
        for (const [k, v] of Object.entries((await task.run(context)) ?? {})) counts[`${task.module}.${k}`] = v;
      } catch (err) {
        log('error', 'scheduled work failed', { module: task.module, error: err instanceof Error ? err.message : String(err) });
      }
    }
    if (Object.values(counts).some((n) => n > 0)) log('info', 'scheduled work', counts);
  },
} satisfies ExportedHandler<Env>;
