import { z } from 'zod';
import { companyName } from '../companies/companies.schemas';
import { email, password, personName } from '../employees/employees.schemas';

export const registerBody = z.strictObject({ companyName, name: personName, email, password });

// Login does not apply the password length rule: a wrong password is a wrong password, whatever its length.
export const loginBody = z.strictObject({
  email,
  password: z.string().min(1, 'is required').max(1024, 'is too long'),
});

export const refreshBody = z.strictObject({ refreshToken: z.string().min(1, 'is required').max(200, 'is too long') });
