import { and, count, eq, lt, min, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context';
import { nowIso } from '../../core/db/columns';
import { events } from '../../core/events/events.table';
import { commit, enqueue } from '../../core/events/outbox';
import type { EventEnvelope, QueueMessage } from '../../core/events/types';
import { log } from '../../core/logging';
import type { MessageHandler, MessageOutcome } from '../../core/module';
import { checkWebhookUrl } from './ssrf';
import { signatureHeader } from './signing';
import { webhookEvents } from './webhooks.events';
import { webhookDeliveries, webhookDue, webhookEndpoints, type DeliveryErrorKind, type WebhookDueRow, type WebhookEndpointRow } from './webhooks.table';
import { getEndpointForDelivery, secretsOf } from './webhooks.queries';

/**
 * A wake-up for one (endpoint, event) pair (its own queue message, so a slow endpoint never delays another); what is
 * owed lives in `webhook_due`. `replay` only matters for messages sent before due rows existed.
 */
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

type Attempt = { success: boolean; statusCode?: number; durationMs: number; excerpt?: string; error?: string; errorKind?: DeliveryErrorKind; nextRetryAt?: string };

/** The due row of (endpoint, event); a wake-up for a pair without one (sent before due rows existed) creates it. */
async function dueRow(ctx: Ctx, msg: WebhookMessage, companyId: string): Promise<WebhookDueRow> {
  const key = and(eq(webhookDue.endpointId, msg.endpointId), eq(webhookDue.eventId, msg.eventId));
  const [row] = await ctx.db.select().from(webhookDue).where(key).limit(1);
  if (row) return row;
  const now = nowIso();
  await ctx.db
    .insert(webhookDue)
    .values({ endpointId: msg.endpointId, eventId: msg.eventId, companyId, nextAttemptAt: now, replay: Boolean(msg.replay), createdAt: now, updatedAt: now })
    .onConflictDoNothing();
  const [created] = await ctx.db.select().from(webhookDue).where(key).limit(1);
  return created!;
}

const settle = (ctx: Ctx, due: { endpointId: string; eventId: string }, set: Partial<WebhookDueRow>) =>
  ctx.db
    .update(webhookDue)
    .set({ ...set, updatedAt: nowIso() })
    .where(and(eq(webhookDue.endpointId, due.endpointId), eq(webhookDue.eventId, due.eventId)));

/** Words a person understands for a failed request (workerd's own text, e.g. "internal error; reference = …", is not). */
function networkError(err: unknown): { error: string; errorKind: DeliveryErrorKind } {
  if (err instanceof Error && err.name === 'TimeoutError') return { errorKind: 'timeout', error: `No answer within ${TIMEOUT_MS / 1000} s` };
  const detail = err instanceof Error ? err.message : String(err);
  const plain = /refused/i.test(detail)
    ? 'the connection was refused'
    : /resolve|ENOTFOUND|dns/i.test(detail)
      ? 'the host name could not be resolved'
      : /tls|ssl|certificate/i.test(detail)
        ? 'the TLS handshake failed'
        : 'the connection failed';
  return { errorKind: 'network', error: `Could not reach the receiver: ${plain}` };
}

/**
 * One delivery attempt of one event to one endpoint. The due row decides whether there is anything to do (a
 * delivered or abandoned pair is skipped, so a duplicate wake-up is harmless), the attempt is logged before the
 * request leaves and completed after, and the outcome moves the due row on. Returns whether the queue should retry.
 */
export async function deliverWebhook(ctx: Ctx, msg: WebhookMessage, queueAttempts: number): Promise<MessageOutcome> {
  const { db, config } = ctx;
  const endpoint = await getEndpointForDelivery(db, msg.endpointId);
  if (!endpoint) return { kind: 'done' };
  const due = await dueRow(ctx, msg, endpoint.companyId);
  if (due.state !== 'due') return { kind: 'done' };
  if (!endpoint.enabled) {
    await settle(ctx, due, { state: 'abandoned' });
    return { kind: 'done' };
  }
  const [row] = await db.select().from(events).where(eq(events.id, msg.eventId)).limit(1);
  if (!row) {
    log('warn', 'webhook event no longer stored', { eventId: msg.eventId, endpointId: endpoint.id });
    await settle(ctx, due, { state: 'abandoned' });
    return { kind: 'done' };
  }
  // Attempts survive re-sent wake-ups (the queue's count restarts), and a queue retry never counts less.
  const attempt = Math.max(due.attempts + 1, queueAttempts);
  const envelope: EventEnvelope = { id: row.id, type: row.type, time: row.createdAt, companyId: row.companyId, data: row.data };
  const logId = crypto.randomUUID();
  const record = (r: Attempt) => ({
    success: r.success,
    statusCode: r.statusCode ?? null,
    durationMs: r.durationMs,
    responseExcerpt: r.excerpt ?? null,
    error: r.error ?? null,
    errorKind: r.errorKind ?? null,
    nextRetryAt: r.nextRetryAt ?? null,
  });
  const begin = (r: Attempt) =>
    db.insert(webhookDeliveries).values({
      id: logId,
      endpointId: endpoint.id,
      companyId: endpoint.companyId,
      eventId: envelope.id,
      eventType: envelope.type,
      attempt,
      replay: due.replay,
      createdAt: nowIso(),
      ...record(r),
    });
  const finish = (r: Attempt) => db.update(webhookDeliveries).set(record(r)).where(eq(webhookDeliveries.id, logId));

  const verdict = checkWebhookUrl(endpoint.url, { allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK });
  if (!verdict.ok) {
    await db.batch([begin({ success: false, durationMs: 0, errorKind: 'blocked', error: `Blocked by the SSRF guard: URL ${verdict.reason}` }), settle(ctx, due, { state: 'abandoned', attempts: attempt })]);
    return { kind: 'done' };
  }

  const body = JSON.stringify(envelope);
  const timestamp = Math.floor(Date.now() / 1000);
  // Logged before the request leaves: if the server stops while the receiver holds it, the log still shows it.
  await begin({ success: false, durationMs: 0, errorKind: 'interrupted', error: 'No outcome yet: the request is in flight, or the server stopped before the answer came (it will be retried)' });
  const started = Date.now();
  let res: Response | undefined;
  let failure: { error: string; errorKind: DeliveryErrorKind } | undefined;
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
    failure = networkError(err);
  }
  const durationMs = Date.now() - started;
  const status = res?.status;
  const success = status !== undefined && status >= 200 && status < 300;
  const excerpt = res ? await readExcerpt(res) : undefined;
  if (!success && !failure && status !== undefined) {
    failure = status >= 300 && status < 400 ? { errorKind: 'redirect', error: `Redirect (${status}) not followed` } : { errorKind: 'http', error: `HTTP ${status}` };
  }
  const outcome: Attempt = { success, durationMs, ...(status !== undefined ? { statusCode: status } : {}), ...(excerpt !== undefined ? { excerpt } : {}), ...failure };

  if (success) {
    await db.batch([finish(outcome), settle(ctx, due, { state: 'delivered', attempts: attempt }), ...(endpoint.failingSince ? [db.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id))] : [])]);
    return { kind: 'done' };
  }
  const failingSince = endpoint.failingSince ?? nowIso();
  const gone = status === 410;
  const failedTooLong = Date.now() - Date.parse(failingSince) >= FAILING_DISABLE_MS;
  if (gone || failedTooLong || attempt >= MAX_ATTEMPTS) {
    const last = attempt >= MAX_ATTEMPTS && !gone && !failedTooLong ? { error: `${outcome.error}; retries exhausted after ${MAX_ATTEMPTS} attempts (replay it from here)` } : {};
    await db.batch([finish({ ...outcome, ...last }), settle(ctx, due, { state: 'abandoned', attempts: attempt })]);
    if (gone || failedTooLong) await disableEndpoint(ctx, endpoint, gone ? 'gone' : 'failing');
    return { kind: 'done' };
  }
  const hinted = status === 429 || status === 503 ? parseRetryAfter(res?.headers.get('retry-after') ?? null) : undefined;
  // WEBHOOK_RETRY_SCALE compresses the schedule for local benchmarks only; production config never sets it.
  const scale = config.WEBHOOK_RETRY_SCALE ?? 1;
  const base = hinted ?? retryDelaySeconds(attempt);
  const delaySeconds = scale < 1 ? Math.max(1, Math.round(base * scale)) : base;
  const nextRetryAt = new Date(Date.now() + delaySeconds * 1000).toISOString();
  await db.batch([
    finish({ ...outcome, nextRetryAt }),
    settle(ctx, due, { attempts: attempt, nextAttemptAt: nextRetryAt }),
    ...(endpoint.failingSince ? [] : [db.update(webhookEndpoints).set({ failingSince }).where(eq(webhookEndpoints.id, endpoint.id))]),
  ]);
  return { kind: 'retry', delaySeconds };
}

