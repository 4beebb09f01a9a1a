import { z } from 'zod';
import { listQuery } from '../../core/list';

export const companyName = z.string().trim().min(2, 'must be at least 2 characters').max(120, 'must be at most 120 characters');

const website = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(300)
  .nullable();

export const companyPatch = z
  .strictObject({
    name: companyName.optional(),
    description: z.string().trim().max(5000, 'must be at most 5000 characters').optional(),
    website: website.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change' });

export const companyListQuery = listQuery(['createdAt', 'name'], { search: z.string().trim().max(100).optional() });
export const directoryQuery = listQuery(['name'], { search: z.string().trim().max(100).optional() });
