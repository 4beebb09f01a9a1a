import { z } from 'zod';
import { csvEnum, listQuery } from '../../core/list';
import { PARTNERSHIP_STATUSES } from './partnerships.table';

export const inviteBody = z.strictObject({ companyId: z.uuid({ message: 'must be a company id (UUID)' }) });

export const partnershipListQuery = listQuery(['createdAt', 'updatedAt'], {
  status: csvEnum(PARTNERSHIP_STATUSES).optional(),
});
