import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { exports } from 'cloudflare:workers';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { app } from '../src/app';
import { createCtx } from '../src/core/context';
import { createDb } from '../src/core/db/client';
import type { Caller } from '../src/core/auth/caller';
import type { EventMessage } from '../src/core/events/types';
import { registry } from '../src/modules';
import { fieldJobCompletedHandler } from '../src/modules/cmms/cmms.fsm-link';
import { scopeOf } from '../src/core/tenancy/scope';
import { conflictsOf, haversineKm, routeOf } from '../src/modules/fsm/fsm.board';
import { listCustomers, listJobs, listTechnicians } from '../src/modules/fsm/fsm.queries';
import { customerListQuery, jobListQuery, technicianListQuery } from '../src/modules/fsm/fsm.schemas';
import { board } from '../src/modules/fsm/fsm.visits';
import { addUser, BASE, call, expectError, makePartners, registerCompany, type Tenant } from './helpers';
import { at, customer, dayFromToday, eventsOf, job, post, site, step, technician, visit, walk, type Rec } from './fsm-helpers';
import { queryPlan, recordingD1 } from './d1-probe';
import { openSocket } from './realtime-helpers';

vi.setConfig({ testTimeout: 120_000 });

afterAll(async () => {
  for (let i = 0; i < 100; i++) {
    const waiting = await env.DB.prepare('SELECT count(*) AS n FROM events WHERE processed_at IS NULL AND dead_at IS NULL').first<{ n: number }>();
    if (!waiting?.n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}, 15_000);

const D = dayFromToday(4);
const weekday = new Date(`${D}T00:00:00Z`).getUTCDay();
const otherDay = (weekday + 3) % 7;

const conflictKeys = (list: { visitId: string; kind: string; technicianId: string | null }[]) => list.map((c) => `${c.visitId}:${c.kind}:${c.technicianId}`).sort();

describe('the dispatch board', () => {
  it('has the tray (every unscheduled job), a lane per technician with the day’s visits, and flags overlap, outside-shift and missing-skill conflicts', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const a = await technician(t, { skills: ['hvac'], shifts: [{ weekday, start: '08:00', end: '17:00' }] });
    const b = await technician(t, { skills: ['electrical'], shifts: [{ weekday: otherDay, start: '08:00', end: '17:00' }] });
    const idle = await technician(t, { skills: ['plumbing'] });
    const gone = await technician(t);
    await call('PATCH', `/api/v1/employees/${gone.user.id}`, { token: t.admin.token, body: { status: 'inactive' } });
    const c = await customer(t);
    const s = await site(t, c.id);
    const place = { customerId: c.id, siteId: s.id };
    const hvac = (title: string) => job(t, { title, requiredSkills: ['hvac'] }, place);
    const v1 = await visit(t, (await hvac('First')).id, [a.user.id], at(D, '09:00'));
    const v2 = await visit(t, (await hvac('Second')).id, [a.user.id], at(D, '09:30'));
    const v3 = await visit(t, (await job(t, { title: 'Panel', requiredSkills: ['Electrical'] }, place)).id, [a.user.id], at(D, '16:30'));
    const v4 = await visit(t, (await job(t, { title: 'Socket', requiredSkills: ['electrical'] }, place)).id, [b.user.id], at(D, '10:00'));
    const v5 = await visit(t, (await job(t, { title: 'Team', requiredSkills: ['hvac', 'electrical'] }, place)).id, [a.user.id, b.user.id], at(D, '12:00'));
    // Not on this day's board: another day, a cancelled visit, and another company.
    await visit(t, (await hvac('Tomorrow')).id, [a.user.id], at(dayFromToday(5), '09:00'));
    const cancelled = await visit(t, (await hvac('Cancelled')).id, [a.user.id], at(D, '09:15'));
    await step(t.admin.token, cancelled.id, 'cancelled');
    const theirs = await technician(other);
    await visit(other, (await job(other)).id, [theirs.user.id], at(D, '09:00'));
    // The tray: unscheduled jobs whatever their date, high priority first, then oldest.
    const low = await job(t, { title: 'Low', priority: 'low' }, place);
    const high = await job(t, { title: 'High', priority: 'high' }, place);
    const medium = await job(t, { title: 'Medium' }, place);

    const res = await call('GET', `/api/v1/fsm/board?date=${D}`, { token: t.admin.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const data = res.body.data;
    expect(data.date).toBe(D);
    // The cancelled visit's job went back to the tray too (medium, older than 'Medium').
    expect(data.unassigned.map((j: { id: string }) => j.id)).toEqual([high.id, cancelled.jobId, medium.id, low.id]);
    expect(data.unassigned[0]).toMatchObject({ customerName: c.name, siteName: s.name, status: 'unscheduled' });
    const lanes = Object.fromEntries(data.lanes.map((l: { technician: { userId: string }; visits: { id: string }[] }) => [l.technician.userId, l.visits.map((v) => v.id)]));
    expect(lanes).toEqual({ [a.user.id]: [v1.id, v2.id, v5.id, v3.id], [b.user.id]: [v4.id, v5.id], [idle.user.id]: [] });
    const laneOfA = data.lanes.find((l: { technician: { userId: string } }) => l.technician.userId === a.user.id);
    expect(laneOfA.visits[0]).not.toHaveProperty('signature');
    expect(laneOfA.visits[0]).toMatchObject({ jobTitle: 'First', customerName: c.name, siteAddress: s.address, requiredSkills: ['hvac'] });
    expect(conflictKeys(data.conflicts)).toEqual(
      conflictKeys([
        { visitId: v1.id, kind: 'overlap', technicianId: a.user.id },
        { visitId: v2.id, kind: 'overlap', technicianId: a.user.id },
        { visitId: v3.id, kind: 'outside_shift', technicianId: a.user.id },
        { visitId: v3.id, kind: 'missing_skill', technicianId: null },
        { visitId: v4.id, kind: 'outside_shift', technicianId: b.user.id },
        { visitId: v5.id, kind: 'outside_shift', technicianId: b.user.id },
      ]),
    );
    const overlap = data.conflicts.find((x: { visitId: string; kind: string }) => x.visitId === v1.id && x.kind === 'overlap');
    expect(overlap.detail).toMatch(/^Overlaps FJ-\d{4} \(09:30–10:30 UTC\) for /);
    expect(data.conflicts.find((x: { visitId: string; kind: string }) => x.visitId === v3.id && x.kind === 'missing_skill').detail).toMatch(/Needs Electrical/);

    // Rescheduling the second visit away resolves the overlap.
    await call('PATCH', `/api/v1/fsm/visits/${v2.id}`, { token: t.admin.token, body: { version: 1, start: at(D, '10:00') } });
    const after = (await call('GET', `/api/v1/fsm/board?date=${D}`, { token: t.admin.token })).body.data;
    expect(after.conflicts.filter((x: { kind: string }) => x.kind === 'overlap')).toEqual([]);

    expectError(await call('GET', `/api/v1/fsm/board?date=${D}`, { token: a.token }), 403, 'FORBIDDEN');
    expectError(await call('GET', '/api/v1/fsm/board', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/fsm/board?date=2026-02-30', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/fsm/board?date=tomorrow', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    const theirBoard = (await call('GET', `/api/v1/fsm/board?date=${D}`, { token: other.admin.token })).body.data;
    expect(theirBoard.lanes.map((l: { technician: { userId: string } }) => l.technician.userId)).toEqual([theirs.user.id]);
  });

  it('is read in one D1 round trip, through indexes, reading about what it returns', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const techs = [await technician(t), await technician(t), await technician(t)];
    const c = await customer(t);
    const s = await site(t, c.id);
    const place = { customerId: c.id, siteId: s.id };
    // This day: 9 visits; other days: 12 visits; completed jobs (off the tray): 6; tray: 5; another company: 6 visits that day.
    for (let i = 0; i < 9; i++) await visit(t, (await job(t, {}, place)).id, [techs[i % 3]!.user.id], at(D, `${String(8 + i).padStart(2, '0')}:00`));
    for (let i = 0; i < 12; i++) await visit(t, (await job(t, {}, place)).id, [techs[i % 3]!.user.id], at(dayFromToday(6 + (i % 4)), '09:00'));
    for (let i = 0; i < 6; i++) {
      const v = await visit(t, (await job(t, {}, place)).id, [techs[0]!.user.id], at(dayFromToday(-2), '09:00'));
      await walk(t.admin.token, techs[0]!.token, v.id, ['dispatched', 'en_route', 'on_site', 'completed']);
    }
    for (let i = 0; i < 5; i++) await job(t, {}, place);
    const theirs = await technician(other);
    for (let i = 0; i < 6; i++) await visit(other, (await job(other)).id, [theirs.user.id], at(D, '09:00'));

    const { db: probe, stats, statements: captured } = recordingD1();
    const ctx = { ...createCtx(env, registry, () => undefined), db: probe };
    const caller = { kind: 'user', id: t.admin.user.id, companyId: t.company.id, role: 'admin_empresa', scopes: null, exp: 0, authVersion: 0 } as Caller;
    const b = await board(ctx, caller, D);
    expect(b.unassigned).toHaveLength(5);
    expect(b.lanes.map((l) => l.visits.length)).toEqual([3, 3, 3]);
    expect(stats.roundTrips).toBe(1);
    const returned = b.unassigned.length + b.lanes.length + b.lanes.reduce((n, l) => n + l.visits.length, 0);
    // Each returned row costs its own read plus its joins (customer and site of a job; the employee of a technician).
    expect(stats.rowsRead, `per statement: ${stats.perStatement?.join(' ')}`).toBeLessThanOrEqual(4 * returned + 20);
    const offenders: string[] = [];
    for (const q of captured) {
      for (const detail of await queryPlan(q)) if (/^SCAN (fsm_\w+|users)\b(?! USING (COVERING )?INDEX)/.test(detail)) offenders.push(detail);
    }
    expect(offenders).toEqual([]);

    // Over HTTP, with the credential check included: at most 2 round trips.
    const res = await app.fetch(new Request(`${BASE}/api/v1/fsm/board?date=${D}`, { headers: { authorization: `Bearer ${t.admin.token}` } }), { ...env, D1_STATS: 'true' } as Env, createExecutionContext());
    expect(res.status).toBe(200);
    const roundTrips = Number(/d1rt;desc="(\d+)"/.exec(res.headers.get('server-timing') ?? '')?.[1]);
    expect(roundTrips).toBeLessThanOrEqual(2);
  });

  it('pushes every visit change live to every dispatcher (and the technicians) through the company hub', async () => {
    const t = await registerCompany();
    const second = await addUser(t.company.id, 'admin_empresa');
    const outsider = await registerCompany();
    const tech = await technician(t);
    const j = await job(t);
    const sockets = await Promise.all([openSocket({ token: t.admin.token }), openSocket({ token: second.token }), openSocket({ token: tech.token }), openSocket({ token: outsider.admin.token })]);
    for (const s of sockets) await s.waitFor((m) => m.type === 'realtime.ready');
    const v = await visit(t, j.id, [tech.user.id], at(D, '09:00'));
    const moved = await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: t.admin.token, body: { version: 1, start: at(D, '11:00') } });
    expect(moved.status).toBe(200);
    await step(t.admin.token, v.id, 'dispatched');
    for (const s of sockets.slice(0, 3)) {
      expect(await s.waitFor((m) => m.type === 'fsm.visit.scheduled')).toMatchObject({ data: { visitId: v.id, version: 1, jobStatus: 'scheduled' } });
      expect(await s.waitFor((m) => m.type === 'fsm.visit.updated')).toMatchObject({ data: { visitId: v.id, version: 2, start: at(D, '11:00'), end: at(D, '12:00'), rescheduled: true } });
      expect(await s.waitFor((m) => m.type === 'fsm.visit.status_changed')).toMatchObject({ data: { visitId: v.id, version: 3, status: 'dispatched', from: 'scheduled' } });
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(sockets[3]!.messages.filter((m) => m.type.startsWith('fsm.'))).toEqual([]);
    for (const s of sockets) s.ws.close(1000);
  });

  it('notifies the assigned technicians of a new or moved visit and the dispatchers of its completion — never the one who acted', async () => {
    const t = await registerCompany();
    const second = await addUser(t.company.id, 'admin_empresa');
    const tech = await technician(t);
    const j = await job(t, { title: 'Boiler service' });
    const v = await visit(t, j.id, [tech.user.id], at(D, '09:00'));
    await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: t.admin.token, body: { version: 1, start: at(D, '10:00') } });
    await walk(t.admin.token, tech.token, v.id, ['dispatched', 'en_route', 'on_site', 'completed']);
    const titles = async (token: string) => ((await call('GET', '/api/v1/notifications', { token })).body.data as { title: string }[]).map((n) => n.title).sort();
    await vi.waitFor(
      async () => {
        expect(await titles(tech.token)).toEqual([`New visit ${j.number} ${D} 09:00 UTC: Boiler service`, `Visit ${j.number} rescheduled to ${D} 10:00 UTC: Boiler service`].sort());
        expect(await titles(second.token)).toEqual([`Visit ${j.number} completed: Boiler service`]);
        expect(await titles(t.admin.token)).toEqual([`Visit ${j.number} completed: Boiler service`]);
      },
      { timeout: 15_000, interval: 200 },
    );
    // The dispatcher who scheduled and moved it heard nothing of their own actions.
  });
});

describe("the technician's day", () => {
  it('lists their visits of a date by start, or nearest-first from the home base with optimize=true', async () => {
    const t = await registerCompany();
    const home = { homeLat: -23.55, homeLng: -46.63 };
    const tech = await technician(t, home);
    const colleague = await technician(t);
    const c = await customer(t);
    const far = await site(t, c.id, { name: 'Far', lat: -23.7, lng: -46.8 });
    const near = await site(t, c.id, { name: 'Near', lat: -23.551, lng: -46.631 });
    const mid = await site(t, c.id, { name: 'Mid', lat: -23.6, lng: -46.68 });
    const unknown = await site(t, c.id, { name: 'Unknown', lat: undefined, lng: undefined });
    const at9 = await visit(t, (await job(t, {}, { customerId: c.id, siteId: far.id })).id, [tech.user.id], at(D, '09:00'));
    const at11 = await visit(t, (await job(t, {}, { customerId: c.id, siteId: near.id })).id, [tech.user.id, colleague.user.id], at(D, '11:00'));
    const at13 = await visit(t, (await job(t, {}, { customerId: c.id, siteId: mid.id })).id, [tech.user.id], at(D, '13:00'));
    const at14 = await visit(t, (await job(t, {}, { customerId: c.id, siteId: unknown.id })).id, [tech.user.id], at(D, '14:00'));
    // Not theirs, not that day, cancelled.
    await visit(t, (await job(t, {}, { customerId: c.id, siteId: near.id })).id, [colleague.user.id], at(D, '10:00'));
    await visit(t, (await job(t, {}, { customerId: c.id, siteId: near.id })).id, [tech.user.id], at(dayFromToday(5), '10:00'));
    const dropped = await visit(t, (await job(t, {}, { customerId: c.id, siteId: near.id })).id, [tech.user.id], at(D, '08:00'));
    await step(t.admin.token, dropped.id, 'cancelled');

    const byTime = await call('GET', `/api/v1/fsm/my-day?date=${D}`, { token: tech.token });
    expect(byTime.status, JSON.stringify(byTime.body)).toBe(200);
    expect(byTime.body.data.map((v: { id: string }) => v.id)).toEqual([at9.id, at11.id, at13.id, at14.id]);
    expect(byTime.body.data[0]).toMatchObject({ siteName: 'Far', siteAddress: far.address, customerName: c.name, jobNumber: expect.stringMatching(/^FJ-/) });
    const optimized = await call('GET', `/api/v1/fsm/my-day?date=${D}&optimize=true`, { token: tech.token });
    const order = optimized.body.data as { id: string; legKm: number | null }[];
    expect(order.map((v) => v.id)).toEqual([at11.id, at13.id, at9.id, at14.id]);
    const point = (p: Record<string, unknown>) => ({ lat: Number(p.lat), lng: Number(p.lng) });
    const km = (a: Record<string, unknown>, b: Record<string, unknown>) => Math.round(haversineKm(point(a), point(b)) * 10) / 10;
    const homePoint = { lat: home.homeLat, lng: home.homeLng };
    expect(order.map((v) => v.legKm)).toEqual([km(homePoint, near), km(near, mid), km(mid, far), null]);
    // Rescheduling another visit into the morning changes nothing about whose day it is.
    const theirs = await call('GET', `/api/v1/fsm/my-day?date=${D}`, { token: colleague.token });
    expect(theirs.body.data.map((v: { start: string }) => v.start)).toEqual([at(D, '10:00'), at(D, '11:00')]);
    const nobody = await addUser(t.company.id, 'cliente');
    expect((await call('GET', `/api/v1/fsm/my-day?date=${D}&optimize=true`, { token: nobody.token })).body.data).toEqual([]);
    expectError(await call('GET', '/api/v1/fsm/my-day?date=2026-1-1', { token: tech.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/fsm/my-day?optimize=yes', { token: tech.token }), 400, 'VALIDATION_FAILED');
    expect((await call('GET', '/api/v1/fsm/my-day', { token: tech.token })).status).toBe(200);
  });

  it('orders nearest-first and conflicts as documented (pure functions)', () => {
    // São Paulo (Sé) to Rio de Janeiro (Centro): about 357 km.
    expect(haversineKm({ lat: -23.5505, lng: -46.6333 }, { lat: -22.9068, lng: -43.1729 })).toBeGreaterThan(355);
    expect(haversineKm({ lat: -23.5505, lng: -46.6333 }, { lat: -22.9068, lng: -43.1729 })).toBeLessThan(362);
    const stops = [
      { id: 'a', lat: 0, lng: 3 },
      { id: 'b', lat: 0, lng: 1 },
      { id: 'c', lat: null, lng: null },
      { id: 'd', lat: 0, lng: 2 },
    ];
    expect(routeOf({ lat: 0, lng: 0 }, stops, true).map((s) => s.id)).toEqual(['b', 'd', 'a', 'c']);
    expect(routeOf(null, stops, true).map((s) => s.id)).toEqual(['a', 'd', 'b', 'c']);
    expect(routeOf({ lat: 0, lng: 0 }, stops, false).map((s) => s.id)).toEqual(['a', 'b', 'c', 'd']);
    const day = '2026-03-02'; // a Monday
    const techs = [{ userId: 'u1', name: 'Ana', skills: ['HVAC'], shifts: [{ weekday: 1, start: '08:00', end: '12:00' }, { weekday: 1, start: '13:00', end: '18:00' }] }];
    const v = (id: string, from: string, to: string, skills: string[] = []) => ({ id, technicianIds: ['u1'], start: `${day}T${from}:00.000Z`, end: `${day}T${to}:00.000Z`, jobNumber: id, requiredSkills: skills });
    const found = conflictsOf(day, techs, [v('in-morning', '08:00', '12:00', ['hvac']), v('over-lunch', '11:30', '13:30'), v('afternoon', '13:00', '18:00'), v('back-to-back', '18:00', '18:30')]);
    expect(found.map((c) => `${c.visitId}:${c.kind}`).sort()).toEqual(['back-to-back:outside_shift', 'in-morning:overlap', 'over-lunch:outside_shift', 'over-lunch:overlap', 'over-lunch:overlap', 'afternoon:overlap'].sort());
  });
});

/** Owner company with a work order contracted to its partner, the contractor, and the contractor's field set-up. */
async function contracted(checklist: string[] = []) {
  const owner = await registerCompany();
  const contractor = await registerCompany();
  await makePartners(owner, contractor);
  const wo = (await call('POST', '/api/v1/cmms/workorders', { token: owner.admin.token, body: { title: 'Chiller coil cleaning', description: 'Both condensers.', contractorCompanyId: contractor.company.id, checklist } })).body.data;
  const tech = await technician(contractor);
  const c = await customer(contractor, { name: owner.company.name });
  const s = await site(contractor, c.id, { name: 'Owner plant' });
  return { owner, contractor, wo, tech, place: { customerId: c.id, siteId: s.id } };
}

const workOrderOf = async (owner: Tenant, id: string) => (await call('GET', `/api/v1/cmms/workorders/${id}`, { token: owner.admin.token })).body.data;

async function finish(x: Awaited<ReturnType<typeof contracted>>, jobId: string) {
  const v = await visit(x.contractor, jobId, [x.tech.user.id], at(D, '09:00'));
  await walk(x.contractor.admin.token, x.tech.token, v.id, ['dispatched', 'en_route', 'on_site', 'completed']);
}

describe('FSM lists', () => {
  it('never table-scan, and read at most 3 × what they return + 50 rows in one round trip', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const tech = await technician(t);
    const customers: Rec[] = [];
    for (let i = 0; i < 8; i++) customers.push(await customer(t, { name: `Cliente Manutenção ${i}` }));
    const places: { customerId: string; siteId: string }[] = [];
    for (const c of customers) places.push({ customerId: c.id, siteId: (await site(t, c.id)).id });
    const made = await Promise.all(Array.from({ length: 60 }, (_, i) => call('POST', '/api/v1/fsm/jobs', { token: t.admin.token, body: { ...places[i % 8], title: i % 6 === 0 ? `Manutenção preventiva ${i}` : `Troca de filtro ${i}`, priority: ['low', 'medium', 'high'][i % 3] } })));
    for (let i = 0; i < 10; i++) await visit(t, made[i]!.body.data.id, [tech.user.id], at(D, `${String(8 + i).padStart(2, '0')}:00`));
    await Promise.all(Array.from({ length: 40 }, () => call('POST', '/api/v1/fsm/jobs', { token: other.admin.token, body: { ...places[0], title: 'Not theirs' } })));
    const scope = scopeOf({ kind: 'user', id: t.admin.user.id, companyId: t.company.id, role: 'admin_empresa', scopes: null, exp: 0, authVersion: 0 });
    const measured = async (run: (db: ReturnType<typeof createDb>) => Promise<{ rows: unknown[] }>) => {
      const { db, stats, statements: captured } = recordingD1();
      const page = await run(db);
      return { page, stats, captured };
    };
    // A ranked search reads about one index row per match (every match is scored), then only the page's rows.
    const cases: [string, (db: ReturnType<typeof createDb>) => Promise<{ rows: unknown[] }>][] = [
      ['jobs', (db) => listJobs(db, scope, jobListQuery.parse({}))],
      ['jobs by status', (db) => listJobs(db, scope, jobListQuery.parse({ status: 'unscheduled,scheduled' }))],
      ['jobs by number', (db) => listJobs(db, scope, jobListQuery.parse({ sortBy: 'number', sortOrder: 'asc' }))],
      ['jobs of a customer', (db) => listJobs(db, scope, jobListQuery.parse({ customerId: customers[0]!.id }))],
      ['jobs search', (db) => listJobs(db, scope, jobListQuery.parse({ search: 'manutencao preventiva' }))],
      ['customers', (db) => listCustomers(db, scope, customerListQuery.parse({ sortBy: 'name' }))],
      ['customers search', (db) => listCustomers(db, scope, customerListQuery.parse({ search: 'cliente' }))],
      ['technicians', (db) => listTechnicians(db, scope, technicianListQuery.parse({}))],
    ];
    const problems: string[] = [];
    for (const [name, run] of cases) {
      const { page, stats, captured } = await measured(run);
      if (page.rows.length === 0) problems.push(`${name}: nothing returned`);
      if (stats.roundTrips !== 1) problems.push(`${name}: ${stats.roundTrips} round trips`);
      if (stats.rowsRead > 3 * page.rows.length + 50) problems.push(`${name}: ${stats.rowsRead} rows read for ${page.rows.length} (${stats.perStatement?.join(' ')})`);
      for (const q of captured) {
        for (const detail of await queryPlan(q)) if (/^SCAN (fsm_(?!\w+_fts)\w+|users)\b(?! USING (COVERING )?INDEX)/.test(detail)) problems.push(`${name}: ${detail}`);
      }
    }
    expect(problems).toEqual([]);
    // A technician's day walks their own index of assignments.
    const day = await app.fetch(new Request(`${BASE}/api/v1/fsm/my-day?date=${D}`, { headers: { authorization: `Bearer ${tech.token}` } }), { ...env, D1_STATS: 'true' } as Env, createExecutionContext());
    const timing = day.headers.get('server-timing') ?? '';
    const returned = ((await day.json()) as { data: unknown[] }).data.length;
    expect(returned).toBe(10);
    expect(Number(/d1rt;desc="(\d+)"/.exec(timing)?.[1])).toBeLessThanOrEqual(2);
    expect(Number(/d1read;desc="(\d+)"/.exec(timing)?.[1])).toBeLessThanOrEqual(3 * returned + 50);
  });
});

describe('the CMMS link', () => {
  it('turns a work order contracted to the company into its field job; completing it completes the work order for its owner, once', async () => {
    const x = await contracted();
    const stranger = await registerCompany();
    expect((await call('GET', '/api/v1/cmms/contracted', { token: x.contractor.admin.token })).body.data.map((w: { id: string }) => w.id)).toEqual([x.wo.id]);
    const j = await post(x.contractor.admin.token, '/jobs', { ...x.place, sourceWorkOrderId: x.wo.id, requiredSkills: ['hvac'] });
    expect(j).toMatchObject({ sourceWorkOrderId: x.wo.id, title: `${x.wo.number}: Chiller coil cleaning`, description: 'Both condensers.', companyId: x.contractor.company.id });
    expectError(await call('POST', '/api/v1/fsm/jobs', { token: x.contractor.admin.token, body: { ...x.place, sourceWorkOrderId: x.wo.id } }), 409, 'CONFLICT');
    // The contractor finds the field job of a work order by filtering its jobs; the owner's own jobs never include it.
    await post(x.contractor.admin.token, '/jobs', { ...x.place, title: 'Unrelated job' });
    const byWo = (token: string) => call('GET', `/api/v1/fsm/jobs?sourceWorkOrderId=${x.wo.id}`, { token });
    expect((await byWo(x.contractor.admin.token)).body).toMatchObject({ data: [{ id: j.id }], meta: { total: 1 } });
    expect((await byWo(x.owner.admin.token)).body).toMatchObject({ data: [], meta: { total: 0 } });
    expectError(await call('GET', '/api/v1/fsm/jobs?sourceWorkOrderId=not-a-uuid', { token: x.contractor.admin.token }), 400, 'VALIDATION_FAILED');
    // The owner cannot make a field job of its own work order, nor can a company it is not contracted to.
    const ownerPlace = await customer(x.owner).then(async (c) => ({ customerId: c.id, siteId: (await site(x.owner, c.id)).id }));
    expectError(await call('POST', '/api/v1/fsm/jobs', { token: x.owner.admin.token, body: { ...ownerPlace, sourceWorkOrderId: x.wo.id } }), 404, 'NOT_FOUND');
    const strangerPlace = await customer(stranger).then(async (c) => ({ customerId: c.id, siteId: (await site(stranger, c.id)).id }));
    expectError(await call('POST', '/api/v1/fsm/jobs', { token: stranger.admin.token, body: { ...strangerPlace, sourceWorkOrderId: x.wo.id } }), 404, 'NOT_FOUND');

    await finish(x, j.id);
    await vi.waitFor(async () => expect((await workOrderOf(x.owner, x.wo.id)).status).toBe('complete'), { timeout: 15_000, interval: 200 });
    const completed = await eventsOf(x.owner.company.id, 'cmms.workorder.completed');
    expect(completed).toEqual([expect.objectContaining({ workOrderId: x.wo.id, actorId: x.tech.user.id, actorCompanyId: x.contractor.company.id })]);
    expect((await eventsOf(x.owner.company.id, 'cmms.workorder.status_changed')).map((e) => e.status)).toEqual(['in_progress', 'complete']);

    // Replays: the same event again (the handler's marker), and a duplicate event with a new id (the status guards).
    const [stored] = (await env.DB.prepare("SELECT id, type, company_id AS companyId, data, created_at AS time FROM events WHERE type = 'fsm.job.completed' AND company_id = ?").bind(x.contractor.company.id).all<{ id: string; type: string; companyId: string; data: string; time: string }>()).results;
    const message = (id: string): EventMessage => ({ kind: 'event', event: { id, type: stored!.type, time: stored!.time, companyId: stored!.companyId, data: JSON.parse(stored!.data) }, partnerCompanyIds: [], audience: { kind: 'company' } });
    const ctx = createCtx(env, registry, () => undefined);
    await fieldJobCompletedHandler.handle(message(stored!.id), ctx);
    await fieldJobCompletedHandler.handle(message(crypto.randomUUID()), ctx);
    await Promise.all([fieldJobCompletedHandler.handle(message(crypto.randomUUID()), ctx), fieldJobCompletedHandler.handle(message(crypto.randomUUID()), ctx)]);
    expect(await eventsOf(x.owner.company.id, 'cmms.workorder.completed')).toHaveLength(1);
    expect((await workOrderOf(x.owner, x.wo.id)).notes).toEqual([]);

    // Duplicates racing on an open work order: each move applies once.
    const wo2 = (await call('POST', '/api/v1/cmms/workorders', { token: x.owner.admin.token, body: { title: 'Second', contractorCompanyId: x.contractor.company.id } })).body.data;
    const racing = (id: string): EventMessage => ({ ...message(id), event: { ...message(id).event, data: { ...message(id).event.data, sourceWorkOrderId: wo2.id } } });
    await Promise.all([1, 2, 3].map(() => fieldJobCompletedHandler.handle(racing(crypto.randomUUID()), ctx)));
    expect((await workOrderOf(x.owner, wo2.id)).status).toBe('complete');
    const moves = (await eventsOf(x.owner.company.id, 'cmms.workorder.status_changed')).filter((e) => e.workOrderId === wo2.id).map((e) => e.status);
    expect(moves).toEqual(['in_progress', 'complete']);
  });

  it('moves a work order whose checklist is not done only as far as in progress, with a note saying why', async () => {
    const x = await contracted(['Isolate the chiller', 'Clean the coils']);
    const j = await post(x.contractor.admin.token, '/jobs', { ...x.place, sourceWorkOrderId: x.wo.id, title: 'Coil cleaning at the plant' });
    await finish(x, j.id);
    await vi.waitFor(async () => expect((await workOrderOf(x.owner, x.wo.id)).notes).toHaveLength(1), { timeout: 15_000, interval: 200 });
    const w = await workOrderOf(x.owner, x.wo.id);
    expect(w.status).toBe('in_progress');
    expect(w.notes[0]).toMatchObject({ authorId: x.tech.user.id, authorCompanyId: x.contractor.company.id });
    expect(w.notes[0].body).toMatch(new RegExp(`^Field job ${j.number} was completed by ${x.contractor.company.name}\\. 2 checklist item\\(s\\)`));
    // A replay of that event adds no second note.
    const [stored] = (await env.DB.prepare("SELECT id, data, created_at AS time FROM events WHERE type = 'fsm.job.completed' AND company_id = ?").bind(x.contractor.company.id).all<{ id: string; data: string; time: string }>()).results;
    await fieldJobCompletedHandler.handle(
      { kind: 'event', event: { id: stored!.id, type: 'fsm.job.completed', time: stored!.time, companyId: x.contractor.company.id, data: JSON.parse(stored!.data) }, partnerCompanyIds: [], audience: { kind: 'company' } },
      createCtx(env, registry, () => undefined),
    );
    expect((await workOrderOf(x.owner, x.wo.id)).notes).toHaveLength(1);
    expect(await eventsOf(x.owner.company.id, 'cmms.workorder.completed')).toEqual([]);
  });

  it('is refused once the partnership ended, and leaves a work order the owner already closed alone', async () => {
    const x = await contracted();
    const j = await post(x.contractor.admin.token, '/jobs', { ...x.place, sourceWorkOrderId: x.wo.id });
    // The owner finishes it first.
    for (const s of ['in_progress', 'complete', 'closed']) expect((await call('POST', `/api/v1/cmms/workorders/${x.wo.id}/status`, { token: x.owner.admin.token, body: { status: s } })).status).toBe(200);
    await finish(x, j.id);
    await vi.waitFor(async () => expect((await eventsOf(x.contractor.company.id, 'fsm.job.completed')).length).toBe(1));
    await vi.waitFor(async () => {
      const row = await env.DB.prepare("SELECT processed_at AS p FROM events WHERE type = 'fsm.job.completed' AND company_id = ?").bind(x.contractor.company.id).first<{ p: string | null }>();
      expect(row?.p).not.toBeNull();
    }, { timeout: 15_000, interval: 200 });
    expect((await workOrderOf(x.owner, x.wo.id)).status).toBe('closed');

    const y = await contracted();
    const partnership = (await call('GET', '/api/v1/partnerships', { token: y.owner.admin.token })).body.data[0];
    expect((await call('DELETE', `/api/v1/partnerships/${partnership.id}`, { token: y.owner.admin.token })).status).toBe(200);
    expectError(await call('POST', '/api/v1/fsm/jobs', { token: y.contractor.admin.token, body: { ...y.place, sourceWorkOrderId: y.wo.id } }), 404, 'NOT_FOUND');
  });
});

describe('FSM events', () => {
  it("declares the contract's events (and the module's own), each for the whole company", () => {
    const fsm = [...registry.events].filter(([, spec]) => spec.module === 'fsm');
    expect(fsm.map(([type]) => type)).toEqual(
      expect.arrayContaining(['fsm.job.created', 'fsm.job.completed', 'fsm.visit.scheduled', 'fsm.visit.updated', 'fsm.visit.status_changed', 'fsm.visit.completed']),
    );
    expect(fsm.filter(([, spec]) => spec.audience !== 'company')).toEqual([]);
    // The CMMS side of the link is subscribed by the event's type name, next to the three every event reaches.
    expect(registry.handlers.filter((h) => h.matches('fsm.job.completed')).map((h) => h.name).sort()).toEqual(['cmms-field-job-completed', 'hub-fanout', 'notifications', 'webhooks']);
    expect(registry.handlers.filter((h) => h.matches('fsm.visit.completed')).map((h) => h.name).sort()).toEqual(['hub-fanout', 'notifications', 'webhooks']);
  });
});

describe('the fsm_board MCP tool', () => {
  it('gives dispatchers and keys with fsm:read the board; others do not see it', async () => {
    const t = await registerCompany();
    const tech = await technician(t);
    const v = await visit(t, (await job(t)).id, [tech.user.id], at(D, '09:00'));
    const connect = async (credential: string) => {
      const transport = new StreamableHTTPClientTransport(new URL(`${BASE}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${credential}` } },
        fetch: (input, init) => exports.default.fetch(new Request(input, init)),
      });
      const client = new Client({ name: 'fsm-tests', version: '1.0.0' });
      await client.connect(transport);
      return client;
    };
    const key = (await call('POST', '/api/v1/api-keys', { token: t.admin.token, body: { name: 'dispatch bot', scopes: ['mcp', 'fsm:read'] } })).body.data.key as string;
    const client = await connect(key);
    expect((await client.listTools()).tools.map((x) => x.name)).toEqual(['fsm_board']);
    const result = await client.callTool({ name: 'fsm_board', arguments: { date: D } });
    expect(result.isError).toBeFalsy();
    const b = (result.structuredContent as { board: { lanes: { technician: { userId: string }; visits: { id: string }[] }[] } }).board;
    expect(b.lanes).toEqual([expect.objectContaining({ technician: expect.objectContaining({ userId: tech.user.id }), visits: [expect.objectContaining({ id: v.id })] })]);
    const bad = await client.callTool({ name: 'fsm_board', arguments: { date: 'soon' } });
    expect(bad.isError).toBe(true);
    expect((await (await connect(tech.token)).listTools()).tools.map((x) => x.name)).not.toContain('fsm_board');
  });
});
