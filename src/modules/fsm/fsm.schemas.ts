import { z } from 'zod';
import { boolParam, csvEnum, listQuery } from '../../core/list';
import { atLeastOne, distinct, instant, isoTime, nonEmpty, optionalText, ref, text } from '../../core/openapi/fields';
import { email, skillsInput } from '../../core/tenancy/tenancy.schemas';
import { JOB_STATUSES, PRIORITIES, VISIT_STATUSES } from './fsm.table';

// ── Field rules shared by bodies ─────────────────────────────────────────────────────────────────────────────────

const lat = z.number({ message: 'must be a number' }).min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90');
const lng = z.number({ message: 'must be a number' }).min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180');

/** Coordinates come in pairs: both or neither (also when changing them). */
const pairOf = (a: string, b: string) => ({
  check: (v: Record<string, unknown>) => (v[a] === undefined) === (v[b] === undefined) && (v[a] === null) === (v[b] === null),
  params: { message: `Send ${a} and ${b} together (both numbers, or both null)`, path: [a] },
});
const coordinates = pairOf('lat', 'lng');
const homeBase = pairOf('homeLat', 'homeLng');

const priority = z.enum(PRIORITIES, { message: `must be one of: ${PRIORITIES.join(', ')}` });
const search = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const phone = z
  .string({ message: 'must be text' })
  .trim()
  .max(40, 'must be at most 40 characters')
  .regex(/^[+\d][\d\s().\-/]*$|^$/, 'must be a phone number (digits, spaces, + ( ) . - /)')
  .transform((v) => (v === '' ? null : v))
  .nullable();

// ── Customers and sites ──────────────────────────────────────────────────────────────────────────────────────────

const customerFields = { name: text(200), email: email.nullable(), phone };
export const customerCreate = z.strictObject({ name: customerFields.name, email: customerFields.email.optional(), phone: customerFields.phone.optional() });
export const customerPatch = z.strictObject(customerFields).partial().refine(nonEmpty, atLeastOne);
export const customerListQuery = listQuery(['createdAt', 'updatedAt', 'name'], { search: search.optional() });
export type CustomerListQuery = z.output<typeof customerListQuery>;

const siteFields = { name: text(200), address: text(500), lat: lat.nullable(), lng: lng.nullable(), accessNotes: optionalText(2000) };
export const siteCreate = z
  .strictObject({ name: siteFields.name, address: siteFields.address, lat: lat.optional(), lng: lng.optional(), accessNotes: siteFields.accessNotes.optional() })
  .refine(coordinates.check, coordinates.params);
export const sitePatch = z.strictObject(siteFields).partial().refine(nonEmpty, atLeastOne).refine(coordinates.check, coordinates.params);
export const siteListQuery = listQuery(['createdAt', 'name'], {});

export const customerSchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    createdAt: isoTime(),
    updatedAt: isoTime(),
  })
  .meta({ id: 'FsmCustomer' });
export type Customer = z.infer<typeof customerSchema>;

export const siteSchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    customerId: z.uuid(),
    name: z.string(),
    address: z.string(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    accessNotes: z.string().nullable(),
    createdAt: isoTime(),
    updatedAt: isoTime(),
  })
  .meta({ id: 'FsmSite' });
export type Site = z.infer<typeof siteSchema>;

// ── Technicians ──────────────────────────────────────────────────────────────────────────────────────────────────

const hhmm = z.string({ message: 'must be a time "HH:MM"' }).regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a UTC time "HH:MM" (00:00 to 24:00)');
const shift = z
  .strictObject({
    weekday: z.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 (Sunday) to 6 (Saturday)').max(6, 'must be 0 (Sunday) to 6 (Saturday)'),
    start: hhmm,
    end: hhmm,
  })
  .refine((s) => s.end > s.start, { message: 'must end after it starts (shifts are within one UTC day)', path: ['end'] });

