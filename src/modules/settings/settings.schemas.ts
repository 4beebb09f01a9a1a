import { z } from 'zod';
import { isoTime } from '../../core/openapi/fields';

export const settingsPatch = z
  .strictObject({
    serviceFeePercent: z.number({ message: 'must be a number' }).min(0, 'must be at least 0').max(50, 'must be at most 50'),
    defaultCurrency: z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as EUR'),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change' });

export const settingsSchema = z
  .strictObject({
    serviceFeePercent: z.number().describe('The platform fee taken on service engagements, in percent.'),
    defaultCurrency: z.string(),
    updatedAt: isoTime().nullable(),
    updatedBy: z.uuid().nullable(),
  })
  .meta({ id: 'Settings' });
export type Settings = z.infer<typeof settingsSchema>;
