import { z } from 'zod';
import { boolParam, csvEnum, listQuery } from '../../core/list';
import { atLeastOne, distinct, instant, isoTime, nonEmpty, optionalText, ref, text } from '../../core/openapi/fields';
import { email, personName } from '../../core/tenancy/tenancy.schemas';
import {
  ASSET_STATUSES,
  CRITICALITIES,
  METER_KINDS,
  PRIORITIES,
  READING_SOURCES,
  REQUEST_STATUSES,
  SCHEDULE_BASES,
  WORK_ORDER_STATUSES,
  WORK_ORDER_TYPES,
} from './cmms.table';

// ── Field rules shared by bodies ─────────────────────────────────────────────────────────────────────────────────

const name = text(200);
const title = text(200, 3);
const description = z.string({ message: 'must be text' }).trim().max(10_000, 'must be at most 10000 characters');
const priority = z.enum(PRIORITIES, { message: `must be one of: ${PRIORITIES.join(', ')}` });

export const assigneeIds = z
  .array(ref('user'), { message: 'must be a list of user ids' })
  .max(20, 'at most 20 assignees')
  .refine(distinct, 'must not repeat a user');

export const checklistLabels = z.array(text(200), { message: 'must be a list of strings' }).max(100, 'at most 100 items');

/** ISO 4217 alphabetic code (checked against the runtime's list of currencies). */
const currency = z
  .string({ message: 'must be an ISO 4217 currency code' })
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as EUR')
  .refine((c) => Intl.supportedValuesOf('currency').includes(c), 'is not an ISO 4217 currency code');

const search = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

// ── Locations ────────────────────────────────────────────────────────────────────────────────────────────────────

const locationFields = { name, parentId: ref('location').nullable(), address: optionalText(500) };
export const locationCreate = z.strictObject({ ...locationFields, parentId: locationFields.parentId.optional(), address: locationFields.address.optional() });
export const locationPatch = z.strictObject(locationFields).partial().refine(nonEmpty, atLeastOne);
export const locationListQuery = listQuery(['name', 'createdAt'], { parentId: ref('location').optional() });

export const locationSchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    name: z.string(),
    parentId: z.uuid().nullable(),
    address: z.string().nullable(),
    createdAt: isoTime(),
    updatedAt: isoTime(),
  })
  .meta({ id: 'CmmsLocation' });
export type Location = z.infer<typeof locationSchema>;

// ── Assets ───────────────────────────────────────────────────────────────────────────────────────────────────────

const assetFields = {
  name,
  code: text(50),
  category: optionalText(100),
  locationId: ref('location').nullable(),
  parentId: ref('asset').nullable(),
  serialNumber: optionalText(100),
  criticality: z.enum(CRITICALITIES, { message: `must be one of: ${CRITICALITIES.join(', ')}` }),
  status: z.enum(ASSET_STATUSES, { message: `must be one of: ${ASSET_STATUSES.join(', ')}` }),
};
export const assetCreate = z.strictObject({
  name: assetFields.name,
  code: assetFields.code,
  category: assetFields.category.optional(),
  locationId: assetFields.locationId.optional(),
  parentId: assetFields.parentId.optional(),
  serialNumber: assetFields.serialNumber.optional(),
  criticality: assetFields.criticality.default('medium'),
  status: assetFields.status.default('operational'),
});
export const assetPatch = z.strictObject(assetFields).partial().refine(nonEmpty, atLeastOne);
export const assetListQuery = listQuery(['name', 'code', 'createdAt'], {
  status: csvEnum(ASSET_STATUSES).optional(),
  criticality: csvEnum(CRITICALITIES).optional(),
  locationId: ref('location').optional(),
  parentId: ref('asset').optional(),
  search: search.optional(),
});
export type AssetListQuery = z.output<typeof assetListQuery>;

export const assetSchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    name: z.string(),
    code: z.string(),
    category: z.string().nullable(),
    locationId: z.uuid().nullable(),
    parentId: z.uuid().nullable(),
    serialNumber: z.string().nullable(),
    criticality: z.enum(CRITICALITIES),
    status: z.enum(ASSET_STATUSES),
    requestToken: z.string().describe('Key of the public request portal (/r/:requestToken); print it as a QR code'),
    createdAt: isoTime(),
    updatedAt: isoTime(),
    createdBy: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'CmmsAsset' });
