import { z } from 'zod';
import { boolParam, csvEnum, listQuery } from '../../core/list';
import { isoTime } from '../../core/openapi/fields';
import { ENGAGEMENT_STATUSES, PROPOSAL_STATUSES, SERVICE_STATUSES, SERVICE_TYPES } from './services.table';

/** Prices and budgets: integer minor units (cents), up to a trillion. */
const money = (what: string) =>
  z
    .number({ message: 'must be a number' })
    .int(`${what} must be a whole number of minor units (cents)`)
    .min(0, 'must be at least 0')
    .max(1_000_000_000_000, 'must be at most 1000000000000');
const price = money('price').min(1, 'must be at least 1');
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as EUR');
const category = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'must be at least 2 characters')
  .max(60, 'must be at most 60 characters')
  // '*' alone is the counters' "every category" key (service_counts), so a category needs a letter or digit.
  .regex(/[\p{L}\p{N}]/u, 'must contain a letter or digit');
const title = z.string().trim().min(3, 'must be at least 3 characters').max(200, 'must be at most 200 characters');
const description = z.string().trim().min(10, 'must be at least 10 characters').max(10_000, 'must be at most 10000 characters');
const search = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
/** A comma list of categories (any-of), compared lower-cased. */
const categories = z.string().transform((s, ctx) => {
  const items = [...new Set(s.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean))];
  if (items.length === 0 || items.length > 10 || items.some((v) => v.length > 60 || !/[\p{L}\p{N}]/u.test(v))) {
    ctx.addIssue({ code: 'custom', message: 'must be 1 to 10 comma-separated categories of at most 60 characters, each with a letter or digit' });
    return z.NEVER;
  }
  return items;
});

const types = z
  .array(z.enum(SERVICE_TYPES, { message: `must be one of: ${SERVICE_TYPES.join(', ')}` }), { message: 'must be a list of request types' })
  .min(1, 'must have at least one type')
  .max(2, 'must have at most 2 types')
  .refine((list) => new Set(list).size === list.length, 'must not repeat a type');

const budgetOrder = (v: { budgetMin?: number | null | undefined; budgetMax?: number | null | undefined }) =>
  v.budgetMin == null || v.budgetMax == null || v.budgetMin <= v.budgetMax;
const budgetIssue = { message: 'must not be above budgetMax', path: ['budgetMin'] };

export const serviceCreate = z
  .strictObject({
    title,
    description,
    category,
    budgetMin: money('budgetMin').optional(),
    budgetMax: money('budgetMax').optional(),
    currency: currency.optional().describe("Defaults to the platform's default currency"),
    deadline: isoTime().optional(),
    types,
  })
  .refine(budgetOrder, budgetIssue);

