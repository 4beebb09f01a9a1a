import { z } from 'zod';
import { csvEnum, listQuery } from '../../core/list';
import { isoTime } from '../../core/openapi/fields';
import { PARTNERSHIP_STATUSES } from '../../core/tenancy/tenancy.table';

export const inviteBody = z.strictObject({ companyId: z.uuid({ message: 'must be a company id (UUID)' }) });

export const partnershipListQuery = listQuery(['createdAt', 'updatedAt'], {
  status: csvEnum(PARTNERSHIP_STATUSES).optional(),
});

const companyRef = z.strictObject({ id: z.uuid(), name: z.string() });

export const partnershipSchema = z
  .strictObject({
    id: z.uuid(),
    status: z.enum(PARTNERSHIP_STATUSES),
    requesterCompanyId: z.uuid(),
    targetCompanyId: z.uuid(),
    direction: z.enum(['sent', 'received']).nullable().describe("Seen from the caller's company: who invited whom (null for staff outside it)."),
    partner: companyRef.describe('The other company, seen from the caller.'),
    requesterCompany: companyRef,
    targetCompany: companyRef,
    respondedAt: isoTime().nullable(),
    endedAt: isoTime().nullable(),
    createdAt: isoTime(),
    updatedAt: isoTime(),
    createdBy: z.uuid().nullable(),
  })
  .meta({ id: 'Partnership' });
export type Partnership = z.infer<typeof partnershipSchema>;
