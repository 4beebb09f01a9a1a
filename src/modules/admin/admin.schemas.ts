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