export const servicePatch = z
  .strictObject({
    status: z.enum(['closed', 'cancelled'], { message: 'must be closed or cancelled (awarded is set by accepting a proposal)' }),
    title,
    description,
    category,
    budgetMin: money('budgetMin').nullable(),
    budgetMax: money('budgetMax').nullable(),
    deadline: isoTime().nullable(),
    types,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change' })
  .refine(budgetOrder, budgetIssue);

export const serviceListQuery = listQuery(['createdAt', 'deadline', 'budgetMax'], {
  status: csvEnum(SERVICE_STATUSES).optional(),
  category: categories.optional(),
  types: csvEnum(SERVICE_TYPES).optional(),
  companyId: z.uuid({ message: 'must be a company id (UUID)' }).optional(),
  search: search.optional(),
});
export type ServiceListQuery = z.output<typeof serviceListQuery>;

export const feePreviewQuery = z.object({
  price: z
    .string({ message: 'is required' })
    .regex(/^\d{1,13}$/, 'must be a whole number of minor units (cents)')
    .transform(Number)
    .refine((n) => n <= 1_000_000_000_000, 'must be at most 1000000000000'),
});

export const proposalCreate = z.strictObject({
  price,
  currency: currency.optional().describe("Must equal the request's currency (the default)"),
  timelineDays: z.number({ message: 'must be a number' }).int('must be a whole number of days').min(1, 'must be at least 1').max(3650, 'must be at most 3650'),
  message: z.string().trim().min(1, 'must not be empty').max(5000, 'must be at most 5000 characters'),
});

export const proposalPatch = proposalCreate
  .omit({ currency: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change' });

export const proposalListQuery = listQuery(['createdAt', 'price', 'timelineDays'], { status: csvEnum(PROPOSAL_STATUSES).optional() });

export const myProposalsQuery = listQuery(['createdAt', 'updatedAt'], {
  status: csvEnum(PROPOSAL_STATUSES).optional(),
  serviceId: z.uuid({ message: 'must be a service request id (UUID)' }).optional(),
});

export const engagementListQuery = listQuery(['createdAt'], {
  role: z.enum(['client', 'provider'], { message: 'must be client or provider' }).optional(),
  status: csvEnum(ENGAGEMENT_STATUSES).optional(),
});

export const cancelBody = z.strictObject({ reason: z.string({ message: 'is required' }).trim().min(3, 'must be at least 3 characters').max(2000, 'must be at most 2000 characters') });

export const reviewBody = z.strictObject({
  rating: z.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(5, 'must be at most 5'),
  comment: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
});

export const offeringCreate = z.strictObject({
  title,
  description,
  category,
  priceFrom: money('priceFrom').optional(),
  currency: currency.optional().describe("Defaults to the platform's default currency"),
  active: z.boolean({ message: 'must be true or false' }).default(true),
});

export const offeringPatch = z
  .strictObject({ title, description, category, priceFrom: money('priceFrom').nullable(), currency, active: z.boolean({ message: 'must be true or false' }) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change' });

export const offeringListQuery = listQuery(['createdAt', 'title', 'priceFrom'], {
  search: z.string().trim().max(100, 'must be at most 100 characters').optional(),
  category: categories.optional(),
  companyId: z.uuid({ message: 'must be a company id (UUID)' }).optional(),
  active: boolParam.optional(),
});

export const ratingSchema = z
  .strictObject({
    average: z.number().nullable().describe('Mean of the reviews received (1–5, two decimals); null without reviews'),
    count: z.number().int(),
  })
  .meta({ id: 'Rating' });
export type Rating = z.infer<typeof ratingSchema>;

export const serviceSchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    companyName: z.string(),
    title: z.string(),
    description: z.string(),
    category: z.string(),
    budgetMin: z.number().int().nullable(),
    budgetMax: z.number().int().nullable(),
    currency: z.string(),
    deadline: isoTime().nullable(),
    types: z.array(z.enum(SERVICE_TYPES)),
    status: z.enum(SERVICE_STATUSES),
    proposalCount: z.number().int().describe('Proposals that were not withdrawn'),
    awardedProposalId: z.uuid().nullable(),
    createdAt: isoTime(),
    updatedAt: isoTime(),
    createdBy: z.uuid().nullable(),
    updatedBy: z.uuid().nullable(),
  })
  .meta({ id: 'ServiceRequest' });
export type Service = z.infer<typeof serviceSchema>;

export const proposalSchema = z
  .strictObject({
    id: z.uuid(),
    serviceId: z.uuid(),
    companyId: z.uuid().describe('The proposing company'),
    companyName: z.string(),
    price: z.number().int(),
    currency: z.string(),
    timelineDays: z.number().int(),
    message: z.string(),
    feePercent: z.number().describe('The fee at submission; for an accepted proposal, the fee frozen at acceptance'),
    feeAmount: z.number().int(),
    netAmount: z.number().int().describe('What the provider receives: price − feeAmount'),
    status: z.enum(PROPOSAL_STATUSES),
    createdAt: isoTime(),
    updatedAt: isoTime(),
    serviceTitle: z.string().optional(),
    rating: ratingSchema.optional().describe("The proposing company's rating (reviews it received)"),
  })
  .meta({ id: 'Proposal' });
export type Proposal = z.infer<typeof proposalSchema>;

export const engagementSchema = z
  .strictObject({
    id: z.uuid(),
    serviceId: z.uuid(),
    proposalId: z.uuid(),
    clientCompanyId: z.uuid(),
    clientCompanyName: z.string(),
    providerCompanyId: z.uuid(),
    providerCompanyName: z.string(),
    title: z.string(),
    price: z.number().int(),
    currency: z.string(),
    feePercent: z.number().describe('Frozen at acceptance'),
    feeAmount: z.number().int(),
    netAmount: z.number().int(),
    status: z.enum(ENGAGEMENT_STATUSES),
    cancelReason: z.string().nullable(),
    createdAt: isoTime(),
    completedAt: isoTime().nullable(),
    cancelledAt: isoTime().nullable(),
    reviewedByClient: z.boolean(),
    reviewedByProvider: z.boolean(),
  })
  .meta({ id: 'Engagement' });
export type Engagement = z.infer<typeof engagementSchema>;

export const acceptedSchema = proposalSchema.extend({ engagement: engagementSchema }).meta({ id: 'AcceptedProposal' });

export const reviewSchema = z
  .strictObject({
    id: z.uuid(),
    engagementId: z.uuid(),
    reviewerCompanyId: z.uuid(),
    revieweeCompanyId: z.uuid(),
    rating: z.number().int().min(1).max(5),
    comment: z.string().nullable(),
    createdAt: isoTime(),
  })
  .meta({ id: 'ServiceReview' });
export type Review = z.infer<typeof reviewSchema>;

export const offeringSchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    companyName: z.string(),
    title: z.string(),
    description: z.string(),
    category: z.string(),
    priceFrom: z.number().int().nullable(),
    currency: z.string(),
    active: z.boolean(),
    rating: ratingSchema,
    createdAt: isoTime(),
    updatedAt: isoTime(),
  })
  .meta({ id: 'Offering' });
export type Offering = z.infer<typeof offeringSchema>;

export const feePreviewSchema = z
  .strictObject({ price: z.number().int(), feePercent: z.number(), feeAmount: z.number().int(), netAmount: z.number().int() })
  .meta({ id: 'FeePreview' });

export const serviceListMeta = z.object({ totalEstimated: z.literal(true).optional().describe('The total of a broad search is an estimate') });
