import { env } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import worker from '../src/index';
import { createCtx } from '../src/core/context';
import { registry } from '../src/modules';
import { generateDueByTime, generateSchedule, pmMeterHandler } from '../src/modules/cmms/cmms.pm';
import { addStaff, addUser, call, expectError, makePartners, registerCompany, type Tenant } from './helpers';
import { asset, daysAgo, daysAhead, meter, post, status, walk, workOrder, type Rec } from './cmms-helpers';
import { queryPlan, recordingD1 } from './d1-probe';
import { openSocket } from './realtime-helpers';

const T = 120_000;
const DAY = 86_400_000;

const cron = () => worker.scheduled(createScheduledController(), env, createExecutionContext());
const ctx = () => createCtx(env, registry, () => undefined);

const generated = async (scheduleId: string) =>
  (await env.DB.prepare('SELECT id, number, due_cycle AS cycle, due_at AS dueAt, checklist, assignee_ids AS assignees FROM cmms_workorders WHERE schedule_id = ? ORDER BY due_cycle').bind(scheduleId).all<Record<string, any>>())
    .results;

const schedule = (t: Tenant, body: Record<string, unknown>) => post(t.admin.token, '/schedules', { title: 'Lubricate bearings', ...body });

/** Makes a schedule's time-based due point lie in the past, as if time had passed. */
const makeDue = (id: string, dueAt = daysAgo(1)) => env.DB.prepare('UPDATE cmms_schedules SET next_due_at = ?, generate_at = ? WHERE id = ?').bind(dueAt, dueAt, id).run();

const getSchedule = async (t: Tenant, id: string) => (await call('GET', `/api/v1/cmms/schedules/${id}`, { token: t.admin.token })).body.data as Rec;

