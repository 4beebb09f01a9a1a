import { z } from 'zod';
import { listQuery } from '../../core/list';
import { instant, isoTime } from '../../core/openapi/fields';

export const auditQuery = listQuery(['createdAt'], {
  actorId: z.uuid({ message: 'must be a user or API key id (UUID)' }).optional(),
  action: z.string().trim().min(1).max(100).optional(),
  // Normalised to the stored form (milliseconds, Z) so a bound compares right at its own second.
  from: instant().optional(),
  to: instant().optional(),
});

export const auditEntrySchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    actor: z.strictObject({ kind: z.enum(['user', 'apiKey']), id: z.uuid(), name: z.string().nullable() }),
    action: z.string().describe('The event name of a REST write, mcp.tool.called, apiKeys.key.created|revoked, employees.role.changed'),
    target: z.record(z.string(), z.string().nullable()),
    status: z.enum(['ok', 'error']),
    createdAt: isoTime(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;
