import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { auditColumns, idColumn, softDelete, stringArray } from '../../core/db/columns';
import { companies } from '../../core/tenancy/tenancy.table';

export const CRITICALITIES = ['low', 'medium', 'high'] as const;
export const ASSET_STATUSES = ['operational', 'down', 'retired'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];
export const METER_KINDS = ['cumulative', 'gauge'] as const;
export const READING_SOURCES = ['manual', 'api'] as const;
export const SCHEDULE_BASES = ['schedule', 'completion'] as const;
export const PRIORITIES = ['none', 'low', 'medium', 'high'] as const;
export const WORK_ORDER_TYPES = ['corrective', 'preventive', 'request'] as const;
export const WORK_ORDER_STATUSES = ['open', 'in_progress', 'on_hold', 'complete', 'closed', 'cancelled'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];
/** Statuses in which a work order is still to be done (the backlog; past its due date it is overdue). */
export const OPEN_STATUSES = ['open', 'in_progress', 'on_hold'] as const satisfies readonly WorkOrderStatus[];
export const REQUEST_STATUSES = ['new', 'converted', 'declined'] as const;

export interface ChecklistItem {
  label: string;
  done: boolean;
}

const live = sql`deleted_at IS NULL`;
const company = () =>
  text()
    .notNull()
    .references(() => companies.id);

