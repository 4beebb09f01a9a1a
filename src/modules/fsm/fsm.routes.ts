import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { auth, optionalAuth } from '../../core/auth/middleware';
import { created, list, ok } from '../../core/envelope';
import { ApiError } from '../../core/errors';
import { rateLimit } from '../../core/http/rate-limit';
import { doc, tag } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { idParam, idParams, jsonBody, validate } from '../../core/validation';
import {
  boardQuery,
  boardSchema,
  customerCreate,
  customerListQuery,
  customerPatch,
  customerSchema,
  jobCreate,
  jobDetailSchema,
  jobListQuery,
  jobPatch,
  jobSchema,
  MAX_SIGNATURE_CHARS,
  myDayQuery,
  publicVisitSchema,
  siteCreate,
  siteListQuery,
  sitePatch,
  siteSchema,
  technicianListQuery,
  technicianPut,
  technicianSchema,
  visitCreate,
  visitPatch,
  visitSchema,
  visitStatusBody,
} from './fsm.schemas';
import * as svc from './fsm.service';
import * as visits from './fsm.visits';

const id = (c: { req: { valid(target: 'param'): { id: string } } }) => c.req.valid('param').id;

const customersRoutes = createRouter()
  .get(
    '/',
    doc({ summary: 'Customers of the company', description: '`search` is full-text over name, email and phone.', response: customerSchema, list: true }),
    auth('fsm:view'),
    validate('query', customerListQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await svc.listCustomersOf(c.var.ctx, c.var.caller, q), q);
    },
  )
  .post('/', doc({ summary: 'Add a customer', response: customerSchema, status: 201 }), auth('fsm:dispatch'), ...jsonBody(customerCreate), async (c) =>
    created(c, await svc.createCustomer(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .get('/:id', doc({ summary: 'A customer', response: customerSchema }), auth('fsm:view'), idParam, async (c) => ok(c, await svc.getCustomerOf(c.var.ctx, c.var.caller, id(c))))
  .patch('/:id', doc({ summary: 'Change a customer', response: customerSchema }), auth('fsm:dispatch'), idParam, ...jsonBody(customerPatch), async (c) =>
    ok(c, await svc.updateCustomer(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  )
  .delete(
    '/:id',
    doc({ summary: 'Delete a customer (soft), with its sites', description: 'Refused (409) while it has open jobs (unscheduled, scheduled or in progress).', response: customerSchema, errors: ['CONFLICT'] }),
    auth('fsm:dispatch'),
    idParam,
    async (c) => ok(c, await svc.removeCustomer(c.var.ctx, c.var.caller, id(c))),
  )
  .get('/:id/sites', doc({ summary: "A customer's sites", response: siteSchema, list: true }), auth('fsm:view'), idParam, validate('query', siteListQuery), async (c) => {
    const q = c.req.valid('query');
    return list(c, await svc.listSitesOf(c.var.ctx, c.var.caller, id(c), q), q);
  })
  .post('/:id/sites', doc({ summary: 'Add a site to a customer', description: 'lat and lng come together (or not at all).', response: siteSchema, status: 201 }), auth('fsm:dispatch'), idParam, ...jsonBody(siteCreate), async (c) =>
    created(c, await svc.createSite(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  );

const sitesRoutes = createRouter()
  .get('/:id', doc({ summary: 'A site', response: siteSchema }), auth('fsm:view'), idParam, async (c) => ok(c, await svc.getSiteOf(c.var.ctx, c.var.caller, id(c))))
  .patch('/:id', doc({ summary: 'Change a site', response: siteSchema }), auth('fsm:dispatch'), idParam, ...jsonBody(sitePatch), async (c) =>
    ok(c, await svc.updateSite(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  )
  .delete('/:id', doc({ summary: 'Delete a site (soft)', description: 'Refused (409) while it has open jobs.', response: siteSchema, errors: ['CONFLICT'] }), auth('fsm:dispatch'), idParam, async (c) =>
    ok(c, await svc.removeSite(c.var.ctx, c.var.caller, id(c))),
  );

const userIdParam = idParams('userId');

const techniciansRoutes = createRouter()
  .get(
    '/',
    doc({ summary: 'Technicians of the company', description: 'Employees with a technician profile; `skill` keeps those with that skill (case-insensitive).', response: technicianSchema, list: true }),
    auth('fsm:view'),
    validate('query', technicianListQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await svc.listTechniciansOf(c.var.ctx, c.var.caller, q), q);
    },
  )
  .get('/:userId', doc({ summary: "An employee's technician profile", response: technicianSchema }), auth('fsm:view'), userIdParam, async (c) =>
    ok(c, await svc.getTechnicianOf(c.var.ctx, c.var.caller, c.req.valid('param').userId)),
  )
  .put(
    '/:userId',
    doc({
      summary: "Create or replace an employee's technician profile",
      description: 'Skills, shifts (UTC `HH:MM` per weekday, 0 = Sunday; a shift ends after it starts, within the day) and home base. Any employee of the company can be made a technician.',
      response: technicianSchema,
    }),
    auth('fsm:dispatch'),
    userIdParam,
    ...jsonBody(technicianPut),
    async (c) => ok(c, await svc.putTechnician(c.var.ctx, c.var.caller, c.req.valid('param').userId, c.req.valid('json'))),
  );

const jobsRoutes = createRouter()
  .get(
    '/',
    doc({ summary: 'Field jobs of the company', description: '`search` is full-text over title, description and number (FJ-0012 or 12).', response: jobSchema, list: true }),
    auth('fsm:view'),
    validate('query', jobListQuery),
    async (c) => {
      const q = c.req.valid('query');
      return list(c, await svc.listJobsOf(c.var.ctx, c.var.caller, q), q);
    },
  )
  .post(
    '/',
    doc({
      summary: 'Create a field job',
      description:
        'Numbered FJ-0001… per company. With `sourceWorkOrderId` it carries out a CMMS work order contracted to your company (404 unless it is, by an active partner; 409 if it already has a live job); completing its last visit completes that work order. Customer, site and work order of another company are 404.',
      response: jobSchema,
      status: 201,
      errors: ['CONFLICT'],
    }),
    auth('fsm:dispatch'),
    ...jsonBody(jobCreate),
    async (c) => created(c, await svc.createJob(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .get('/:id', doc({ summary: 'A field job with its visits', response: jobDetailSchema }), auth('fsm:view'), idParam, async (c) => ok(c, await svc.getJobOf(c.var.ctx, c.var.caller, id(c))))
  .patch(
    '/:id',
    doc({
      summary: 'Change or cancel a field job',
      description:
        'Status follows the visits; only `cancelled` may be set (its visits not under way are cancelled with it; 409 while one is en route or on site). Completed and cancelled jobs are read-only (409). `version`, when sent, must be current (409).',
      response: jobSchema,
      errors: ['CONFLICT'],
    }),
    auth('fsm:dispatch'),
    idParam,
    ...jsonBody(jobPatch),
    async (c) => ok(c, await svc.updateJob(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  )
  .delete(
    '/:id',
    doc({ summary: 'Delete a field job (soft)', description: 'Its visits not under way are cancelled; 409 while a visit is en route or on site.', response: jobSchema, errors: ['CONFLICT'] }),
    auth('fsm:dispatch'),
    idParam,
    async (c) => ok(c, await svc.removeJob(c.var.ctx, c.var.caller, id(c))),
  );

const visitsRoutes = createRouter()
  .post(
    '/',
    doc({
      summary: 'Schedule a visit of a job',
      description:
        "Assigns technicians (active technicians of the company; others are 404) for a UTC window (`end` defaults to start + the job's duration). A new visit has version 1. `version`, when sent, is the job's version as read (409 if it changed: two dispatchers dropping the same tray job). The job becomes scheduled.",
      response: visitSchema,
      status: 201,
      errors: ['CONFLICT'],
    }),
    auth('fsm:dispatch'),
    ...jsonBody(visitCreate),
    async (c) => created(c, await visits.create(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .get('/:id', doc({ summary: 'A visit (with its signature)', response: visitSchema }), auth('fsm:view'), idParam, async (c) => ok(c, await visits.get(c.var.ctx, c.var.caller, id(c))))
  .patch(
    '/:id',
    doc({
      summary: 'Reassign, reschedule, or edit the checklist and notes of a visit',
      description:
        'Send the `version` you read: a stale one is 409 (checked in the write). Dispatchers change everything (moving `start` alone keeps the duration; not once under way); the visit’s technicians only the checklist and notes (403 otherwise). Completed and cancelled visits are read-only.',
      response: visitSchema,
      errors: ['CONFLICT'],
    }),
    auth('fsm:work'),
    idParam,
    ...jsonBody(visitPatch),
    async (c) => ok(c, await visits.update(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  )
  .post(
    '/:id/status',
    doc({
      summary: 'Move a visit one status step',
      description: `scheduled → dispatched (dispatchers) → en_route → on_site → completed (its technicians or dispatchers); cancelled by dispatchers until completed. Other moves are 409. Completing needs every checklist item done (409) and may carry the customer's \`signature\`: a PNG data URL (data:image/png;base64,…) of at most ${MAX_SIGNATURE_CHARS} characters (400 beyond).`,
      response: visitSchema,
      errors: ['CONFLICT'],
    }),
    auth('fsm:work'),
    idParam,
    ...jsonBody(visitStatusBody),
    async (c) => ok(c, await visits.changeStatus(c.var.ctx, c.var.caller, id(c), c.req.valid('json'))),
  );

const fsmRoutes = createRouter()
  .route('/customers', customersRoutes)
  .route('/sites', sitesRoutes)
  .route('/technicians', techniciansRoutes)
  .route('/jobs', jobsRoutes)
  .route('/visits', visitsRoutes)
  .get(
    '/board',
    doc({
      summary: 'The dispatch board of a UTC date',
      description:
        'The tray (every unscheduled job, whatever the date; at most 500, high priority first), a lane per technician with the visits that start that date, and the conflicts: overlapping visits of a technician, a visit outside the technician’s shift for that weekday, a required skill none of the visit’s technicians has. One D1 round trip.',
      response: boardSchema,
    }),
    auth('fsm:dispatch'),
    validate('query', boardQuery),
    async (c) => ok(c, await visits.board(c.var.ctx, c.var.caller, c.req.valid('query').date)),
  )
  .get(
    '/my-day',
    doc({
      summary: "The caller's visits of a UTC date",
      description:
        'Visits assigned to the caller that start that date (default today), not cancelled, by start. `optimize=true`: nearest stop first, starting from the home base of the technician profile (greedy nearest neighbour over great-circle distances; without a home base, from the earliest stop; stops without coordinates last). `legKm` is the distance of each leg.',
      response: z.array(visitSchema),
    }),
    auth('fsm:work'),
    validate('query', myDayQuery),
    async (c) => ok(c, await visits.myDay(c.var.ctx, c.var.caller, c.req.valid('query'))),
  );

/** Tracking tokens are 256-bit URL-safe keys; anything else cannot exist (404, like an unknown id). */
const tokenParam = tag(
  zValidator('param', z.object({ customerToken: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }), (result) => {
    if (!result.success) throw new ApiError('NOT_FOUND', 'Not found');
  }),
  { part: 'request', target: 'param', schema: z.object({ customerToken: z.string().describe("The visit's customerToken (from the tracking link)") }) },
);

/** The customer's tracking link: no login, rate-limited per client address, only the fields it documents. */
const publicRoutes = createRouter().get(
  '/:customerToken',
  doc({
    summary: "A visit as its customer's tracking link shows it",
    description: `No login. Exactly the company's name, the visit's status and window, the technician's first name and the time of the last change; 404 from 7 days after the visit's end (or once its job is deleted). At most RATE_LIMIT_ANON_READ per client address per minute.`,
    tag: 'fsm',
    response: publicVisitSchema,
    errors: ['RATE_LIMITED'],
  }),
  rateLimit('anonRead'),
  optionalAuth('fsm'),
  tokenParam,
  async (c) => ok(c, await visits.track(c.var.ctx, c.req.valid('param').customerToken)),
);

export const routes = createRouter().route('/fsm', fsmRoutes).route('/public/visits', publicRoutes);