export const technicianPut = z
  .strictObject({
    skills: skillsInput.default([]),
    shifts: z.array(shift, { message: 'must be a list of shifts' }).max(28, 'at most 28 shifts').default([]),
    homeLat: lat.nullable().optional(),
    homeLng: lng.nullable().optional(),
  })
  .refine(homeBase.check, homeBase.params);
export const technicianListQuery = listQuery(['name', 'createdAt'], { skill: text(50).optional() });
export type TechnicianListQuery = z.output<typeof technicianListQuery>;

const shiftSchema = z.strictObject({ weekday: z.number().int().min(0).max(6), start: z.string(), end: z.string() });

export const technicianSchema = z
  .strictObject({
    userId: z.uuid(),
    companyId: z.uuid(),
    name: z.string(),
    email: z.string(),
    userStatus: z.enum(['active', 'inactive']).describe("The employee's account status"),
    skills: z.array(z.string()),
    shifts: z.array(shiftSchema).describe('UTC working hours per weekday (0 = Sunday)'),
    homeLat: z.number().nullable(),
    homeLng: z.number().nullable(),
    createdAt: isoTime(),
    updatedAt: isoTime(),
  })
  .meta({ id: 'FsmTechnician' });
export type Technician = z.infer<typeof technicianSchema>;

// ── Jobs ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const durationMin = z.number({ message: 'must be a number' }).int('must be a whole number').min(5, 'must be at least 5').max(1440, 'must be at most 1440 (one day)');
const description = z.string({ message: 'must be text' }).trim().max(10_000, 'must be at most 10000 characters');
const version = z.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1');

export const jobCreate = z
  .strictObject({
    customerId: ref('customer'),
    siteId: ref('site'),
    title: text(200, 3).optional(),
    description: description.optional(),
    requiredSkills: skillsInput.default([]),
    durationMin: durationMin.default(60),
    priority: priority.default('medium'),
    sourceWorkOrderId: ref('work order').optional().describe('A CMMS work order contracted to your company (GET /cmms/contracted): this job carries it out'),
  })
  .refine((v) => v.title !== undefined || v.sourceWorkOrderId !== undefined, { message: 'is required (it defaults to the work order’s title only with sourceWorkOrderId)', path: ['title'] });
export type JobCreate = z.output<typeof jobCreate>;

export const jobPatch = z
  .strictObject({
    customerId: ref('customer'),
    siteId: ref('site'),
    title: text(200, 3),
    description,
    requiredSkills: skillsInput,
    durationMin,
    priority,
    status: z.literal('cancelled', { message: 'must be cancelled (the other statuses follow from the visits)' }),
    version: version.describe('The version you read: a stale one is 409'),
  })
  .partial()
  .refine((v) => Object.keys(v).some((k) => k !== 'version'), atLeastOne);
export type JobPatch = z.output<typeof jobPatch>;

export const jobListQuery = listQuery(['createdAt', 'updatedAt', 'number'], {
  status: csvEnum(JOB_STATUSES).optional(),
  priority: csvEnum(PRIORITIES).optional(),
  customerId: ref('customer').optional(),
  siteId: ref('site').optional(),
  sourceWorkOrderId: ref('work order').optional().describe('The field job(s) carrying out this contracted work order'),
  search: search.optional(),
});
export type JobListQuery = z.output<typeof jobListQuery>;

export const jobSchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    number: z.string().regex(/^FJ-\d{4,}$/).describe('FJ-0001, per company, without gaps'),
    customerId: z.uuid(),
    siteId: z.uuid(),
    title: z.string(),
    description: z.string(),
    requiredSkills: z.array(z.string()),
    durationMin: z.number().int(),
    priority: z.enum(PRIORITIES),
    status: z.enum(JOB_STATUSES),
    sourceWorkOrderId: z.uuid().nullable(),
    version: z.number().int().describe('Send it back as `version` (job PATCH, or POST /fsm/visits) to refuse a stale change'),
    completedAt: isoTime().nullable(),
    createdAt: isoTime(),
    updatedAt: isoTime(),
    createdBy: z.string().nullable(),
    updatedBy: z.string().nullable(),
    customerName: z.string().optional(),
    siteName: z.string().optional(),
    siteAddress: z.string().optional(),
    lat: z.number().nullable().optional(),
    lng: z.number().nullable().optional(),
  })
  .meta({ id: 'FsmJob' });
