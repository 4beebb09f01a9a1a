import { z } from 'zod';
import { ROLES } from '../../core/auth/roles';
import { listQuery, csvEnum } from '../../core/list';
import { email, password, personName, skillsInput } from '../../core/tenancy/tenancy.schemas';

const skills = skillsInput;

const role = z.enum(ROLES, { message: `must be one of: ${ROLES.join(', ')}` });

export const employeeCreate = z.strictObject({ name: personName, email, password, role, skills: skills.optional() });

export const employeePatch = z
  .strictObject({
    name: personName.optional(),
    role: role.optional(),
    skills: skills.optional(),
    status: z.enum(['active', 'inactive'], { message: 'must be active or inactive' }).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change' });

export const employeeListQuery = listQuery(['createdAt', 'name', 'email'], {
  status: csvEnum(['active', 'inactive']).optional(),
  role: csvEnum(ROLES).optional(),
  search: z.string().trim().max(100).optional(),
});
