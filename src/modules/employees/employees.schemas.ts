import { z } from 'zod';
import { ROLES } from '../../core/auth/roles';
import { listQuery, csvEnum } from '../../core/list';

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ message: 'must be a valid email address' }));

export const password = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(128, 'must be at most 128 characters');

export const personName = z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters');

export const skills = z
  .array(z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters'), {
    message: 'must be a list of strings',
  })
  .max(50, 'at most 50 skills')
  .transform((list) => [...new Set(list)]);

export const employeeCreate = z.strictObject({
  name: personName,
  email,
  password,
  role: z.enum(ROLES, { message: `must be one of: ${ROLES.join(', ')}` }),
  skills: skills.optional(),
});

export const employeePatch = z
  .strictObject({
    name: personName.optional(),
    role: z.enum(ROLES, { message: `must be one of: ${ROLES.join(', ')}` }).optional(),
    skills: skills.optional(),
    status: z.enum(['active', 'inactive'], { message: 'must be active or inactive' }).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change' });

export const employeeListQuery = listQuery(['createdAt', 'name', 'email'], {
  status: csvEnum(['active', 'inactive']).optional(),
  role: csvEnum(ROLES).optional(),
  search: z.string().trim().max(100).optional(),
});
