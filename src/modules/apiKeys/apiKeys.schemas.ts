import { z } from 'zod';
import { KEY_SCOPES } from '../../core/auth/roles';
import { listQuery } from '../../core/list';
import { isoTime } from '../../core/openapi/fields';

export const apiKeyCreate = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  scopes: z
    .array(z.enum(KEY_SCOPES, { message: `each scope must be one of: ${KEY_SCOPES.join(', ')}` }), { message: 'must be a list of scopes' })
    .min(1, 'must grant at least one scope')
    .transform((list) => [...new Set(list)]),
  expiresAt: isoTime()
    .refine((v) => Date.parse(v) > Date.now(), 'must be in the future')
    .optional(),
});

export const apiKeyListQuery = listQuery(['createdAt', 'name'], {});

export const apiKeySchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    scopes: z.array(z.string()),
    prefix: z.string().describe('The first 8 characters of the key'),
    createdAt: isoTime(),
    expiresAt: isoTime().nullable(),
    lastUsedAt: isoTime().nullable().describe('Updated at most once a minute'),
    revokedAt: isoTime().nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof apiKeySchema>;

export const createdApiKeySchema = apiKeySchema.extend({ key: z.string().describe('cpk_… — shown only here; store it now') });