export type Asset = z.infer<typeof assetSchema>;

export const downtimeListQuery = listQuery(['startedAt'], {});
export const downtimeSchema = z
  .strictObject({
    id: z.uuid(),
    assetId: z.uuid(),
    startedAt: isoTime(),
    endedAt: isoTime().nullable().describe('null while the asset is still down'),
    hours: z.number().describe('Length so far (to now while open)'),
  })
  .meta({ id: 'CmmsDowntime' });

// ── Meters and readings ──────────────────────────────────────────────────────────────────────────────────────────

const meterFields = { name: text(100), unit: text(20) };
export const meterCreate = z.strictObject({ ...meterFields, kind: z.enum(METER_KINDS, { message: 'must be cumulative or gauge' }).default('cumulative') });
export const meterPatch = z.strictObject(meterFields).partial().refine(nonEmpty, atLeastOne);
export const meterListQuery = listQuery(['name', 'createdAt'], {});

export const meterSchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    assetId: z.uuid(),
    name: z.string(),
    unit: z.string(),
    kind: z.enum(METER_KINDS).describe('cumulative readings never decrease (409); gauge readings may'),
    lastReading: z.number().nullable(),
    lastReadAt: isoTime().nullable(),
    readingCount: z.number().int(),
    createdAt: isoTime(),
    updatedAt: isoTime(),
  })
  .meta({ id: 'CmmsMeter' });
export type Meter = z.infer<typeof meterSchema>;

const readingValue = z.number({ message: 'must be a number' }).refine(Number.isFinite, 'must be a finite number');
export const MAX_BULK_READINGS = 500;

export const readingItem = z.strictObject({ value: readingValue, readAt: instant().optional() });

/** One reading `{ value, readAt? }`, or up to 500 in order `{ readings: [...] }` (integrations). */
export const readingsShape = {
  value: readingValue.optional(),
  readAt: instant().optional(),
  readings: z.array(readingItem, { message: 'must be a list of readings' }).min(1, 'must have at least one reading').max(MAX_BULK_READINGS, `at most ${MAX_BULK_READINGS} readings per request`).optional(),
};

/** Exactly one of the two forms (shared by the REST body and the MCP tool). */
export const oneReadingForm = (v: { value?: unknown; readAt?: unknown; readings?: unknown }, ctx: z.RefinementCtx) => {
  if (v.readings !== undefined && (v.value !== undefined || v.readAt !== undefined)) {
    ctx.addIssue({ code: 'custom', message: 'send either { value, readAt? } or { readings: [...] }, not both', path: ['readings'] });
  } else if (v.readings === undefined && v.value === undefined) {
    ctx.addIssue({ code: 'custom', message: 'is required', path: ['value'] });
  }
};

export const readingsBody = z.strictObject(readingsShape).superRefine(oneReadingForm);
export type ReadingsBody = z.output<typeof readingsBody>;

export const readingListQuery = listQuery(['readAt'], { from: instant().optional(), to: instant().optional() });