/** A webhook message that exhausted the queue's retries: the pair is abandoned and the log shows a final failure. */
export async function recordExhaustedDelivery(ctx: Ctx, msg: WebhookMessage) {
  const { db } = ctx;
  const endpoint = await getEndpointForDelivery(db, msg.endpointId);
  if (!endpoint) return;
  const [row] = await db.select({ type: events.type }).from(events).where(eq(events.id, msg.eventId)).limit(1);
  const due = await dueRow(ctx, msg, endpoint.companyId);
  await db.batch([
    db.insert(webhookDeliveries).values({
      endpointId: endpoint.id,
      companyId: endpoint.companyId,
      eventId: msg.eventId,
      eventType: row?.type ?? 'unknown',
      attempt: Math.max(MAX_ATTEMPTS, due.attempts),
      success: false,
      statusCode: null,
      durationMs: 0,
      errorKind: 'exhausted',
      error: `Retries exhausted after ${MAX_ATTEMPTS} attempts; moved to the dead-letter queue (replay it from here)`,
      replay: due.replay,
      createdAt: nowIso(),
    }),
    settle(ctx, due, { state: 'abandoned' }),
  ]);
}

/** The `webhook` queue message kind: one delivery attempt; exhausted ones are recorded as failed deliveries. */
export const webhookDelivery: MessageHandler = {
  kind: 'webhook',
  handle: (message, ctx, attempts) => deliverWebhook(ctx, message as WebhookMessage, attempts),
  deadLettered: (message, ctx) => recordExhaustedDelivery(ctx, message as WebhookMessage),
};

