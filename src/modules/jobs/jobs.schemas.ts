import { z } from 'zod';
import { boolParam, csvEnum, listQuery } from '../../core/list';
import { isoTime } from '../../core/openapi/fields';
import { skillsInput as skills } from '../../core/tenancy/tenancy.schemas';
import { APPLICATION_STATUSES, JOB_STATUSES, JOB_TYPES } from './jobs.table';

const types = z
  .array(z.enum(JOB_TYPES, { message: `must be one of: ${JOB_TYPES.join(', ')}` }), { message: 'must be a list of job types' })
  .min(1, 'must have at least one type')
  .max(3, 'must have at most 3 types')
  .refine((list) => new Set(list).size === list.length, 'must not repeat a type');

const fields = {
  title: z.string().trim().min(3, 'must be at least 3 characters').max(200, 'must be at most 200 characters'),
  description: z.string().trim().min(10, 'must be at least 10 characters').max(10_000, 'must be at most 10000 characters'),
  types,
  isSpecialized: z.boolean({ message: 'must be true or false' }),
  requiredSkills: skills,
  vacancies: z.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000'),
};

export const jobCreate = z.strictObject({
  ...fields,
  isSpecialized: fields.isSpecialized.default(false),
  requiredSkills: fields.requiredSkills.default([]),
});

export const jobPatch = z
  .strictObject({
    ...fields,
    status: z.enum(['open', 'closed'], { message: 'must be open or closed (filled is set by the system)' }),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change' });

export const jobListQuery = listQuery(['createdAt', 'title', 'vacancies'], {
  status: csvEnum(JOB_STATUSES).optional(),
  types: csvEnum(JOB_TYPES).optional(),
  companyId: z.uuid({ message: 'must be a company id (UUID)' }).optional(),
  isSpecialized: boolParam.optional(),
  search: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
});
export type JobListQuery = z.output<typeof jobListQuery>;

export const applyBody = z.strictObject({ coverLetter: z.string().trim().max(5000, 'must be at most 5000 characters').optional() });

export const reviewBody = z.strictObject({ status: z.enum(['accepted', 'rejected'], { message: 'must be accepted or rejected' }) });

export const applicationListQuery = listQuery(['createdAt', 'updatedAt'], { status: csvEnum(APPLICATION_STATUSES).optional() });

export const myApplicationsQuery = listQuery(['createdAt', 'updatedAt'], {
  status: csvEnum(APPLICATION_STATUSES).optional(),
  jobId: z.uuid({ message: 'must be a job id (UUID)' }).optional(),
});

export const jobSchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    companyName: z.string(),
    title: z.string(),
    description: z.string(),
    types: z.array(z.enum(JOB_TYPES)),
    isSpecialized: z.boolean(),
    requiredSkills: z.array(z.string()),
    vacancies: z.number().int(),
    status: z.enum(JOB_STATUSES),
    createdAt: isoTime(),
    updatedAt: isoTime(),
    createdBy: z.uuid().nullable(),
    updatedBy: z.uuid().nullable(),
  })
  .meta({ id: 'Job' });
export type Job = z.infer<typeof jobSchema>;

export const applicationSchema = z
  .strictObject({
    id: z.uuid(),
    jobId: z.uuid(),
    companyId: z.uuid().describe("The job's company"),
    applicantId: z.uuid(),
    applicantCompanyId: z.uuid(),
    coverLetter: z.string().nullable(),
    status: z.enum(APPLICATION_STATUSES),
    reviewedAt: isoTime().nullable(),
    reviewedBy: z.uuid().nullable(),
    createdAt: isoTime(),
    updatedAt: isoTime(),
    applicantName: z.string().optional(),
    applicantEmail: z.string().optional(),
    applicantCompanyName: z.string().optional(),
    applicantSkills: z.array(z.string()).optional().describe("The applicant's skills (to compare with the job's required skills)"),
    jobTitle: z.string().optional(),
    companyName: z.string().optional(),
  })
  .meta({ id: 'Application' });
export type Application = z.infer<typeof applicationSchema>;

export const reviewedSchema = applicationSchema.extend({ jobStatus: z.enum(JOB_STATUSES) });

export const jobListMeta = z.object({ totalEstimated: z.literal(true).optional().describe('The total of a broad search is an estimate') });
export const applicationsMeta = z.object({ accepted: z.number().int(), vacanciesLeft: z.number().int() });
export const pendingCountSchema = z.strictObject({ jobId: z.uuid(), pending: z.number().int() });