export const readingSchema = z
  .strictObject({
    id: z.uuid(),
    meterId: z.uuid(),
    value: z.number(),
    readAt: isoTime(),
    source: z.enum(READING_SOURCES).describe('manual (a person) or api (an API key)'),
    createdAt: isoTime(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: 'CmmsReading' });
export type Reading = z.infer<typeof readingSchema>;

// ── PM schedules ─────────────────────────────────────────────────────────────────────────────────────────────────

const everyDays = z.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(3650, 'must be at most 3650');
const everyMeterUnits = z.number({ message: 'must be a number' }).positive('must be more than 0').max(1e12, 'is too large');
const leadDays = z.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must not be negative').max(365, 'must be at most 365');

const scheduleFields = {
  title,
  description,
  checklist: checklistLabels,
  priority,
  assigneeIds,
  everyDays: everyDays.nullable(),
  everyMeterUnits: everyMeterUnits.nullable(),
  meterId: ref('meter').nullable(),
  basis: z.enum(SCHEDULE_BASES, { message: 'must be schedule or completion' }),
  leadDays,
  active: z.boolean({ message: 'must be true or false' }),
};

export const scheduleCreate = z.strictObject({
  assetId: ref('asset'),
  title,
  description: description.default(''),
  checklist: checklistLabels.default([]),
  priority: priority.default('medium'),
  assigneeIds: assigneeIds.default([]),
  everyDays: everyDays.optional(),
  everyMeterUnits: everyMeterUnits.optional(),
  meterId: ref('meter').optional(),
  basis: scheduleFields.basis.default('schedule'),
  leadDays: leadDays.default(0),
  nextDueAt: instant().optional(),
  nextDueMeter: z.number({ message: 'must be a number' }).refine(Number.isFinite, 'must be a finite number').optional(),
  active: scheduleFields.active.default(true),
});
/** `nextDueAt`/`nextDueMeter` are computed after creation, so a patch cannot set them. */
export const schedulePatch = z.strictObject(scheduleFields).partial().refine(nonEmpty, atLeastOne);
export const scheduleListQuery = listQuery(['createdAt', 'nextDueAt'], {
  assetId: ref('asset').optional(),
  meterId: ref('meter').optional(),
  active: boolParam.optional(),
});

export const scheduleSchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    assetId: z.uuid(),
    title: z.string(),
    description: z.string(),
    checklist: z.array(z.string()),
    priority: z.enum(PRIORITIES),
    assigneeIds: z.array(z.uuid()),
    everyDays: z.number().int().nullable(),
    everyMeterUnits: z.number().nullable(),
    meterId: z.uuid().nullable(),
    basis: z.enum(SCHEDULE_BASES).describe('schedule: the next due point follows the previous one; completion: it follows the completion of the last work order'),
    leadDays: z.number().int().describe('The work order is generated this many days before nextDueAt'),
    nextDueAt: isoTime().nullable(),
    nextDueMeter: z.number().nullable(),
    active: z.boolean(),
    generatedCount: z.number().int().describe('Work orders generated so far'),
    createdAt: isoTime(),
    updatedAt: isoTime(),
  })
  .meta({ id: 'CmmsSchedule' });
export type Schedule = z.infer<typeof scheduleSchema>;

// ── Work orders ──────────────────────────────────────────────────────────────────────────────────────────────────

export const workOrderCreate = z.strictObject({
  title,
  description: description.default(''),
  assetId: ref('asset').optional(),
  locationId: ref('location').optional(),
  priority: priority.default('medium'),
  type: z.enum(['corrective', 'preventive'], { message: 'must be corrective or preventive (request work orders come from requests)' }).default('corrective'),
  assigneeIds: assigneeIds.default([]),
  contractorCompanyId: ref('company').optional(),
  dueAt: instant().optional(),
  checklist: checklistLabels.default([]),
});
export type WorkOrderCreate = z.output<typeof workOrderCreate>;

export const workOrderPatch = z
  .strictObject({
    title,
    description,
    assetId: ref('asset').nullable(),
    locationId: ref('location').nullable(),
    priority,
    assigneeIds,
    contractorCompanyId: ref('company').nullable(),
    dueAt: instant().nullable(),
    checklist: checklistLabels.describe('Replaces the checklist; every item starts not done'),
  })
  .partial()
  .refine(nonEmpty, atLeastOne);
export type WorkOrderPatch = z.output<typeof workOrderPatch>;

export const workOrderListQuery = listQuery(['createdAt', 'updatedAt', 'dueAt', 'number'], {
  status: csvEnum(WORK_ORDER_STATUSES).optional(),
  priority: csvEnum(PRIORITIES).optional(),
  type: csvEnum(WORK_ORDER_TYPES).optional(),
  assetId: ref('asset').optional(),
  locationId: ref('location').optional(),
  assigneeId: ref('user').optional(),
  scheduleId: ref('schedule').optional(),
  overdue: boolParam.optional(),
  search: search.optional(),
});
export type WorkOrderListQuery = z.output<typeof workOrderListQuery>;

export const contractedListQuery = listQuery(['createdAt', 'updatedAt', 'dueAt'], {
  status: csvEnum(WORK_ORDER_STATUSES).optional(),
  overdue: boolParam.optional(),
});
export type ContractedListQuery = z.output<typeof contractedListQuery>;

export const statusBody = z.strictObject({
  status: z.enum(WORK_ORDER_STATUSES, { message: `must be one of: ${WORK_ORDER_STATUSES.join(', ')}` }),
  reason: text(1000).optional(),
});
export const checklistBody = z.strictObject({
  index: z.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must not be negative').max(99, 'must be at most 99'),
  done: z.boolean({ message: 'must be true or false' }),
});
export const timeBody = z.strictObject({
  minutes: z.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1440, 'must be at most 1440 (one entry per day at most)'),
  note: text(1000).optional(),
});
export const partUseBody = z.strictObject({
  partId: ref('part'),
  quantity: z.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(100_000, 'must be at most 100000'),
});
export const noteBody = z.strictObject({ body: text(5000) });

