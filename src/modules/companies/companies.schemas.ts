import { z } from 'zod';
import { listQuery } from '../../core/list';
import { companyName } from '../../core/tenancy/tenancy.schemas';
import { ratingSchema } from '../services/services.schemas';

const website = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(300).nullable();

export const companyPatch = z
  .strictObject({
    name: companyName.optional(),
    description: z.string().trim().max(5000, 'must be at most 5000 characters').optional(),
    website: website.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change' });

export const companyListQuery = listQuery(['createdAt', 'name'], { search: z.string().trim().max(100).optional() });
export const directoryQuery = listQuery(['name'], { search: z.string().trim().max(100).optional() });

export const directoryEntrySchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    partnership: z
      .strictObject({ id: z.uuid(), status: z.enum(['pending', 'active']), direction: z.enum(['sent', 'received']) })
      .nullable()
      .describe("The caller company's open partnership with this company, if any"),
    rating: ratingSchema.describe('Reviews the company received in the services marketplace'),
  })
  .meta({ id: 'DirectoryEntry' });
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;
