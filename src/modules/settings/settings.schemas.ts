import { z } from 'zod';

export const settingsPatch = z
  .strictObject({
    serviceFeePercent: z.number({ message: 'must be a number' }).min(0, 'must be at least 0').max(100, 'must be at most 100'),
    defaultCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as EUR'),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change' });