describe('PM schedules', () => {
  it('validates the schedule: an interval, a cumulative meter of the asset, lead days under the interval; due points are computed after creation', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const a = await asset(t);
    const b = await asset(t);
    const hours = await meter(t, a.id);
    const temp = await meter(t, a.id, { name: 'Temperature', unit: '°C', kind: 'gauge' });
    const onB = await meter(t, b.id);
    const foreignUser = await addUser(other.company.id, 'cliente');
    for (const [body, path] of [
      [{ assetId: a.id }, 'everyDays'],
      [{ assetId: a.id, everyMeterUnits: 100 }, 'meterId'],
      [{ assetId: a.id, everyDays: 7, meterId: hours.id }, 'meterId'],
      [{ assetId: a.id, everyMeterUnits: 100, meterId: temp.id }, 'meterId'],
      [{ assetId: a.id, everyMeterUnits: 100, meterId: onB.id }, 'meterId'],
      [{ assetId: a.id, everyDays: 7, leadDays: 7 }, 'leadDays'],
      [{ assetId: a.id, everyDays: 0 }, 'everyDays'],
      [{ assetId: a.id, everyMeterUnits: 100, meterId: hours.id, nextDueAt: daysAhead(2) }, 'nextDueAt'],
      [{ assetId: a.id, everyDays: 7, assigneeIds: [foreignUser.user.id] }, 'assigneeIds'],
      [{ assetId: (await asset(other)).id, everyDays: 7 }, 'assetId'],
      [{ assetId: a.id, everyDays: 7, basis: 'calendar' }, 'basis'],
    ] as const) {
      const res = await call('POST', '/api/v1/cmms/schedules', { token: t.admin.token, body: { title: 'Bad schedule', ...body } });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details[0].path, JSON.stringify(body)).toBe(path);
    }
    await post(t.admin.token, `/meters/${hours.id}/readings`, { value: 40 });
    const s = await schedule(t, { assetId: a.id, everyDays: 30, everyMeterUnits: 250, meterId: hours.id, checklist: ['Grease', 'Check play'], leadDays: 2 });
    expect(s).toMatchObject({ everyDays: 30, everyMeterUnits: 250, nextDueMeter: 290, basis: 'schedule', active: true, generatedCount: 0, checklist: ['Grease', 'Check play'] });
    expect(Math.abs(Date.parse(s.nextDueAt) - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
    expectError(await call('PATCH', `/api/v1/cmms/schedules/${s.id}`, { token: t.admin.token, body: { nextDueAt: daysAhead(1) } }), 400, 'VALIDATION_FAILED');
    expectError(await call('PATCH', `/api/v1/cmms/schedules/${s.id}`, { token: t.admin.token, body: { everyDays: null, everyMeterUnits: null, meterId: null } }), 400, 'VALIDATION_FAILED');
    const timeOnly = await call('PATCH', `/api/v1/cmms/schedules/${s.id}`, { token: t.admin.token, body: { everyMeterUnits: null, meterId: null } });
    expect(timeOnly.body.data).toMatchObject({ everyMeterUnits: null, meterId: null, nextDueMeter: null, nextDueAt: s.nextDueAt });
    expect((await call('GET', `/api/v1/cmms/schedules?assetId=${a.id}&active=true`, { token: t.admin.token })).body.meta.total).toBe(1);
    for (const [method, body] of [['GET'], ['PATCH', { active: false }], ['DELETE']] as const) {
      expectError(await call(method, `/api/v1/cmms/schedules/${s.id}`, { token: other.admin.token, body }), 404, 'NOT_FOUND');
    }
    // A meter an active schedule uses cannot be deleted.
    const metered = await schedule(t, { assetId: a.id, everyMeterUnits: 10, meterId: hours.id });
    expectError(await call('DELETE', `/api/v1/cmms/meters/${hours.id}`, { token: t.admin.token }), 409, 'CONFLICT');
    await call('DELETE', `/api/v1/cmms/schedules/${metered.id}`, { token: t.admin.token });
    expect((await call('DELETE', `/api/v1/cmms/meters/${hours.id}`, { token: t.admin.token })).status).toBe(200);
  }, T);

  it('generates time-based work orders from the cron once per due point, and moves the next due point along the calendar', async () => {
    const t = await registerCompany();
    const tech = await addUser(t.company.id, 'cliente');
    const a = await asset(t, { name: 'Air handler' });
    const s = await schedule(t, { assetId: a.id, everyDays: 7, checklist: ['Filter', 'Belt'], assigneeIds: [tech.user.id], priority: 'high', nextDueAt: daysAhead(3) });
    await cron();
    expect(await generated(s.id)).toEqual([]);
    const due = new Date(Date.now() - 2 * DAY).toISOString();
    await makeDue(s.id, due);
    await cron();
    await cron();
    const made = await generated(s.id);
    expect(made).toHaveLength(1);
    const w = (await call('GET', `/api/v1/cmms/workorders/${made[0]!.id}`, { token: tech.token })).body.data;
    expect(w).toMatchObject({ type: 'preventive', scheduleId: s.id, title: 'Lubricate bearings', assetName: 'Air handler', priority: 'high', assigneeIds: [tech.user.id], dueAt: due, overdue: true, status: 'open' });
    expect(w.checklist).toEqual([{ label: 'Filter', done: false }, { label: 'Belt', done: false }]);
    const after = await getSchedule(t, s.id);
    // Two days overdue with a 7-day interval: the next point is five days ahead (missed points are not generated one by one).
    expect(after).toMatchObject({ generatedCount: 1, nextDueAt: new Date(Date.parse(due) + 7 * DAY).toISOString() });
    const [ev] = (await env.DB.prepare("SELECT data FROM events WHERE type = 'cmms.pm.generated' AND company_id = ?").bind(t.company.id).all<{ data: string }>()).results;
    expect(JSON.parse(ev!.data)).toMatchObject({ scheduleId: s.id, workOrderId: w.id, number: w.number, trigger: 'time', assigneeIds: [tech.user.id] });
    await vi.waitFor(
      async () => {
        const inbox = await call('GET', '/api/v1/notifications', { token: tech.token });
        expect(inbox.body.data.map((n: { title: string }) => n.title)).toContain(`Preventive maintenance due: Lubricate bearings (${w.number})`);
      },
      { timeout: 10_000 },
    );

    // With lead days, a schedule is generated that many days before it is due — here at once, on creation.
    const early = await schedule(t, { assetId: a.id, everyDays: 30, leadDays: 5, nextDueAt: daysAhead(2) });
    expect(early.generatedCount).toBe(1);
    expect((await generated(early.id))[0]!.dueAt).toBe(new Date(Date.parse(early.nextDueAt) - 30 * DAY).toISOString());

    // Retiring the asset stops its schedules.
    await call('PATCH', `/api/v1/cmms/assets/${a.id}`, { token: t.admin.token, body: { status: 'retired' } });
    expect((await getSchedule(t, s.id)).active).toBe(false);
    expectError(await call('PATCH', `/api/v1/cmms/schedules/${s.id}`, { token: t.admin.token, body: { active: true } }), 400, 'VALIDATION_FAILED');
    await makeDue(s.id);
    await cron();
    expect(await generated(s.id)).toHaveLength(1);
  }, T);

  it('generates meter-based work orders at once, in the transaction of the reading that crosses the threshold, once per due point', async () => {
    const t = await registerCompany();
    const a = await asset(t);
    const m = await meter(t, a.id);
    const s = await schedule(t, { assetId: a.id, everyMeterUnits: 100, meterId: m.id });
    expect(s.nextDueMeter).toBe(100);
    await post(t.admin.token, `/meters/${m.id}/readings`, { value: 50 });
    const crossing = await post(t.admin.token, `/meters/${m.id}/readings`, { value: 150 });
    expect(crossing.value).toBe(150);
    // Already there when the reading's answer arrives.
    expect(await generated(s.id)).toHaveLength(1);
    expect((await getSchedule(t, s.id)).nextDueMeter).toBe(200);
    // Below the next threshold: nothing; far past it: one work order, and the threshold skips to the first point past the reading.
    await post(t.admin.token, `/meters/${m.id}/readings`, { value: 160 });
    await post(t.admin.token, `/meters/${m.id}/readings`, { readings: [{ value: 300 }, { value: 420 }] });
    expect(await generated(s.id)).toHaveLength(2);
    expect((await getSchedule(t, s.id)).nextDueMeter).toBe(500);
    // The reading event's handler (the safety net) generates what a reading left due, and a re-delivery changes nothing.
    await env.DB.prepare('UPDATE cmms_meters SET last_reading = 512 WHERE id = ?').bind(m.id).run();
    const message = { kind: 'event' as const, event: { id: crypto.randomUUID(), type: 'cmms.meter.reading_recorded', time: new Date().toISOString(), companyId: t.company.id, data: { meterId: m.id } }, partnerCompanyIds: [], audience: { kind: 'company' as const } };
    await pmMeterHandler.handle(message, ctx());
    await pmMeterHandler.handle(message, ctx());
    expect((await generated(s.id)).map((w) => w.cycle)).toEqual([0, 1, 2]);
    expect((await getSchedule(t, s.id)).nextDueMeter).toBe(600);
  }, T);

  it('whichever comes first: a meter-triggered work order restarts the calendar, and vice versa', async () => {
    const t = await registerCompany();
    const a = await asset(t);
    const m = await meter(t, a.id);
    await post(t.admin.token, `/meters/${m.id}/readings`, { value: 10 });
    const s = await schedule(t, { assetId: a.id, everyDays: 90, everyMeterUnits: 500, meterId: m.id });
    expect(s.nextDueMeter).toBe(510);
    await post(t.admin.token, `/meters/${m.id}/readings`, { value: 600 });
    expect(await generated(s.id)).toHaveLength(1);
    const byMeter = await getSchedule(t, s.id);
    expect(byMeter.nextDueMeter).toBe(1010);
    expect(Math.abs(Date.parse(byMeter.nextDueAt) - (Date.now() + 90 * DAY))).toBeLessThan(60_000);
    // Now the calendar comes first: the meter restarts from its current reading.
    await makeDue(s.id);
    await cron();
    expect(await generated(s.id)).toHaveLength(2);
    expect((await getSchedule(t, s.id)).nextDueMeter).toBe(1100);
  }, T);

  it('writes one work order per due point when the cron, reading events and direct generation race for it', async () => {
    const t = await registerCompany();
    const a = await asset(t);
    const m = await meter(t, a.id);
    const schedules = [];
    for (let i = 0; i < 3; i++) schedules.push(await schedule(t, { assetId: a.id, everyDays: 14, everyMeterUnits: 100, meterId: m.id, nextDueAt: daysAhead(5) }));
    // Due both ways at once.
    for (const s of schedules) await makeDue(s.id);
    await env.DB.prepare('UPDATE cmms_meters SET last_reading = 150 WHERE id = ?').bind(m.id).run();
    const event = { kind: 'event' as const, event: { id: crypto.randomUUID(), type: 'cmms.meter.reading_recorded', time: new Date().toISOString(), companyId: t.company.id, data: { meterId: m.id } }, partnerCompanyIds: [], audience: { kind: 'company' as const } };
    await Promise.all([
      cron(),
      generateDueByTime(ctx()),
      pmMeterHandler.handle(event, ctx()),
      pmMeterHandler.handle(event, ctx()),
      ...schedules.flatMap((s) => [generateSchedule(ctx(), s.id), generateSchedule(ctx(), s.id)]),
    ]);
    for (const s of schedules) {
      expect((await generated(s.id)).map((w) => w.cycle), s.id).toEqual([0]);
      expect((await getSchedule(t, s.id)).generatedCount).toBe(1);
    }
    // Numbers stayed gapless through the race.
    const numbers = (await env.DB.prepare('SELECT number FROM cmms_workorders WHERE company_id = ? ORDER BY number').bind(t.company.id).all<{ number: number }>()).results.map((r) => r.number);
    expect(numbers).toEqual([1, 2, 3]);
    const events = await env.DB.prepare("SELECT count(*) AS n FROM events WHERE company_id = ? AND type = 'cmms.pm.generated'").bind(t.company.id).first<{ n: number }>();
    expect(events!.n).toBe(3);
  }, T);

  it('basis "completion": the next due point is set when the generated work order is completed (or cancelled)', async () => {
    const t = await registerCompany();
    const a = await asset(t);
    const s = await schedule(t, { assetId: a.id, everyDays: 10, basis: 'completion', nextDueAt: daysAgo(1) });
    expect(s).toMatchObject({ generatedCount: 1, nextDueAt: null });
    await cron();
    const [w] = await generated(s.id);
    expect(await generated(s.id)).toHaveLength(1);
    await walk(t.admin.token, w!.id, ['in_progress', 'complete']);
    const after = await getSchedule(t, s.id);
    expect(Math.abs(Date.parse(after.nextDueAt) - (Date.now() + 10 * DAY))).toBeLessThan(60_000);
    // The next one, cancelled instead, moves it from the cancellation.
    await makeDue(s.id);
    await cron();
    const second = (await generated(s.id))[1]!;
    expect((await getSchedule(t, s.id)).nextDueAt).toBeNull();
    await status(t.admin.token, second.id, 'cancelled', 'Asset idle');
    expect((await getSchedule(t, s.id)).nextDueAt).not.toBeNull();
  }, T);

  it('generates every due work order exactly once from many concurrent bulk readings while the cron runs', async () => {
    const t = await registerCompany();
    const a = await asset(t);
    const meters: Rec[] = [];
    for (let i = 0; i < 6; i++) {
      const m = await meter(t, a.id, { name: `Pump ${i}` });
      await schedule(t, { assetId: a.id, everyMeterUnits: 100, meterId: m.id });
      meters.push(m);
    }
    // Per meter, two bulk requests one after the other (0…240, then 250…490): the first crosses 100, the second 300.
    const send = async (m: Rec) => {
      for (const part of [0, 1]) {
        const res = await call('POST', `/api/v1/cmms/meters/${m.id}/readings`, { token: t.admin.token, body: { readings: Array.from({ length: 25 }, (_, i) => ({ value: (part * 25 + i) * 10 })) } });
        expect(res.status).toBe(201);
      }
    };
    await Promise.all([...meters.map(send), cron(), cron()]);
    const count = async () => (await env.DB.prepare("SELECT count(*) AS n FROM cmms_workorders WHERE company_id = ? AND type = 'preventive'").bind(t.company.id).first<{ n: number }>())!.n;
    expect(await count()).toBe(meters.length * 2);
    // Nothing more arrives later (the readings' events, another cron run).
    await new Promise((r) => setTimeout(r, 1500));
    await cron();
    expect(await count()).toBe(meters.length * 2);
    const perSchedule = await env.DB.prepare('SELECT schedule_id, count(*) AS n FROM cmms_workorders WHERE company_id = ? GROUP BY schedule_id').bind(t.company.id).all<{ n: number }>();
    expect(perSchedule.results.map((r) => r.n)).toEqual(Array(meters.length).fill(2));
  }, T);
});