export type Job = z.infer<typeof jobSchema>;

// ── Visits ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** 64 KB: the limit of a signature, counted on the data-URL string. */
export const MAX_SIGNATURE_CHARS = 65_536;
const PNG_DATA_URL = 'data:image/png;base64,';

export const signature = z
  .string({ message: 'must be a PNG data URL' })
  .max(MAX_SIGNATURE_CHARS, `must be at most ${MAX_SIGNATURE_CHARS} characters (64 KB)`)
  // "iVBORw0KGgo" is the PNG signature (89 50 4E 47 0D 0A 1A 0A) in base64.
  .regex(/^data:image\/png;base64,iVBORw0KGgo[A-Za-z0-9+/]*={0,2}$/, `must be a PNG data URL (${PNG_DATA_URL}…)`);

const checklistInput = z
  .array(z.strictObject({ label: text(200), done: z.boolean({ message: 'must be true or false' }).default(false) }), { message: 'must be a list of { label, done }' })
  .max(100, 'at most 100 items');
const technicianIds = z
  .array(ref('technician'), { message: 'must be a list of technician (user) ids' })
  .min(1, 'must name at least one technician')
  .max(10, 'at most 10 technicians')
  .refine(distinct, 'must not repeat a technician');
const notes = z.string({ message: 'must be text' }).max(5000, 'must be at most 5000 characters');

const MAX_VISIT_MS = 24 * 3600_000;
const window = (v: { start?: string | undefined; end?: string | undefined }) =>
  v.start === undefined || v.end === undefined || (Date.parse(v.end) > Date.parse(v.start) && Date.parse(v.end) - Date.parse(v.start) <= MAX_VISIT_MS);
const windowMessage = { message: 'must be after start, and a visit lasts at most 24 hours', path: ['end'] };

export const visitCreate = z
  .strictObject({
    jobId: ref('job'),
    technicianIds,
    start: instant(),
    end: instant().optional().describe("Defaults to start + the job's durationMin"),
    checklist: checklistInput.default([]),
    notes: notes.default(''),
    version: version.optional().describe("The job's version as you read it (e.g. on the board's tray): if the job changed meanwhile, 409"),
  })
  .refine(window, windowMessage);
export type VisitCreate = z.output<typeof visitCreate>;

export const visitPatch = z
  .strictObject({
    version: version.describe('The version you read: a stale one is 409'),
    technicianIds: technicianIds.optional(),
    start: instant().optional(),
    end: instant().optional(),
    checklist: checklistInput.optional(),
    notes: notes.optional(),
  })
  .refine((v) => Object.keys(v).some((k) => k !== 'version'), atLeastOne)
  .refine(window, windowMessage);
export type VisitPatch = z.output<typeof visitPatch>;

export const visitStatusBody = z
  .strictObject({
    status: z.enum(VISIT_STATUSES, { message: `must be one of: ${VISIT_STATUSES.join(', ')}` }),
    note: text(1000).optional(),
    signature: signature.optional().describe('The customer’s signature, with status completed only'),
    version: version.optional().describe('The version you read: if given and stale, 409'),
  })
  .refine((v) => v.signature === undefined || v.status === 'completed', { message: 'is only taken when completing the visit', path: ['signature'] });
export type VisitStatusBody = z.output<typeof visitStatusBody>;

const checklistItem = z.strictObject({ label: z.string(), done: z.boolean() });
const statusTimes = z.strictObject(Object.fromEntries(VISIT_STATUSES.map((s) => [s, isoTime().optional()])) as Record<(typeof VISIT_STATUSES)[number], z.ZodOptional<ReturnType<typeof isoTime>>>);
const historyEntry = z.strictObject({
  status: z.enum(VISIT_STATUSES),
  at: isoTime(),
  by: z.string().describe("The acting user's id (or API key's id)"),
  byName: z.string().nullable().describe('Their name when the step was taken, kept after they leave'),
  note: z.string().nullable(),
});

