import { z } from 'zod';
import { boolParam, listQuery } from '../../core/list';
import { isoTime } from '../../core/openapi/fields';

export const deadLetterQuery = listQuery(['createdAt'], { redriven: boolParam.optional() });
export const deadLetterParams = z.object({ id: z.string().min(1).max(200) });

export const deadLetterSchema = z
  .strictObject({
    id: z.string(),
    queue: z.string(),
    eventId: z.string().nullable(),
    eventType: z.string().nullable(),
    attempts: z.number().int(),
    body: z.unknown().describe('The message as it was on the queue'),
    createdAt: isoTime(),
    redrivenAt: isoTime().nullable(),
    redrivenBy: z.uuid().nullable(),
  })
  .meta({ id: 'DeadLetter' });
export type DeadLetter = z.infer<typeof deadLetterSchema>;

export const outboxSchema = z
  .strictObject({
    events: z.strictObject({
      waiting: z.number().int().describe('Events not yet processed by every consumer'),
      resent: z.number().int().describe('Of those, events the cron already had to send again'),
      dead: z.number().int().describe('Events whose consumers kept failing (see dead letters)'),
      oldestWaitingSeconds: z.number().int(),
    }),
    modules: z.record(z.string(), z.record(z.string(), z.number())).describe("Each module's own backlog (e.g. webhook deliveries due)"),
  })
  .meta({ id: 'OutboxBacklog' });