describe('contractors', () => {
  it('shows a contracted work order to the partner only, lets it move the status, log time, add notes and tick the checklist; nothing else', async () => {
    const owner = await registerCompany();
    const partner = await registerCompany();
    const stranger = await registerCompany();
    const partnershipId = await makePartners(owner, partner);
    const partnerTech = await addUser(partner.company.id, 'cliente');
    expectError(await call('POST', '/api/v1/cmms/workorders', { token: owner.admin.token, body: { title: 'Outsourced', contractorCompanyId: stranger.company.id } }), 400, 'VALIDATION_FAILED');
    const a = await asset(owner, { name: 'Cooling tower' });
    const w = await workOrder(owner, { title: 'Clean the cooling tower', assetId: a.id, contractorCompanyId: partner.company.id, checklist: ['Drain'] });
    const internal = await workOrder(owner, { title: 'Internal only' });

    const listed = await call('GET', '/api/v1/cmms/contracted', { token: partnerTech.token });
    expect(listed.body.data).toEqual([expect.objectContaining({ id: w.id, companyName: owner.company.name, assetName: 'Cooling tower', contractorCompanyId: partner.company.id })]);
    expect(listed.body.meta.total).toBe(1);
    const detail = await call('GET', `/api/v1/cmms/contracted/${w.id}`, { token: partnerTech.token });
    expect(detail.body.data).toMatchObject({ id: w.id, notes: [], timeLogs: [] });
    expect(detail.body.data.parts).toBeUndefined();
    // Nothing else of the owner's CMMS.
    for (const [method, path, body] of [
      ['GET', `/workorders/${w.id}`],
      ['POST', `/workorders/${w.id}/status`, { status: 'in_progress' }],
      ['POST', `/workorders/${w.id}/time`, { minutes: 5 }],
      ['POST', `/workorders/${w.id}/parts`, { partId: crypto.randomUUID(), quantity: 1 }],
      ['PATCH', `/workorders/${w.id}`, { title: 'Mine now' }],
      ['GET', `/assets/${a.id}`],
      ['GET', `/contracted/${internal.id}`],
      ['POST', `/contracted/${internal.id}/status`, { status: 'in_progress' }],
    ] as const) {
      expectError(await call(method, `/api/v1/cmms${path}`, { token: partner.admin.token, body }), method === 'PATCH' ? 404 : 404, 'NOT_FOUND');
    }
    expect((await call('GET', '/api/v1/cmms/workorders', { token: partner.admin.token })).body.meta.total).toBe(0);
    expectError(await call('GET', `/api/v1/cmms/contracted/${w.id}`, { token: stranger.admin.token }), 404, 'NOT_FOUND');

    const ownerSocket = await openSocket({ token: owner.admin.token });
    const partnerSocket = await openSocket({ token: partner.admin.token });
    try {
      const started = await status(partnerTech.token, w.id, 'in_progress', undefined, 'contracted');
      expect(started.body.data).toMatchObject({ status: 'in_progress', companyName: owner.company.name });
      const live = await ownerSocket.waitFor((m) => m.type === 'cmms.workorder.status_changed' && m.data.workOrderId === w.id);
      expect(live).toMatchObject({ companyId: owner.company.id, data: { status: 'in_progress', actorId: partnerTech.user.id, actorCompanyId: partner.company.id } });
      await partnerSocket.waitFor((m) => m.type === 'cmms.workorder.status_changed' && m.data.workOrderId === w.id);
    } finally {
      ownerSocket.ws.close();
      partnerSocket.ws.close();
    }
    expect((await post(partnerTech.token, `/contracted/${w.id}/time`, { minutes: 90 })).userCompanyId).toBe(partner.company.id);
    expect((await post(partnerTech.token, `/contracted/${w.id}/notes`, { body: 'Drained and cleaned.' })).authorCompanyId).toBe(partner.company.id);
    expectError(await status(partnerTech.token, w.id, 'complete', undefined, 'contracted'), 409, 'CONFLICT');
    expect((await call('PATCH', `/api/v1/cmms/contracted/${w.id}/checklist`, { token: partnerTech.token, body: { index: 0, done: true } })).status).toBe(200);
    expect((await status(partnerTech.token, w.id, 'complete', undefined, 'contracted')).body.data.status).toBe('complete');
    expectError(await status(partner.admin.token, w.id, 'closed', undefined, 'contracted'), 403, 'FORBIDDEN');
    const ownerView = await call('GET', `/api/v1/cmms/workorders/${w.id}`, { token: owner.admin.token });
    expect(ownerView.body.data).toMatchObject({ status: 'complete', totalMinutes: 90, notes: [{ authorCompanyId: partner.company.id, body: 'Drained and cleaned.' }] });

    // Ending the partnership hides it at once.
    await call('DELETE', `/api/v1/partnerships/${partnershipId}`, { token: owner.admin.token });
    expect((await call('GET', '/api/v1/cmms/contracted', { token: partnerTech.token })).body).toMatchObject({ data: [], meta: { total: 0 } });
    expectError(await call('GET', `/api/v1/cmms/contracted/${w.id}`, { token: partnerTech.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/v1/cmms/contracted/${w.id}/notes`, { token: partnerTech.token, body: { body: 'Still here?' } }), 404, 'NOT_FOUND');
  }, T);

  it('is set or removed by the owner’s admins; the contractor hears the assignment and loses the work order when it is removed', async () => {
    const owner = await registerCompany();
    const partner = await registerCompany();
    await makePartners(owner, partner);
    const tech = await addUser(owner.company.id, 'cliente');
    const w = await workOrder(owner, { assigneeIds: [tech.user.id] });
    expectError(await call('PATCH', `/api/v1/cmms/workorders/${w.id}`, { token: tech.token, body: { contractorCompanyId: partner.company.id } }), 403, 'FORBIDDEN');
    const set = await call('PATCH', `/api/v1/cmms/workorders/${w.id}`, { token: owner.admin.token, body: { contractorCompanyId: partner.company.id } });
    expect(set.body.data.contractorCompanyId).toBe(partner.company.id);
    const assigned = await env.DB.prepare("SELECT data, partner_company_ids AS p FROM events WHERE type = 'cmms.workorder.assigned' AND company_id = ?").bind(owner.company.id).first<{ data: string; p: string }>();
    expect(JSON.parse(assigned!.p)).toEqual([partner.company.id]);
    expect(JSON.parse(assigned!.data)).toMatchObject({ contractorAdded: true, contractorCompanyId: partner.company.id });
    await vi.waitFor(
      async () => {
        const inbox = await call('GET', '/api/v1/notifications', { token: partner.admin.token });
        expect(inbox.body.data.map((n: { title: string }) => n.title)).toContain(`Work order ${w.number} was assigned to you: ${w.title}`);
      },
      { timeout: 10_000 },
    );
    expect((await call('GET', '/api/v1/cmms/contracted', { token: partner.admin.token })).body.meta.total).toBe(1);
    await call('PATCH', `/api/v1/cmms/workorders/${w.id}`, { token: owner.admin.token, body: { contractorCompanyId: null } });
    expect((await call('GET', '/api/v1/cmms/contracted', { token: partner.admin.token })).body.meta.total).toBe(0);
    // Work orders without a contractor never reach partner companies.
    const plain = await env.DB.prepare("SELECT partner_company_ids AS p FROM events WHERE type = 'cmms.workorder.created' AND company_id = ?").bind(owner.company.id).first<{ p: string }>();
    expect(JSON.parse(plain!.p)).toEqual([]);
  }, T);
});

describe('CMMS events and query plans', () => {
  it('declares exactly the contract’s events, each for the whole company', () => {
    const cmms = [...registry.events].filter(([, spec]) => spec.module === 'cmms');
    expect(cmms.map(([type]) => type).sort()).toEqual(
      [
        'cmms.workorder.created',
        'cmms.workorder.assigned',
        'cmms.workorder.status_changed',
        'cmms.workorder.completed',
        'cmms.asset.status_changed',
        'cmms.meter.reading_recorded',
        'cmms.pm.generated',
        'cmms.part.low_stock',
        'cmms.request.created',
      ].sort(),
    );
    expect(cmms.every(([, spec]) => spec.audience === 'company')).toBe(true);
  });

  it('serves the work-order, asset and contracted lists from indexes (no table scans), for every filter', async () => {
    const t = await registerCompany();
    const staff = await addStaff('DEV');
    await workOrder(t);
    const { listWorkOrders, listAssets, listContracted } = await import('../src/modules/cmms/cmms.queries');
    const { workOrderListQuery, assetListQuery, contractedListQuery } = await import('../src/modules/cmms/cmms.schemas');
    const { scopeOf } = await import('../src/core/tenancy/scope');
    const { db, statements: captured } = recordingD1();
    const member = scopeOf({ ...t.admin.user, exp: 0 } as never);
    const runs: [string, () => Promise<unknown>][] = [];
    for (const f of [{}, { status: 'open,in_progress' }, { overdue: 'true' }, { assigneeId: t.admin.user.id }, { sortBy: 'dueAt' }, { sortBy: 'number' }, { sortBy: 'updatedAt' }, { search: 'belt' }, { type: 'preventive' }, { assetId: crypto.randomUUID() }]) {
      runs.push([`workorders ${JSON.stringify(f)}`, () => listWorkOrders(db, member, workOrderListQuery.parse(f))]);
    }
    for (const f of [{}, { status: 'down' }, { sortBy: 'name' }, { sortBy: 'code' }, { search: 'pump' }, { locationId: crypto.randomUUID() }]) {
      runs.push([`assets ${JSON.stringify(f)}`, () => listAssets(db, member, assetListQuery.parse(f))]);
    }
    runs.push(['contracted', () => listContracted(db, t.company.id, contractedListQuery.parse({}))]);
    runs.push(['staff workorders', () => listWorkOrders(db, scopeOf({ ...staff.user, exp: 0 } as never), workOrderListQuery.parse({}))]);
    const offenders: string[] = [];
    for (const [label, run] of runs) {
      captured.length = 0;
      await run();
      expect(captured.length).toBeGreaterThan(0);
      for (const q of captured) {
        for (const detail of await queryPlan(q)) {
          const tableScan = /^SCAN (cmms_workorders|cmms_assets)\b(?! USING (COVERING )?INDEX)/.test(detail);
          const anyScan = /^SCAN (cmms_workorders|cmms_assets)\b/.test(detail);
          if (tableScan || (anyScan && !label.startsWith('staff'))) offenders.push(`${label}: ${detail}`);
        }
      }
    }
    expect(offenders.join('\n')).toBe('');
  }, T);
});