const checklistItem = z.strictObject({ label: z.string(), done: z.boolean() });

export const workOrderSchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    number: z.string().regex(/^WO-\d{4,}$/).describe('WO-0001, per company, without gaps'),
    title: z.string(),
    description: z.string(),
    assetId: z.uuid().nullable(),
    assetName: z.string().nullable(),
    locationId: z.uuid().nullable(),
    priority: z.enum(PRIORITIES),
    type: z.enum(WORK_ORDER_TYPES),
    status: z.enum(WORK_ORDER_STATUSES),
    onHoldReason: z.string().nullable(),
    cancelReason: z.string().nullable(),
    assigneeIds: z.array(z.uuid()),
    contractorCompanyId: z.uuid().nullable(),
    dueAt: isoTime().nullable(),
    overdue: z.boolean().describe('Past dueAt and not complete, closed or cancelled'),
    checklist: z.array(checklistItem),
    scheduleId: z.uuid().nullable(),
    requestId: z.uuid().nullable(),
    startedAt: isoTime().nullable(),
    completedAt: isoTime().nullable(),
    createdAt: isoTime(),
    updatedAt: isoTime(),
    createdBy: z.string().nullable(),
    updatedBy: z.string().nullable(),
    companyName: z.string().optional().describe("The owner company's name (contracted work orders)"),
  })
  .meta({ id: 'CmmsWorkOrder' });
export type WorkOrder = z.infer<typeof workOrderSchema>;

export const timeLogSchema = z
  .strictObject({
    id: z.uuid(),
    workOrderId: z.uuid(),
    userId: z.uuid(),
    userName: z.string().nullable(),
    userCompanyId: z.uuid(),
    minutes: z.number().int(),
    note: z.string().nullable(),
    createdAt: isoTime(),
  })
  .meta({ id: 'CmmsTimeLog' });
export type TimeLog = z.infer<typeof timeLogSchema>;

export const partUseSchema = z
  .strictObject({
    id: z.uuid(),
    workOrderId: z.uuid(),
    partId: z.uuid(),
    partName: z.string().nullable(),
    quantity: z.number().int(),
    unitCost: z.number().int().describe('Minor units, at the time of use'),
    currency: z.string(),
    stockLeft: z.number().int().optional().describe("The part's stock after this use (in the answer to the use)"),
    createdAt: isoTime(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: 'CmmsPartUse' });
export type PartUse = z.infer<typeof partUseSchema>;

export const noteSchema = z
  .strictObject({
    id: z.uuid(),
    workOrderId: z.uuid(),
    authorId: z.uuid(),
    authorName: z.string().nullable(),
    authorCompanyId: z.uuid(),
    body: z.string(),
    createdAt: isoTime(),
  })
  .meta({ id: 'CmmsNote' });
export type Note = z.infer<typeof noteSchema>;

export const workOrderDetailSchema = workOrderSchema
  .extend({
    timeLogs: z.array(timeLogSchema),
    totalMinutes: z.number().int(),
    parts: z.array(partUseSchema).optional().describe("Parts used (not shown to a contractor: the owner's inventory)"),
    notes: z.array(noteSchema),
  })
  .meta({ id: 'CmmsWorkOrderDetail' });
export type WorkOrderDetail = z.infer<typeof workOrderDetailSchema>;

// ── Parts ────────────────────────────────────────────────────────────────────────────────────────────────────────

const count = (what: string) => z.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must not be negative').max(1_000_000_000, `${what} is too large`);
const partFields = { name, sku: optionalText(64), stock: count('stock'), minStock: count('minStock'), unitCost: count('unitCost'), currency };
export const partCreate = z.strictObject({
  name,
  sku: partFields.sku.optional(),
  stock: partFields.stock.default(0),
  minStock: partFields.minStock.default(0),
  unitCost: partFields.unitCost.default(0),
  currency,
});
export const partPatch = z
  .strictObject({ ...partFields, stock: partFields.stock.describe('A stock count: sets the stock (409 if it changed since you read it, see expectedStock)'), expectedStock: count('expectedStock').optional() })
  .partial()
  .refine((v) => Object.keys(v).some((k) => k !== 'expectedStock'), atLeastOne);
export const partListQuery = listQuery(['name', 'createdAt'], { lowStock: boolParam.optional() });

export const partSchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    name: z.string(),
    sku: z.string().nullable(),
    stock: z.number().int(),
    minStock: z.number().int(),
    unitCost: z.number().int().describe('Minor units (cents)'),
    currency: z.string().describe('ISO 4217'),
    lowStock: z.boolean().describe('stock ≤ minStock'),
    createdAt: isoTime(),
    updatedAt: isoTime(),
  })
  .meta({ id: 'CmmsPart' });
