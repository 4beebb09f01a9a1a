import { z } from 'zod';
import { boolParam, listQuery } from '../../core/list';
import { instant, isoTime } from '../../core/openapi/fields';
import { ERROR_KINDS } from './webhooks.table';

/** Headers a subscriber may not set: they carry the signature and the body's framing. */
const RESERVED_HEADERS = new Set(['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type', 'content-length', 'host', 'user-agent', 'transfer-encoding', 'connection']);

/** Event types to subscribe to, or ["*"]; the service checks each name against the modules' event list. */
const events = z
  .array(z.string().max(100), { message: 'must be a list of event types' })
  .min(1, 'must list at least one event type, or "*" for all')
  .max(60, 'must list at most 60 event types')
  .refine((list) => !list.includes('*') || list.length === 1, '"*" must be the only entry when used')
  .transform((list) => [...new Set(list)]);

const headers = z
  .record(
    z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'header names must be HTTP tokens'),
    z.string().max(1000, 'header values must be at most 1000 characters').regex(/^[^\r\n]*$/, 'header values must be one line'),
  )
  .refine((h) => Object.keys(h).length <= 10, 'at most 10 custom headers')
  .refine((h) => Object.keys(h).every((k) => !RESERVED_HEADERS.has(k.toLowerCase())), 'must not override webhook-*, content-type, host or user-agent');

const url = z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters');
const description = z.string().trim().max(500, 'must be at most 500 characters');

export const endpointCreate = z.strictObject({ url, events, description: description.default(''), headers: headers.default({}) });

export const endpointPatch = z
  .strictObject({ url, events, description, headers, enabled: z.boolean({ message: 'must be true or false' }) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change' });

export const endpointListQuery = listQuery(['createdAt', 'url'], { enabled: boolParam.optional() });

export const deliveryListQuery = listQuery(['createdAt'], {
  eventId: z.uuid({ message: 'must be an event id (UUID)' }).optional(),
  success: boolParam.optional(),
});

export const companyDeliveryQuery = listQuery(['createdAt'], {
  eventId: z.uuid({ message: 'must be an event id (UUID)' }),
});

export const deliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });

export const replayFailedBody = z
  .strictObject({
    since: instant(),
    until: instant().optional(),
  })
  .refine((v) => !v.until || v.until > v.since, { message: 'until must be after since', path: ['until'] });

export const endpointSchema = z
  .strictObject({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.string()),
    description: z.string(),
    headers: z.record(z.string(), z.string()),
    enabled: z.boolean(),
    disabledReason: z.enum(['gone', 'failing', 'manual']).nullable(),
    failingSince: isoTime().nullable(),
    createdAt: isoTime(),
    updatedAt: isoTime(),
  })
  .meta({ id: 'WebhookEndpoint' });
export type Endpoint = z.infer<typeof endpointSchema>;

export const createdEndpointSchema = endpointSchema.extend({ secret: z.string().describe('whsec_… — shown only here and by rotate-secret') });

export const deliverySchema = z
  .strictObject({
    id: z.uuid(),
    endpointId: z.uuid(),
    eventId: z.uuid(),
    eventType: z.string(),
    attempt: z.number().int(),
    success: z.boolean(),
    statusCode: z.number().int().nullable(),
    durationMs: z.number().int(),
    responseExcerpt: z.string().nullable(),
    error: z.string().nullable(),
    errorKind: z
      .enum(ERROR_KINDS)
      .nullable()
      .describe('network | timeout | http (non-2xx) | redirect | blocked (SSRF guard) | exhausted | interrupted (no outcome yet, or the server stopped)'),
    nextRetryAt: isoTime().nullable().describe('When the next attempt is due, if another follows this failure'),
    replay: z.boolean(),
    createdAt: isoTime(),
  })
  .meta({ id: 'WebhookDelivery' });
export type Delivery = z.infer<typeof deliverySchema>;

export const eventTypeSchema = z
  .strictObject({ type: z.string(), module: z.string(), audience: z.enum(['company', 'admins', 'users']), description: z.string() })
  .meta({ id: 'EventType' });
export const rotatedSchema = z.strictObject({ secret: z.string(), previousSecretExpiresAt: isoTime() });
export const testSentSchema = z.strictObject({ eventId: z.uuid(), eventType: z.literal('webhooks.test'), queued: z.literal(true) });
export const replayedSchema = deliverySchema.extend({ replayQueued: z.literal(true) });
export const replayedFailedSchema = z.strictObject({ queued: z.number().int(), eventIds: z.array(z.uuid()) });
