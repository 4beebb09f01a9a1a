import { eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context';
import { nowIso } from '../../core/db/columns';
import { events } from '../../core/events/events.table';
import { commit } from '../../core/events/outbox';
import type { EventEnvelope, QueueMessage } from '../../core/events/types';
import { log } from '../../core/logging';
import type { MessageHandler, MessageOutcome } from '../../core/module';
import { checkWebhookUrl } from './ssrf';
import { signatureHeader } from './signing';
import { webhookEvents } from './webhooks.events';
import { webhookDeliveries, webhookEndpoints, type WebhookEndpointRow } from './webhooks.table';
import { getEndpointForDelivery, secretsOf } from './webhooks.queries';

/** One delivery of one event to one endpoint (its own queue message, so a slow endpoint never delays another). */
export interface WebhookMessage extends QueueMessage {
  kind: 'webhook';
  endpointId: string;
  eventId: string;
  replay?: boolean;
}

export const TIMEOUT_MS = 15_000;
const EXCERPT_BYTES = 2048;
const FAILING_DISABLE_MS = 5 * 24 * 3600 * 1000;
/** Queues cap a retry delay at 12 hours. */
const MAX_DELAY_S = 12 * 3600;

/**
 * Svix's schedule: attempt 1 immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. After attempt n fails the
 * next waits SCHEDULE[n] seconds (±10 % jitter so that a recovering receiver is not hit by a synchronized wave).
 */
export const RETRY_SCHEDULE_S = [0, 5, 300, 1800, 7200, 18000, 36000, 36000] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_S.length;

export function retryDelaySeconds(attempt: number, random = Math.random): number {
  const base = RETRY_SCHEDULE_S[Math.min(attempt, RETRY_SCHEDULE_S.length - 1)]!;
  return Math.min(MAX_DELAY_S, Math.max(1, Math.round(base * (0.9 + random() * 0.2))));
}

/** Seconds from a Retry-After header (delta seconds or HTTP date), capped; undefined if absent or unparsable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value.trim()) : (Date.parse(value) - now) / 1000;
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(MAX_DELAY_S, Math.max(1, Math.ceil(seconds)));
}


async function readExcerpt(res: Response): Promise<string> {
  try {
    const reader = res.body?.getReader();
    if (!reader) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done || !value) break;
      chunks.push(value);
      size += value.length;
    }
    await reader.cancel().catch(() => undefined);
    const bytes = new Uint8Array(size);
    let o = 0;
    for (const c of chunks) bytes.set(c, (o += c.length) - c.length);
    return new TextDecoder().decode(bytes.slice(0, EXCERPT_BYTES));
  } catch {
    return '';
  }
}

/** Disables an endpoint and tells the company (a `webhooks.endpoint.disabled` event → notification to its admins). */
async function disableEndpoint(ctx: Ctx, endpoint: WebhookEndpointRow, reason: 'gone' | 'failing') {
  const ev = webhookEvents.event('webhooks.endpoint.disabled', endpoint.companyId, { endpointId: endpoint.id, url: endpoint.url, reason });
  await commit(ctx, [ctx.db.update(webhookEndpoints).set({ enabled: false, disabledReason: reason, updatedAt: nowIso() }).where(eq(webhookEndpoints.id, endpoint.id))], [ev]);
}

/**
 * Delivers one event to one endpoint and records the attempt. Returns whether the queue should retry (and when).
 * Exhausted messages go to the dead-letter queue, whose consumer records them as failed deliveries.
 */
export async function deliverWebhook(ctx: Ctx, msg: WebhookMessage, attempt: number): Promise<MessageOutcome> {
  const { db, config } = ctx;
  const endpoint = await getEndpointForDelivery(db, msg.endpointId);
  if (!endpoint || !endpoint.enabled) return { kind: 'done' };
  const [row] = await db.select().from(events).where(eq(events.id, msg.eventId)).limit(1);
  if (!row) {
    log('warn', 'webhook event no longer stored', { eventId: msg.eventId, endpointId: endpoint.id });
    return { kind: 'done' };
  }
  const envelope: EventEnvelope = { id: row.id, type: row.type, time: row.createdAt, companyId: row.companyId, data: row.data };
  const record = (r: { success: boolean; statusCode?: number; durationMs: number; excerpt?: string; error?: string }) =>
    db.insert(webhookDeliveries).values({
      endpointId: endpoint.id,
      companyId: endpoint.companyId,
      eventId: envelope.id,
      eventType: envelope.type,
      attempt,
      success: r.success,
      statusCode: r.statusCode ?? null,
      durationMs: r.durationMs,
      responseExcerpt: r.excerpt ?? null,
      error: r.error ?? null,
      replay: Boolean(msg.replay),
      createdAt: nowIso(),
    });

  const verdict = checkWebhookUrl(endpoint.url, { allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK });
  if (!verdict.ok) {
    await record({ success: false, durationMs: 0, error: `Blocked by the SSRF guard: URL ${verdict.reason}` });
    return { kind: 'done' };
  }

  const body = JSON.stringify(envelope);
  const timestamp = Math.floor(Date.now() / 1000);
  const started = Date.now();
  let res: Response | undefined;
  let error: string | undefined;
  try {
    res = await fetch(verdict.url.toString(), {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        ...endpoint.headers,
        'content-type': 'application/json',
        'user-agent': 'Completo-Webhooks/1.0',
        'webhook-id': envelope.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': await signatureHeader(secretsOf(endpoint), envelope.id, timestamp, body),
      },
      body,
    });
  } catch (err) {
    error = err instanceof Error && err.name === 'TimeoutError' ? `Timed out after ${TIMEOUT_MS / 1000} s` : `Network error: ${err instanceof Error ? err.message : String(err)}`;
  }
  const durationMs = Date.now() - started;
  const status = res?.status;
  const success = status !== undefined && status >= 200 && status < 300;
  const excerpt = res ? await readExcerpt(res) : undefined;
  if (!success && !error && status !== undefined) error = status >= 300 && status < 400 ? `Redirect (${status}) not followed` : `HTTP ${status}`;
  await record({ success, durationMs, ...(status !== undefined ? { statusCode: status } : {}), ...(excerpt !== undefined ? { excerpt } : {}), ...(error ? { error } : {}) });

  if (success) {
    if (endpoint.failingSince) await db.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id));
    return { kind: 'done' };
  }
  if (status === 410) {
    await disableEndpoint(ctx, endpoint, 'gone');
    return { kind: 'done' };
  }
  const failingSince = endpoint.failingSince ?? nowIso();
  if (!endpoint.failingSince) await db.update(webhookEndpoints).set({ failingSince }).where(eq(webhookEndpoints.id, endpoint.id));
  if (Date.now() - Date.parse(failingSince) >= FAILING_DISABLE_MS) {
    await disableEndpoint(ctx, endpoint, 'failing');
    return { kind: 'done' };
  }
  const hinted = status === 429 || status === 503 ? parseRetryAfter(res?.headers.get('retry-after') ?? null) : undefined;
  // WEBHOOK_RETRY_SCALE compresses the schedule for local benchmarks only; production config never sets it.
  const scale = config.WEBHOOK_RETRY_SCALE ?? 1;
  const delay = hinted ?? retryDelaySeconds(attempt);
  return { kind: 'retry', delaySeconds: scale < 1 ? Math.max(1, Math.round(delay * scale)) : delay };
}