export type Part = z.infer<typeof partSchema>;

// ── Maintenance requests ─────────────────────────────────────────────────────────────────────────────────────────

const requestDescription = text(5000);
export const requestCreate = z.strictObject({ title, description: requestDescription, assetId: ref('asset').optional() });
export const publicRequestCreate = z.strictObject({ title, description: requestDescription, requesterName: personName, requesterEmail: email.optional() });
export const requestPatch = z.strictObject({ title, description: requestDescription, assetId: ref('asset').nullable() }).partial().refine(nonEmpty, atLeastOne);
export const requestListQuery = listQuery(['createdAt', 'updatedAt'], { status: csvEnum(REQUEST_STATUSES).optional(), assetId: ref('asset').optional() });
export const convertBody = z.strictObject({
  priority: priority.optional(),
  assigneeIds: assigneeIds.optional(),
  contractorCompanyId: ref('company').optional(),
  dueAt: instant().optional(),
});
export const declineBody = z.strictObject({ reason: text(1000) });

export const requestSchema = z
  .strictObject({
    id: z.uuid(),
    companyId: z.uuid(),
    title: z.string(),
    description: z.string(),
    assetId: z.uuid().nullable(),
    assetName: z.string().nullable(),
    requesterName: z.string(),
    requesterEmail: z.string().nullable(),
    requesterId: z.uuid().nullable().describe('The member who filed it; null from the public portal'),
    status: z.enum(REQUEST_STATUSES),
    declineReason: z.string().nullable(),
    workOrderId: z.uuid().nullable(),
    createdAt: isoTime(),
    updatedAt: isoTime(),
  })
  .meta({ id: 'CmmsRequest' });
export type MaintenanceRequest = z.infer<typeof requestSchema>;

export const publicAssetSchema = z.strictObject({ assetName: z.string(), companyName: z.string() }).meta({ id: 'CmmsPublicAsset' });
export const publicRequestSchema = z
  .strictObject({ id: z.uuid(), title: z.string(), description: z.string(), requesterName: z.string(), requesterEmail: z.string().nullable(), status: z.enum(REQUEST_STATUSES), createdAt: isoTime() })
  .meta({ id: 'CmmsPublicRequest' });

// ── KPIs ─────────────────────────────────────────────────────────────────────────────────────────────────────────

export const MAX_KPI_DAYS = 3660;
export const kpiQuery = z
  .object({ from: instant().optional(), to: instant().optional(), assetId: ref('asset').optional() })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'must be before to', path: ['from'] });

export const kpiSchema = z
  .strictObject({
    from: isoTime(),
    to: isoTime(),
    assetId: z.uuid().nullable(),
    mtbfHours: z.number().nullable().describe('Operating hours in the window ÷ failures that started in it; null without failures'),
    mttrHours: z.number().nullable().describe('Mean length of the downtimes that ended in the window; null without any'),
    pmCompliancePercent: z.number().nullable().describe('Preventive work orders due in the window completed by their due time ÷ those due (cancelled ones excluded); null when none were due'),
    backlog: z.strictObject({
      total: z.number().int(),
      byAge: z.strictObject({ '0-7': z.number().int(), '8-30': z.number().int(), '31+': z.number().int() }).describe('Open, in progress or on hold work orders now, by days since creation'),
    }),
    downtimeHours: z.number().describe('Downtime inside the window (open records count to now)'),
    failures: z.number().int(),
    repairs: z.number().int(),
    pmDue: z.number().int(),
    pmOnTime: z.number().int(),
  })
  .meta({ id: 'CmmsKpis' });
export type Kpis = z.infer<typeof kpiSchema>;