export const visitSchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    jobId: z.uuid(),
    technicianIds: z.array(z.uuid()),
    start: isoTime(),
    end: isoTime(),
    status: z.enum(VISIT_STATUSES),
    statusTimes: statusTimes.describe('When each status step was reached'),
    history: z.array(historyEntry).describe('Every status step: who, when, and their note'),
    notes: z.string(),
    checklist: z.array(checklistItem),
    signed: z.boolean().describe('Whether a signature was taken'),
    signature: z.string().nullable().optional().describe('The PNG data URL (only on a single visit, not on the board or the day)'),
    customerToken: z.string().describe('Key of the customer tracking link (/track/:customerToken)'),
    version: z.number().int().describe('Send it back with every PATCH: a stale one is 409'),
    createdAt: isoTime(),
    updatedAt: isoTime(),
    createdBy: z.string().nullable(),
    updatedBy: z.string().nullable(),
    jobNumber: z.string().optional(),
    jobTitle: z.string().optional(),
    jobStatus: z.enum(JOB_STATUSES).optional(),
    requiredSkills: z.array(z.string()).optional(),
    customerName: z.string().optional(),
    customerPhone: z.string().nullable().optional(),
    siteName: z.string().optional(),
    siteAddress: z.string().optional(),
    accessNotes: z.string().nullable().optional(),
    lat: z.number().nullable().optional(),
    lng: z.number().nullable().optional(),
    legKm: z.number().nullable().optional().describe("My day: the distance from the previous stop (or the home base), as the crow flies; null without coordinates"),
  })
  .meta({ id: 'FsmVisit' });
export type Visit = z.infer<typeof visitSchema>;

export const jobDetailSchema = jobSchema.extend({ visits: z.array(visitSchema).describe('Its visits, by start') }).meta({ id: 'FsmJobDetail' });

// ── Board and the technician's day ───────────────────────────────────────────────────────────────────────────────

const utcDate = z
  .string({ message: 'must be a date YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a valid date');

export const boardQuery = z.object({ date: utcDate.describe('A UTC date') });
export const myDayQuery = z.object({
  date: utcDate.optional().describe('A UTC date (default: today)'),
  optimize: boolParam.optional().describe('true: nearest stop first from the home base (greedy, haversine) instead of by start time'),
});

export const CONFLICT_KINDS = ['overlap', 'outside_shift', 'missing_skill'] as const;
export const conflictSchema = z
  .strictObject({
    visitId: z.uuid(),
    kind: z.enum(CONFLICT_KINDS),
    detail: z.string(),
    technicianId: z.uuid().nullable().describe('The technician concerned (null for a skill the whole team lacks)'),
  })
  .meta({ id: 'FsmConflict' });
export type Conflict = z.infer<typeof conflictSchema>;

export const boardSchema = z
  .strictObject({
    date: z.string(),
    unassigned: z.array(jobSchema).describe('Every unscheduled job, whatever the date (high priority first, then oldest)'),
    lanes: z.array(z.strictObject({ technician: technicianSchema, visits: z.array(visitSchema) })),
    conflicts: z.array(conflictSchema),
  })
  .meta({ id: 'FsmBoard' });
export type Board = z.infer<typeof boardSchema>;

// ── The customer's tracking link ─────────────────────────────────────────────────────────────────────────────────

export const publicVisitSchema = z
  .strictObject({
    companyName: z.string(),
    status: z.enum(VISIT_STATUSES),
    windowStart: isoTime(),
    windowEnd: isoTime(),
    technicianFirstName: z.string().nullable(),
    updatedAt: isoTime(),
  })
  .meta({ id: 'FsmPublicVisit' });
export type PublicVisit = z.infer<typeof publicVisitSchema>;