export const locations = sqliteTable(
  'cmms_locations',
  {
    id: idColumn(),
    companyId: company(),
    name: text().notNull(),
    parentId: text(),
    address: text(),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [
    index('cmms_locations_company_name_idx').on(t.companyId, t.name).where(live),
    index('cmms_locations_company_created_idx').on(t.companyId, t.createdAt).where(live),
    index('cmms_locations_parent_idx').on(t.parentId).where(live),
  ],
);

export const assets = sqliteTable(
  'cmms_assets',
  {
    /** Internal integer key: the search index is keyed on it. */
    seq: integer().primaryKey(),
    id: text().notNull().unique(),
    companyId: company(),
    name: text().notNull(),
    code: text().notNull(),
    category: text(),
    locationId: text(),
    parentId: text(),
    serialNumber: text(),
    criticality: text({ enum: CRITICALITIES }).notNull().default('medium'),
    status: text({ enum: ASSET_STATUSES }).notNull().default('operational'),
    /** The public request portal's key for this asset (printed as a QR code); 256 random bits. */
    requestToken: text().notNull(),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [
    uniqueIndex('cmms_assets_company_code_uq').on(t.companyId, t.code).where(live),
    uniqueIndex('cmms_assets_request_token_uq').on(t.requestToken),
    index('cmms_assets_company_created_idx').on(t.companyId, t.createdAt).where(live),
    index('cmms_assets_company_name_idx').on(t.companyId, t.name).where(live),
    index('cmms_assets_company_status_idx').on(t.companyId, t.status, t.createdAt).where(live),
    index('cmms_assets_location_idx').on(t.locationId, t.createdAt).where(live),
    index('cmms_assets_parent_idx').on(t.parentId).where(live),
  ],
);

export const meters = sqliteTable(
  'cmms_meters',
  {
    id: idColumn(),
    companyId: company(),
    assetId: text().notNull(),
    name: text().notNull(),
    unit: text().notNull(),
    kind: text({ enum: METER_KINDS }).notNull().default('cumulative'),
    lastReading: real(),
    lastReadAt: text(),
    readingCount: integer().notNull().default(0),
    /** Set by each accepted reading write, so the statements of its batch can tell that the guarded update applied. */
    writeToken: text(),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [index('cmms_meters_asset_idx').on(t.assetId, t.createdAt).where(live)],
);

export const readings = sqliteTable(
  'cmms_readings',
  {
    id: idColumn(),
    companyId: company(),
    meterId: text().notNull(),
    value: real().notNull(),
    readAt: text().notNull(),
    source: text({ enum: READING_SOURCES }).notNull(),
    createdAt: text().notNull(),
    createdBy: text(),
  },
  (t) => [index('cmms_readings_meter_read_idx').on(t.meterId, t.readAt)],
);

export const schedules = sqliteTable(
  'cmms_schedules',
  {
    id: idColumn(),
    companyId: company(),
    assetId: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    checklist: stringArray(),
    priority: text({ enum: PRIORITIES }).notNull().default('medium'),
    assigneeIds: stringArray(),
    everyDays: integer(),
    everyMeterUnits: real(),
    meterId: text(),
    basis: text({ enum: SCHEDULE_BASES }).notNull().default('schedule'),
    leadDays: integer().notNull().default(0),
    nextDueAt: text(),
    nextDueMeter: real(),
    /** nextDueAt − leadDays: when the cron generates the time-based work order (indexed for the per-minute sweep). */
    generateAt: text(),
    active: integer({ mode: 'boolean' }).notNull().default(true),
    /** Work orders generated so far; the next one is due point `cycle` (its idempotency key with the schedule id). */
    cycle: integer().notNull().default(0),
    /** Grows with every write; generation applies only to the version it computed from. */
    version: integer().notNull().default(0),
    /** basis "completion": the generated work order whose completion (or cancellation) sets the next due point. */
    awaitingWorkOrderId: text(),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [
    index('cmms_schedules_company_created_idx').on(t.companyId, t.createdAt).where(live),
    index('cmms_schedules_company_due_idx').on(t.companyId, t.nextDueAt).where(live),
    index('cmms_schedules_asset_idx').on(t.assetId, t.createdAt).where(live),
    index('cmms_schedules_meter_idx').on(t.meterId).where(sql`deleted_at IS NULL AND active = 1 AND meter_id IS NOT NULL`),
    index('cmms_schedules_generate_idx').on(t.generateAt).where(sql`deleted_at IS NULL AND active = 1 AND generate_at IS NOT NULL`),
    // Every status change of a work order looks up the schedule waiting for it (basis "completion").
    index('cmms_schedules_awaiting_idx').on(t.awaitingWorkOrderId).where(sql`awaiting_work_order_id IS NOT NULL`),
  ],
);

export const workOrders = sqliteTable(
  'cmms_workorders',
  {
    /** Internal integer key: the search index and the assignee index are keyed on it. */
    seq: integer().primaryKey(),
    id: text().notNull().unique(),
    companyId: company(),
    /** Per company, from 1, without gaps: shown as WO-0001. */
    number: integer().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    assetId: text(),
    locationId: text(),
    priority: text({ enum: PRIORITIES }).notNull().default('medium'),
    type: text({ enum: WORK_ORDER_TYPES }).notNull(),
    status: text({ enum: WORK_ORDER_STATUSES }).notNull().default('open'),
    onHoldReason: text(),
    cancelReason: text(),
    assigneeIds: stringArray(),
    contractorCompanyId: text(),
    dueAt: text(),
    checklist: text({ mode: 'json' }).$type<ChecklistItem[]>().notNull(),
    scheduleId: text(),
    /** The schedule's due point this work order was generated for (see schedules.cycle). */
    dueCycle: integer(),
    requestId: text(),
    startedAt: text(),
    completedAt: text(),
    /**
     * Set by each status move and change, so the events of its batch can tell that this very write applied (the same
     * person's duplicate racing in the same millisecond would otherwise look applied too).
     */
    writeToken: text(),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [
    uniqueIndex('cmms_workorders_company_number_uq').on(t.companyId, t.number),
    uniqueIndex('cmms_workorders_schedule_cycle_uq').on(t.scheduleId, t.dueCycle).where(sql`schedule_id IS NOT NULL`),
    uniqueIndex('cmms_workorders_request_uq').on(t.requestId).where(sql`request_id IS NOT NULL`),
    index('cmms_workorders_company_created_idx').on(t.companyId, t.createdAt).where(live),
    index('cmms_workorders_company_updated_idx').on(t.companyId, t.updatedAt).where(live),
    index('cmms_workorders_company_due_idx').on(t.companyId, t.dueAt).where(live),
    index('cmms_workorders_company_status_idx').on(t.companyId, t.status, t.createdAt).where(live),
    index('cmms_workorders_company_status_due_idx').on(t.companyId, t.status, t.dueAt).where(live),
    index('cmms_workorders_company_type_due_idx').on(t.companyId, t.type, t.dueAt).where(live),
    index('cmms_workorders_asset_idx').on(t.assetId, t.createdAt).where(live),
    index('cmms_workorders_contractor_idx').on(t.contractorCompanyId, t.createdAt).where(sql`deleted_at IS NULL AND contractor_company_id IS NOT NULL`),
  ],
);

/** Who is assigned to which work order, kept by triggers from workOrders.assigneeIds (the "assigned to" filter's index). */
export const workOrderAssignees = sqliteTable(
  'cmms_workorder_assignees',
  {
    userId: text().notNull(),
    workOrderSeq: integer().notNull(),
    companyId: text().notNull(),
    createdAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.workOrderSeq] }), index('cmms_workorder_assignees_wo_idx').on(t.workOrderSeq)],
);

export const timeLogs = sqliteTable(
  'cmms_time_logs',
  {
    id: idColumn(),
    companyId: company(),
    workOrderId: text().notNull(),
    userId: text().notNull(),
    /** The company of the person who logged it (the owner's, or the contractor's). */
    userCompanyId: text().notNull(),
    minutes: integer().notNull(),
    note: text(),
    createdAt: text().notNull(),
  },
  (t) => [index('cmms_time_logs_wo_idx').on(t.workOrderId, t.createdAt)],
);

export const partUses = sqliteTable(
  'cmms_part_uses',
  {
    id: idColumn(),
    companyId: company(),
    workOrderId: text().notNull(),
    partId: text().notNull(),
    quantity: integer().notNull(),
    /** The part's cost when it was used (minor units). */
    unitCost: integer().notNull(),
    currency: text().notNull(),
    createdAt: text().notNull(),
    createdBy: text(),
  },
  (t) => [index('cmms_part_uses_wo_idx').on(t.workOrderId, t.createdAt), index('cmms_part_uses_part_idx').on(t.partId, t.createdAt)],
);

export const notes = sqliteTable(
  'cmms_notes',
  {
    id: idColumn(),
    companyId: company(),
    workOrderId: text().notNull(),
    authorId: text().notNull(),
    authorCompanyId: text().notNull(),
    body: text().notNull(),
    createdAt: text().notNull(),
  },
  (t) => [index('cmms_notes_wo_idx').on(t.workOrderId, t.createdAt)],
);

export const parts = sqliteTable(
  'cmms_parts',
  {
    id: idColumn(),
    companyId: company(),
    name: text().notNull(),
    sku: text(),
    stock: integer().notNull().default(0),
    minStock: integer().notNull().default(0),
    unitCost: integer().notNull().default(0),
    currency: text().notNull(),
    /** Set by each stock change, so the statements of its batch can tell that the guarded update applied. */
    writeToken: text(),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [
    uniqueIndex('cmms_parts_company_sku_uq').on(t.companyId, t.sku).where(sql`deleted_at IS NULL AND sku IS NOT NULL`),
    index('cmms_parts_company_name_idx').on(t.companyId, t.name).where(live),
    index('cmms_parts_company_created_idx').on(t.companyId, t.createdAt).where(live),
  ],
);

export const requests = sqliteTable(
  'cmms_requests',
  {
    id: idColumn(),
    companyId: company(),
    assetId: text(),
    title: text().notNull(),
    description: text().notNull().default(''),
    requesterName: text().notNull(),
    requesterEmail: text(),
    /** The member who filed it; null for the public portal. */
    requesterId: text(),
    status: text({ enum: REQUEST_STATUSES }).notNull().default('new'),
    declineReason: text(),
    workOrderId: text(),
    ...auditColumns,
    ...softDelete,
  },
  (t) => [
    index('cmms_requests_company_status_idx').on(t.companyId, t.status, t.createdAt).where(live),
    index('cmms_requests_company_created_idx').on(t.companyId, t.createdAt).where(live),
    index('cmms_requests_requester_idx').on(t.requesterId, t.createdAt).where(sql`deleted_at IS NULL AND requester_id IS NOT NULL`),
  ],
);

/** One row per stretch of time an asset was down: opened when it goes down, closed when it leaves that status. */
export const downtimes = sqliteTable(
  'cmms_downtimes',
  {
    id: idColumn(),
    companyId: company(),
    assetId: text().notNull(),
    startedAt: text().notNull(),
    endedAt: text(),
  },
  (t) => [
    // At most one open record per asset, whatever races.
    uniqueIndex('cmms_downtimes_open_uq').on(t.assetId).where(sql`ended_at IS NULL`),
    index('cmms_downtimes_asset_started_idx').on(t.assetId, t.startedAt),
    index('cmms_downtimes_company_started_idx').on(t.companyId, t.startedAt),
    index('cmms_downtimes_company_ended_idx').on(t.companyId, t.endedAt),
  ],
);

/** Live rows per (company, kind, status), kept by triggers: list totals read a few of these instead of every row. */
export const counts = sqliteTable(
  'cmms_counts',
  {
    companyId: text().notNull(),
    kind: text({ enum: ['workorder', 'asset'] }).notNull(),
    status: text().notNull(),
    n: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.kind, t.status] })],
);

export type LocationRow = typeof locations.$inferSelect;
export type AssetRow = typeof assets.$inferSelect;
export type MeterRow = typeof meters.$inferSelect;
export type ReadingRow = typeof readings.$inferSelect;
export type ScheduleRow = typeof schedules.$inferSelect;
export type WorkOrderRow = typeof workOrders.$inferSelect;
export type PartRow = typeof parts.$inferSelect;
export type RequestRow = typeof requests.$inferSelect;
export type DowntimeRow = typeof downtimes.$inferSelect;