/** A webhook message that exhausted its retries shows up in the endpoint's delivery log as a final failure. */
export async function recordExhaustedDelivery({ db }: Ctx, msg: WebhookMessage) {
  const endpoint = await getEndpointForDelivery(db, msg.endpointId);
  if (!endpoint) return;
  const [row] = await db.select({ type: events.type }).from(events).where(eq(events.id, msg.eventId)).limit(1);
  await db.insert(webhookDeliveries).values({
    endpointId: endpoint.id,
    companyId: endpoint.companyId,
    eventId: msg.eventId,
    eventType: row?.type ?? 'unknown',
    attempt: MAX_ATTEMPTS,
    success: false,
    statusCode: null,
    durationMs: 0,
    error: `Retries exhausted after ${MAX_ATTEMPTS} attempts; moved to the dead-letter queue (replay it from here)`,
    replay: Boolean(msg.replay),
    createdAt: nowIso(),
  });
}

/** The `webhook` queue message kind: one delivery attempt; exhausted ones are recorded as failed deliveries. */
export const webhookDelivery: MessageHandler = {
  kind: 'webhook',
  handle: (message, ctx, attempts) => deliverWebhook(ctx, message as WebhookMessage, attempts),
  deadLettered: (message, ctx) => recordExhaustedDelivery(ctx, message as WebhookMessage),
};