/** Due pairs whose wake-up should have come by now (lost by the queue, or the server stopped): wake them again. */
export async function wakeOverdue(ctx: Ctx, graceMs: number, max = 500): Promise<number> {
  const cutoff = new Date(Date.now() - graceMs).toISOString();
  const rows = await ctx.db
    .select({ endpointId: webhookDue.endpointId, eventId: webhookDue.eventId })
    .from(webhookDue)
    .where(and(eq(webhookDue.state, 'due'), lt(webhookDue.nextAttemptAt, cutoff)))
    .orderBy(webhookDue.nextAttemptAt)
    .limit(max);
  if (rows.length === 0) return 0;
  const now = nowIso();
  for (let i = 0; i < rows.length; i += 50) {
    const chunk = rows.slice(i, i + 50);
    await ctx.db
      .update(webhookDue)
      .set({ nextAttemptAt: now, updatedAt: now })
      .where(and(eq(webhookDue.state, 'due'), sql`(${webhookDue.endpointId}, ${webhookDue.eventId}) IN (${sql.join(chunk.map((r) => sql`(${r.endpointId}, ${r.eventId})`), sql`, `)})`));
  }
  await enqueue(ctx.env, rows.map((r): WebhookMessage => ({ kind: 'webhook', ...r })));
  return rows.length;
}

/** Deliveries still owed (and how late the oldest is): the webhooks part of `GET /api/v1/admin/outbox`. */
export async function deliveryBacklog(ctx: Ctx) {
  const overdueBefore = new Date(Date.now() - ctx.config.OUTBOX_RESEND_AFTER_S * 1000).toISOString();
  const [[due], [overdue]] = await ctx.db.batch([
    ctx.db.select({ n: count(), oldest: min(webhookDue.nextAttemptAt) }).from(webhookDue).where(eq(webhookDue.state, 'due')),
    ctx.db.select({ n: count() }).from(webhookDue).where(and(eq(webhookDue.state, 'due'), lt(webhookDue.nextAttemptAt, overdueBefore))),
  ]);
  return {
    due: due?.n ?? 0,
    overdue: overdue?.n ?? 0,
    oldestDueSeconds: due?.oldest ? Math.max(0, Math.round((Date.now() - Date.parse(due.oldest)) / 1000)) : 0,
  };
}
