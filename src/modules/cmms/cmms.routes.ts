import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { auth, optionalAuth } from '../../core/auth/middleware';
import { created, list, ok } from '../../core/envelope';
import { ApiError } from '../../core/errors';
import { rateLimit } from '../../core/http/rate-limit';
import { doc, tag } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { idParam, jsonBody, validate } from '../../core/validation';
import * as kpi from './cmms.kpis';
import * as req from './cmms.requests';
import {
  assetCreate,
  assetListQuery,
  assetPatch,
  assetSchema,
  checklistBody,
  contractedListQuery,
  convertBody,
  declineBody,
  downtimeListQuery,
  downtimeSchema,
  kpiQuery,
  kpiSchema,
  locationCreate,
  locationListQuery,
  locationPatch,
  locationSchema,
  meterCreate,
  meterListQuery,
  meterPatch,
  meterSchema,
  noteBody,
  noteSchema,
  partCreate,
  partListQuery,
  partPatch,
  partSchema,
  partUseBody,
  partUseSchema,
  publicAssetSchema,
  publicRequestCreate,
  publicRequestSchema,
  readingListQuery,
  readingSchema,
  readingsBody,
  requestCreate,
  requestListQuery,
  requestPatch,
  requestSchema,
  scheduleCreate,
  scheduleListQuery,
  schedulePatch,
  scheduleSchema,
  statusBody,
  timeBody,
  timeLogSchema,
  workOrderCreate,
  workOrderDetailSchema,
  workOrderListQuery,
  workOrderPatch,
  workOrderSchema,
} from './cmms.schemas';
import * as svc from './cmms.service';
import * as wo from './cmms.workorders';

const id = (c: { req: { valid(target: 'param'): { id: string } } }) => c.req.valid('param').id;

