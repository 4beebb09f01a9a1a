import { z } from 'zod';
import { companyName, companySchema, email, password, personName, userSchema } from '../../core/tenancy/tenancy.schemas';

export const registerBody = z.strictObject({ companyName, name: personName, email, password });

// Login does not apply the password length rule: a wrong password is a wrong password, whatever its length.
export const loginBody = z.strictObject({
  email,
  password: z.string().min(1, 'is required').max(1024, 'is too long'),
});

/** The refresh token in the body (API clients), or absent when the web app's HttpOnly cookie carries it. */
export const refreshBody = z.strictObject({
  refreshToken: z.string().min(1, 'is required').max(200, 'is too long').optional().describe('Required unless the session cookie is sent'),
});

const tokens = {
  token: z.string().describe('Access token (JWT HS256, 1 hour)'),
  refreshToken: z.string().describe('Refresh token (30 days, single use: each refresh returns a new one)'),
};

export const sessionSchema = z.strictObject({ ...tokens, user: userSchema }).meta({ id: 'Session' });
export const registeredSchema = z.strictObject({ ...tokens, user: userSchema, company: companySchema }).meta({ id: 'Registration' });
export const meSchema = z.strictObject({ user: userSchema, company: companySchema });
export const loggedOutSchema = z.strictObject({ loggedOut: z.literal(true) });
