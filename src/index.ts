import { app } from './app';
import { createDb } from './core/db/client';
import { resendUnsent } from './core/events/publish';
import type { QueueMessage } from './core/events/types';
import { log } from './core/logging';
import { consumeEvents } from './queue/consumer';
import { consumeDeadLetters } from './queue/dead-letters';
import { pruneLoginFailures } from './modules/auth/auth.queries';
import { pruneProcessedEvents } from './queue/idempotency';
import { pruneDeliveries } from './modules/webhooks/webhooks.queries';

export { CompanyHub } from './realtime/hub';

export default {
  fetch: app.fetch,
  async queue(batch, env, _ctx) {
    if (batch.queue.endsWith('-dlq')) await consumeDeadLetters(batch, env);
    else await consumeEvents(batch as MessageBatch<QueueMessage>, env);
  },
  async scheduled(_controller, env, _ctx) {
    const db = createDb(env.DB);
    const resent = await resendUnsent(env, db);
    await pruneLoginFailures(db);
    await pruneProcessedEvents(db);
    await pruneDeliveries(db);
    if (resent > 0) log('info', 'outbox re-sent', { resent });
  },
} satisfies ExportedHandler<Env>;