const locationsRoutes = createRouter()
  .get('/', doc({ summary: 'Locations of the company', description: 'A tree: filter by `parentId` for one level.', response: locationSchema, list: true }), auth('cmms:view'), validate('query', locationListQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await svc.listLocationsOf(c.var.ctx, c.var.caller, q), q);
  })
  .post('/', doc({ summary: 'Create a location', response: locationSchema, status: 201 }), auth('cmms:manage'), ...jsonBody(locationCreate), async (c) =>
    created(c, await svc.createLocation(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .get('/:id', doc({ summary: 'A location', response: locationSchema }), auth('cmms:view'), idParam, async (c) => ok(c, await svc.getLocationOf(c.var.ctx, c.var.caller, id(c))))
  .patch('/:id', doc({ summary: 'Change a location', description: 'A location cannot move inside itself (400).', response: locationSchema }), auth('cmms:manage'), idParam, ...jsonBody(locationPatch), async (c) =>
    ok(c, await svc.updateLocation(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  )
  .delete('/:id', doc({ summary: 'Delete a location (soft)', description: 'Only an empty location (409 while it holds locations or assets).', response: locationSchema, errors: ['CONFLICT'] }), auth('cmms:manage'), idParam, async (c) =>
    ok(c, await svc.removeLocation(c.var.ctx, c.var.caller, id(c))),
  );

const assetsRoutes = createRouter()
  .get(
    '/',
    doc({ summary: 'Assets of the company', description: '`search` is full-text over name, code, serial number and category.', response: assetSchema, list: true }),
    auth('cmms:view'),
    validate('query', assetListQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await svc.listAssetsOf(c.var.ctx, c.var.caller, q), q);
    },
  )
  .post(
    '/',
    doc({ summary: 'Create an asset', description: 'Codes are unique per company (409). Created down, it opens a downtime record.', response: assetSchema, status: 201, errors: ['CONFLICT'] }),
    auth('cmms:manage'),
    ...jsonBody(assetCreate),
    async (c) => created(c, await svc.createAsset(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .get('/:id', doc({ summary: 'An asset', response: assetSchema }), auth('cmms:view'), idParam, async (c) => ok(c, await svc.getAssetOf(c.var.ctx, c.var.caller, id(c))))
  .patch(
    '/:id',
    doc({
      summary: 'Change an asset',
      description: 'Going `down` opens a downtime record, leaving `down` closes it; retiring it deactivates its PM schedules.',
      response: assetSchema,
      errors: ['CONFLICT'],
    }),
    auth('cmms:manage'),
    idParam,
    ...jsonBody(assetPatch),
    async (c) => ok(c, await svc.updateAsset(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  )
  .delete('/:id', doc({ summary: 'Delete an asset (soft)', description: 'With its meters and schedules; 409 while it has child assets.', response: assetSchema, errors: ['CONFLICT'] }), auth('cmms:manage'), idParam, async (c) =>
    ok(c, await svc.removeAsset(c.var.ctx, c.var.caller, id(c))),
  )
  .post('/:id/request-token', doc({ summary: "Replace the asset's request-portal key", description: 'The old QR code stops working at once.', response: assetSchema }), auth('cmms:manage'), idParam, async (c) =>
    ok(c, await svc.rotateRequestToken(c.var.ctx, c.var.caller, id(c))),
  )
  .get('/:id/meters', doc({ summary: "An asset's meters", response: meterSchema, list: true }), auth('cmms:view'), idParam, validate('query', meterListQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await svc.assetMeters(c.var.ctx, c.var.caller, id(c), q), q);
  })
  .post('/:id/meters', doc({ summary: 'Add a meter to an asset', description: 'Cumulative unless `kind: "gauge"`.', response: meterSchema, status: 201 }), auth('cmms:manage'), idParam, ...jsonBody(meterCreate), async (c) =>
    created(c, await svc.createMeter(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  )
  .get('/:id/downtime', doc({ summary: "An asset's downtime records", response: downtimeSchema, list: true }), auth('cmms:view'), idParam, validate('query', downtimeListQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await svc.assetDowntime(c.var.ctx, c.var.caller, id(c), q), q);
  });

const metersRoutes = createRouter()
  .get('/:id', doc({ summary: 'A meter', response: meterSchema }), auth('cmms:view'), idParam, async (c) => ok(c, await svc.getMeterOf(c.var.ctx, c.var.caller, id(c))))
  .patch('/:id', doc({ summary: 'Rename a meter or change its unit', response: meterSchema }), auth('cmms:manage'), idParam, ...jsonBody(meterPatch), async (c) =>
    ok(c, await svc.updateMeter(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  )
  .delete('/:id', doc({ summary: 'Delete a meter (soft)', description: '409 while active PM schedules use it.', response: meterSchema, errors: ['CONFLICT'] }), auth('cmms:manage'), idParam, async (c) =>
    ok(c, await svc.removeMeter(c.var.ctx, c.var.caller, id(c))),
  )
  .get('/:id/readings', doc({ summary: "A meter's readings", description: 'Newest first by default; `from`/`to` bound readAt.', response: readingSchema, list: true }), auth('cmms:view'), idParam, validate('query', readingListQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await svc.meterReadings(c.var.ctx, c.var.caller, id(c), q), q);
  })
  .post(
    '/:id/readings',
    doc({
      summary: 'Record readings',
      description:
        'One reading `{ value, readAt? }` (answer: the reading) or up to 500 `{ readings: [{ value, readAt? }] }` (answer: the readings, oldest first), in one transaction. Readings are never older than the last one, and a cumulative meter never decreases (409). A reading that reaches a meter-based PM threshold generates its work order at once (once per due point).',
      response: z.union([readingSchema, z.array(readingSchema)]),
      status: 201,
      errors: ['CONFLICT'],
    }),
    auth('cmms:work'),
    idParam,
    ...jsonBody(readingsBody),
    async (c) => {
      const body = c.req.valid('json');
      const readings = await svc.recordReadings(c.var.ctx, c.var.caller, id(c), body);
      return created(c, body.readings ? readings : readings[0]!);
    },
  );

const schedulesRoutes = createRouter()
  .get('/', doc({ summary: 'PM schedules of the company', response: scheduleSchema, list: true }), auth('cmms:view'), validate('query', scheduleListQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await svc.listSchedulesOf(c.var.ctx, c.var.caller, q), q);
  })
  .post(
    '/',
    doc({
      summary: 'Create a PM schedule',
      description:
        'Time-based (`everyDays`), meter-based (`everyMeterUnits` + a cumulative `meterId` of the asset) or both, whichever comes first. `nextDueAt`/`nextDueMeter` may be given here; afterwards they are computed. A schedule already due generates its work order at once.',
      response: scheduleSchema,
      status: 201,
    }),
    auth('cmms:manage'),
    ...jsonBody(scheduleCreate),
    async (c) => created(c, await svc.createSchedule(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .get('/:id', doc({ summary: 'A PM schedule', response: scheduleSchema }), auth('cmms:view'), idParam, async (c) => ok(c, await svc.getScheduleOf(c.var.ctx, c.var.caller, id(c))))
  .patch(
    '/:id',
    doc({ summary: 'Change a PM schedule', description: 'Interval changes apply from the next due point; a new series starts now.', response: scheduleSchema, errors: ['CONFLICT'] }),
    auth('cmms:manage'),
    idParam,
    ...jsonBody(schedulePatch),
    async (c) => ok(c, await svc.updateSchedule(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  )
  .delete('/:id', doc({ summary: 'Delete a PM schedule (soft)', response: scheduleSchema }), auth('cmms:manage'), idParam, async (c) => ok(c, await svc.removeSchedule(c.var.ctx, c.var.caller, id(c))));

const workOrdersRoutes = createRouter()
  .get(
    '/',
    doc({
      summary: 'Work orders of the company',
      description: '`overdue=true`: past dueAt and not complete, closed or cancelled. `search` is full-text over title, description and number (WO-0012).',
      response: workOrderSchema,
      list: true,
    }),
    auth('cmms:view'),
    validate('query', workOrderListQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await wo.list(c.var.ctx, c.var.caller, q), q);
    },
  )
  .post(
    '/',
    doc({ summary: 'Create a work order', description: 'Numbered WO-0001… per company without gaps. `contractorCompanyId` must be an active partner.', response: workOrderSchema, status: 201 }),
    auth('cmms:manage'),
    ...jsonBody(workOrderCreate),
    async (c) => created(c, await wo.create(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .get('/:id', doc({ summary: 'A work order with its time logs, parts and notes', response: workOrderDetailSchema }), auth('cmms:view'), idParam, async (c) => ok(c, await wo.get(c.var.ctx, c.var.caller, id(c))))
  .patch(
    '/:id',
    doc({ summary: 'Change a work order', description: 'Status moves go through /status. Closed and cancelled work orders cannot change (409).', response: workOrderSchema, errors: ['CONFLICT'] }),
    auth('cmms:manage'),
    idParam,
    ...jsonBody(workOrderPatch),
    async (c) => ok(c, await wo.update(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  )
  .delete('/:id', doc({ summary: 'Delete a work order (soft; its number is not reused)', response: workOrderSchema }), auth('cmms:manage'), idParam, async (c) => ok(c, await wo.remove(c.var.ctx, c.var.caller, id(c))))
  .post(
    '/:id/status',
    doc({
      summary: 'Move a work order in its status flow',
      description:
        'open→in_progress→complete→closed; in_progress↔on_hold (reason required); open|in_progress|on_hold→cancelled (reason optional, kept as cancelReason); complete needs every checklist item done; anything else is 409. Assignees may start, hold, resume and complete; closing and cancelling is for admins.',
      response: workOrderSchema,
      errors: ['CONFLICT'],
    }),
    auth('cmms:work'),
    idParam,
    ...jsonBody(statusBody),
    async (c) => ok(c, await wo.changeStatus(c.var.ctx, c.var.caller, id(c), c.req.valid('json'), 'owner')),
  )
  .patch('/:id/checklist', doc({ summary: 'Tick or untick a checklist item', response: workOrderSchema, errors: ['CONFLICT'] }), auth('cmms:work'), idParam, ...jsonBody(checklistBody), async (c) =>
    ok(c, await wo.setChecklistItem(c.var.ctx, c.var.caller, id(c), c.req.valid('json'), 'owner')),
  )
  .post('/:id/time', doc({ summary: 'Log time on a work order', response: timeLogSchema, status: 201, errors: ['CONFLICT'] }), auth('cmms:work'), idParam, ...jsonBody(timeBody), async (c) =>
    created(c, await wo.logTime(c.var.ctx, c.var.caller, id(c), c.req.valid('json'), 'owner')),
  )
  .post(
    '/:id/parts',
    doc({ summary: 'Use parts on a work order', description: "Lowers the part's stock in the same transaction; never below zero (409). Reaching the minimum emits cmms.part.low_stock.", response: partUseSchema, status: 201, errors: ['CONFLICT'] }),
    auth('cmms:work'),
    idParam,
    ...jsonBody(partUseBody),
    async (c) => created(c, await wo.useParts(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  )
  .post('/:id/notes', doc({ summary: 'Add a note to a work order', response: noteSchema, status: 201 }), auth('cmms:work'), idParam, ...jsonBody(noteBody), async (c) =>
    created(c, await wo.addNote(c.var.ctx, c.var.caller, id(c), c.req.valid('json'), 'owner')),
  );

const partsRoutes = createRouter()
  .get('/', doc({ summary: 'Parts of the company', description: '`lowStock=true`: stock at or below its minimum.', response: partSchema, list: true }), auth('cmms:view'), validate('query', partListQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await svc.listPartsOf(c.var.ctx, c.var.caller, q), q);
  })
  .post('/', doc({ summary: 'Create a part', description: 'SKUs are unique per company (409). Money in minor units with an ISO 4217 currency.', response: partSchema, status: 201, errors: ['CONFLICT'] }), auth('cmms:manage'), ...jsonBody(partCreate), async (c) =>
    created(c, await svc.createPart(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .get('/:id', doc({ summary: 'A part', response: partSchema }), auth('cmms:view'), idParam, async (c) => ok(c, await svc.getPartOf(c.var.ctx, c.var.caller, id(c))))
  .patch(
    '/:id',
    doc({ summary: 'Change a part or count its stock', description: '`stock` sets the stock; with `expectedStock` only if it is still that (409).', response: partSchema, errors: ['CONFLICT'] }),
    auth('cmms:manage'),
    idParam,
    ...jsonBody(partPatch),
    async (c) => ok(c, await svc.updatePart(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  )
  .delete('/:id', doc({ summary: 'Delete a part (soft)', response: partSchema }), auth('cmms:manage'), idParam, async (c) => ok(c, await svc.removePart(c.var.ctx, c.var.caller, id(c))));

const requestsRoutes = createRouter()
  .get('/', doc({ summary: 'Maintenance requests', description: 'Admins: every request of the company; members: their own.', response: requestSchema, list: true }), auth('cmms:view'), validate('query', requestListQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await req.list(c.var.ctx, c.var.caller, q), q);
  })
  .post('/', doc({ summary: 'File a maintenance request', response: requestSchema, status: 201 }), auth('cmms:work'), ...jsonBody(requestCreate), async (c) => created(c, await req.create(c.var.ctx, c.var.caller, c.req.valid('json'))))
  .get('/:id', doc({ summary: 'A maintenance request', response: requestSchema }), auth('cmms:view'), idParam, async (c) => ok(c, await req.get(c.var.ctx, c.var.caller, id(c))))
  .patch('/:id', doc({ summary: 'Change a new request', response: requestSchema, errors: ['CONFLICT'] }), auth('cmms:manage'), idParam, ...jsonBody(requestPatch), async (c) =>
    ok(c, await req.update(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  )
  .delete('/:id', doc({ summary: 'Delete a request (soft)', response: requestSchema }), auth('cmms:manage'), idParam, async (c) => ok(c, await req.remove(c.var.ctx, c.var.caller, id(c))))
  .post(
    '/:id/convert',
    doc({ summary: 'Convert a request into a work order', description: 'Once (409 again, or after a decline).', response: workOrderSchema, status: 201, errors: ['CONFLICT'] }),
    auth('cmms:manage'),
    idParam,
    ...jsonBody(convertBody),
    async (c) => created(c, await req.convert(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  )
  .post('/:id/decline', doc({ summary: 'Decline a request', response: requestSchema, errors: ['CONFLICT'] }), auth('cmms:manage'), idParam, ...jsonBody(declineBody), async (c) =>
    ok(c, await req.decline(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  );

const contractedRoutes = createRouter()
  .get(
    '/',
    doc({ summary: 'Work orders contracted to the caller company', description: 'Only while the owner is an active partner: ending the partnership hides them at once.', response: workOrderSchema, list: true }),
    auth('cmms:view'),
    validate('query', contractedListQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await wo.contracted(c.var.ctx, c.var.caller, q), q);
    },
  )
  .get('/:id', doc({ summary: 'A contracted work order with its time logs and notes', response: workOrderDetailSchema }), auth('cmms:view'), idParam, async (c) => ok(c, await wo.getContracted(c.var.ctx, c.var.caller, id(c))))
  .post(
    '/:id/status',
    doc({ summary: 'Move a contracted work order in its status flow', description: 'Start, hold, resume and complete (closing and cancelling is the owner’s).', response: workOrderSchema, errors: ['CONFLICT'] }),
    auth('cmms:work'),
    idParam,
    ...jsonBody(statusBody),
    async (c) => ok(c, await wo.changeStatus(c.var.ctx, c.var.caller, id(c), c.req.valid('json'), 'contractor')),
  )
  .patch('/:id/checklist', doc({ summary: 'Tick a checklist item of a contracted work order', description: 'Needed to complete it.', response: workOrderSchema, errors: ['CONFLICT'] }), auth('cmms:work'), idParam, ...jsonBody(checklistBody), async (c) =>
    ok(c, await wo.setChecklistItem(c.var.ctx, c.var.caller, id(c), c.req.valid('json'), 'contractor')),
  )
  .post('/:id/time', doc({ summary: 'Log time on a contracted work order', response: timeLogSchema, status: 201, errors: ['CONFLICT'] }), auth('cmms:work'), idParam, ...jsonBody(timeBody), async (c) =>
    created(c, await wo.logTime(c.var.ctx, c.var.caller, id(c), c.req.valid('json'), 'contractor')),
  )
  .post('/:id/notes', doc({ summary: 'Add a note to a contracted work order', response: noteSchema, status: 201 }), auth('cmms:work'), idParam, ...jsonBody(noteBody), async (c) =>
    created(c, await wo.addNote(c.var.ctx, c.var.caller, id(c), c.req.valid('json'), 'contractor')),
  );

/** Portal keys are 256-bit URL-safe tokens; anything else cannot exist (404, like an unknown id). */
const tokenParam = tag(
  zValidator('param', z.object({ requestToken: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }), (result) => {
    if (!result.success) throw new ApiError('NOT_FOUND', 'Not found');
  }),
  { part: 'request', target: 'param', schema: z.object({ requestToken: z.string().describe("The asset's requestToken (from its QR code)") }) },
);

/** The request portal behind each asset's QR code: no login; anonymous writes are rate-limited per address. */
const publicRoutes = createRouter()
  .get(
    '/:requestToken',
    doc({ summary: 'The asset behind a request-portal key', description: 'No login. Only the asset and company names.', tag: 'cmms', response: publicAssetSchema, errors: ['RATE_LIMITED'] }),
    rateLimit('anonRead'),
    optionalAuth('cmms'),
    tokenParam,
    async (c) => ok(c, await req.publicAsset(c.var.ctx, c.req.valid('param').requestToken)),
  )
  .post(
    '/:requestToken/requests',
    doc({ summary: 'File a maintenance request on the public portal', description: `No login; at most RATE_LIMIT_PUBLIC per client address per 10 minutes.`, tag: 'cmms', response: publicRequestSchema, status: 201, errors: ['RATE_LIMITED'] }),
    rateLimit('public'),
    optionalAuth('cmms'),
    tokenParam,
    ...jsonBody(publicRequestCreate),
    async (c) => created(c, await req.publicRequest(c.var.ctx, c.req.valid('param').requestToken, c.req.valid('json'))),
  );

const cmmsRoutes = createRouter()
  .route('/locations', locationsRoutes)
  .route('/assets', assetsRoutes)
  .route('/meters', metersRoutes)
  .route('/schedules', schedulesRoutes)
  .route('/workorders', workOrdersRoutes)
  .route('/parts', partsRoutes)
  .route('/requests', requestsRoutes)
  .route('/contracted', contractedRoutes)
  .get('/kpis', doc({ summary: 'Maintenance KPIs', description: 'MTBF, MTTR, PM compliance, backlog by age and downtime over [from, to) (default: the last 30 days); formulas in the README.', response: kpiSchema }), auth('cmms:view'), validate('query', kpiQuery), async (c) =>
    ok(c, await kpi.kpis(c.var.ctx, c.var.caller, c.req.valid('query'))),
  );

export const routes = createRouter().route('/cmms', cmmsRoutes).route('/public/assets', publicRoutes);
