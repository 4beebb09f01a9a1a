import { z } from 'zod';
import { ROLES } from '../auth/roles';
import { isoTime } from '../openapi/fields';

/** A user as the API shows it: never a password hash or a token. */
export const userSchema = z
  .strictObject({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    companyId: z.uuid(),
    skills: z.array(z.string()),
    status: z.enum(['active', 'inactive']),
    createdAt: isoTime(),
    updatedAt: isoTime(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const companySchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    website: z.string().nullable(),
    createdAt: isoTime(),
    updatedAt: isoTime(),
  })
  .meta({ id: 'Company' });
export type Company = z.infer<typeof companySchema>;

/** A list of skills as input (users' skills, jobs' required skills): trimmed, deduplicated, at most 50. */
export const skillsInput = z
  .array(z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters'), { message: 'must be a list of strings' })
  .max(50, 'at most 50 skills')
  .transform((list) => [...new Set(list)]);

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ message: 'must be a valid email address' }));

export const password = z.string().min(10, 'must be at least 10 characters').max(128, 'must be at most 128 characters');

export const personName = z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters');

export const companyName = z.string().trim().min(2, 'must be at least 2 characters').max(120, 'must be at most 120 characters');
