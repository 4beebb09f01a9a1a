import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../src/app';
import { addStaff, addUser, BASE, call, expectError, makePartners, registerCompany, unique } from './helpers';
import { asset, daysAgo, daysAhead, location, meter, part, post, status, walk, workOrder } from './cmms-helpers';

const T = 120_000;

const eventsOf = async (companyId: string, type: string) =>
  (
    await env.DB.prepare('SELECT data, partner_company_ids AS partners FROM events WHERE company_id = ? AND type = ? ORDER BY created_at')
      .bind(companyId, type)
      .all<{ data: string; partners: string }>()
  ).results.map((r) => ({ ...JSON.parse(r.data), partners: JSON.parse(r.partners) as string[] }));

describe('locations', () => {
  it('creates a tree, refuses cycles and foreign parents, deletes only empty ones, 404 across tenants', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const plant = await location(t, { address: 'Rua A, 1' });
    expect(plant).toMatchObject({ companyId: t.company.id, parentId: null, address: 'Rua A, 1' });
    const hall = await location(t, { parentId: plant.id, name: 'Hall 1' });
    const line = await location(t, { parentId: hall.id, name: 'Line 3' });
    const children = await call('GET', `/api/v1/cmms/locations?parentId=${plant.id}`, { token: t.admin.token });
    expect(children.body.data.map((l: { id: string }) => l.id)).toEqual([hall.id]);
    expect((await call('GET', '/api/v1/cmms/locations?sortBy=name&sortOrder=asc&limit=2', { token: t.admin.token })).body.meta.total).toBe(3);

    expectError(await call('PATCH', `/api/v1/cmms/locations/${plant.id}`, { token: t.admin.token, body: { parentId: line.id } }), 400, 'VALIDATION_FAILED');
    expectError(await call('PATCH', `/api/v1/cmms/locations/${plant.id}`, { token: t.admin.token, body: { parentId: plant.id } }), 400, 'VALIDATION_FAILED');
    const foreign = await location(other);
    const bad = await call('POST', '/api/v1/cmms/locations', { token: t.admin.token, body: { name: 'X', parentId: foreign.id } });
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.details[0].path).toBe('parentId');
    for (const body of [{ name: '' }, { name: 'x'.repeat(201) }, { name: 'Ok', companyId: other.company.id }, { name: 'Ok', id: crypto.randomUUID() }]) {
      expectError(await call('POST', '/api/v1/cmms/locations', { token: t.admin.token, body }), 400, 'VALIDATION_FAILED');
    }
    expectError(await call('PATCH', `/api/v1/cmms/locations/${plant.id}`, { token: t.admin.token, body: {} }), 400, 'VALIDATION_FAILED');

    const renamed = await call('PATCH', `/api/v1/cmms/locations/${line.id}`, { token: t.admin.token, body: { name: 'Line 4', address: '' } });
    expect(renamed.body.data).toMatchObject({ name: 'Line 4', address: null });
    expectError(await call('DELETE', `/api/v1/cmms/locations/${hall.id}`, { token: t.admin.token }), 409, 'CONFLICT');

    for (const [method, body] of [['GET'], ['PATCH', { name: 'Hijack' }], ['DELETE']] as const) {
      expectError(await call(method, `/api/v1/cmms/locations/${plant.id}`, { token: other.admin.token, body }), 404, 'NOT_FOUND');
    }
    const tech = await addUser(t.company.id, 'cliente');
    expect((await call('GET', `/api/v1/cmms/locations/${plant.id}`, { token: tech.token })).status).toBe(200);
    expectError(await call('PATCH', `/api/v1/cmms/locations/${plant.id}`, { token: tech.token, body: { name: 'No' } }), 403, 'FORBIDDEN');

    expect((await call('DELETE', `/api/v1/cmms/locations/${line.id}`, { token: t.admin.token })).status).toBe(200);
    expect((await call('DELETE', `/api/v1/cmms/locations/${hall.id}`, { token: t.admin.token })).status).toBe(200);
    expectError(await call('GET', `/api/v1/cmms/locations/${hall.id}`, { token: t.admin.token }), 404, 'NOT_FOUND');
  }, T);
});

describe('assets', () => {
  it('creates with a unique code per company and an unguessable request token; lists, filters, searches', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const plant = await location(t);
    const a = await asset(t, { name: 'Compressor de ar', code: 'CMP-1', category: 'Pneumatics', locationId: plant.id, criticality: 'high', serialNumber: 'SN-991' });
    expect(a).toMatchObject({ code: 'CMP-1', status: 'operational', criticality: 'high', locationId: plant.id, createdBy: t.admin.user.id });
    expect(a.requestToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const dup = await call('POST', '/api/v1/cmms/assets', { token: t.admin.token, body: { name: 'Again', code: 'CMP-1' } });
    expectError(dup, 409, 'CONFLICT');
    // Another company may use the same code.
    await asset(other, { code: 'CMP-1' });
    const child = await asset(t, { name: 'Motor', code: 'MOT-1', parentId: a.id, status: 'down' });
    await asset(t, { name: 'Conveyor', code: 'CNV-1', criticality: 'low' });

    const all = await call('GET', '/api/v1/cmms/assets?sortBy=code&sortOrder=asc', { token: t.admin.token });
    expect(all.body.data.map((x: { code: string }) => x.code)).toEqual(['CMP-1', 'CNV-1', 'MOT-1']);
    expect(all.body.meta.total).toBe(3);
    expect((await call('GET', '/api/v1/cmms/assets?status=down', { token: t.admin.token })).body).toMatchObject({ meta: { total: 1 }, data: [{ id: child.id }] });
    expect((await call('GET', '/api/v1/cmms/assets?criticality=high,low', { token: t.admin.token })).body.meta.total).toBe(2);
    expect((await call('GET', `/api/v1/cmms/assets?locationId=${plant.id}`, { token: t.admin.token })).body.meta.total).toBe(1);
    expect((await call('GET', `/api/v1/cmms/assets?parentId=${a.id}`, { token: t.admin.token })).body.data.map((x: { id: string }) => x.id)).toEqual([child.id]);
    // Accent- and case-insensitive search over name, code and serial number; scoped to the company.
    expect((await call('GET', '/api/v1/cmms/assets?search=COMPRESSOR', { token: t.admin.token })).body.data.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect((await call('GET', '/api/v1/cmms/assets?search=sn-991', { token: t.admin.token })).body.meta.total).toBe(1);
    expect((await call('GET', '/api/v1/cmms/assets?search=CMP', { token: other.admin.token })).body.data.every((x: { companyId: string }) => x.companyId === other.company.id)).toBe(true);
    expectError(await call('GET', '/api/v1/cmms/assets?status=broken', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/cmms/assets?sortBy=serial', { token: t.admin.token }), 400, 'VALIDATION_FAILED');

    for (const body of [{ name: 'No code' }, { name: 'X', code: 'C', criticality: 'extreme' }, { name: 'X', code: 'C', locationId: 'nope' }, { name: 'X', code: 'C', requestToken: 'mine' }]) {
      expectError(await call('POST', '/api/v1/cmms/assets', { token: t.admin.token, body }), 400, 'VALIDATION_FAILED');
    }
    expectError(await call('PATCH', `/api/v1/cmms/assets/${a.id}`, { token: t.admin.token, body: { code: 'MOT-1' } }), 409, 'CONFLICT');
    expectError(await call('PATCH', `/api/v1/cmms/assets/${a.id}`, { token: t.admin.token, body: { parentId: a.id } }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', `/api/v1/cmms/assets/${a.id}`, { token: other.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('PATCH', `/api/v1/cmms/assets/${a.id}`, { token: other.admin.token, body: { name: 'Mine' } }), 404, 'NOT_FOUND');
    expectError(await call('DELETE', `/api/v1/cmms/assets/${a.id}`, { token: other.admin.token }), 404, 'NOT_FOUND');

    // Deleting: refused while it has children; afterwards its code is free again.
    expectError(await call('DELETE', `/api/v1/cmms/assets/${a.id}`, { token: t.admin.token }), 409, 'CONFLICT');
    expect((await call('DELETE', `/api/v1/cmms/assets/${child.id}`, { token: t.admin.token })).status).toBe(200);
    expect((await call('DELETE', `/api/v1/cmms/assets/${a.id}`, { token: t.admin.token })).status).toBe(200);
    await asset(t, { code: 'CMP-1' });
    expect((await call('GET', '/api/v1/cmms/assets', { token: t.admin.token })).body.meta.total).toBe(2);
  }, T);

  it('opens a downtime record when an asset goes down and closes it when it is operational again; events say so', async () => {
    const t = await registerCompany();
    const a = await asset(t);
    const down = await call('PATCH', `/api/v1/cmms/assets/${a.id}`, { token: t.admin.token, body: { status: 'down' } });
    expect(down.body.data.status).toBe('down');
    let records = await call('GET', `/api/v1/cmms/assets/${a.id}/downtime`, { token: t.admin.token });
    expect(records.body.data).toHaveLength(1);
    expect(records.body.data[0].endedAt).toBeNull();
    // Down again (a no-op for downtime): still one open record.
    await call('PATCH', `/api/v1/cmms/assets/${a.id}`, { token: t.admin.token, body: { status: 'down', name: 'Renamed' } });
    expect((await call('GET', `/api/v1/cmms/assets/${a.id}/downtime`, { token: t.admin.token })).body.meta.total).toBe(1);
    await call('PATCH', `/api/v1/cmms/assets/${a.id}`, { token: t.admin.token, body: { status: 'operational' } });
    records = await call('GET', `/api/v1/cmms/assets/${a.id}/downtime`, { token: t.admin.token });
    expect(records.body.data[0].endedAt).not.toBeNull();
    expect(records.body.data[0].hours).toBeGreaterThanOrEqual(0);
    const changes = await eventsOf(t.company.id, 'cmms.asset.status_changed');
    expect(changes.map((e) => [e.from, e.status])).toEqual([
      ['operational', 'down'],
      ['down', 'operational'],
    ]);
    expect(changes[0]).toMatchObject({ assetId: a.id, actorId: t.admin.user.id });

    // Racing status changes never leave two open records.
    await Promise.all(['down', 'down', 'operational', 'down', 'down'].map((s) => call('PATCH', `/api/v1/cmms/assets/${a.id}`, { token: t.admin.token, body: { status: s } })));
    const open = await env.DB.prepare('SELECT count(*) AS n FROM cmms_downtimes WHERE asset_id = ? AND ended_at IS NULL').bind(a.id).first<{ n: number }>();
    const now = (await call('GET', `/api/v1/cmms/assets/${a.id}`, { token: t.admin.token })).body.data.status;
    expect(open!.n).toBe(now === 'down' ? 1 : 0);
  }, T);

  it('replaces the request token on demand (the old QR code stops working)', async () => {
    const t = await registerCompany();
    const a = await asset(t);
    const rotated = await call('POST', `/api/v1/cmms/assets/${a.id}/request-token`, { token: t.admin.token });
    expect(rotated.body.data.requestToken).not.toBe(a.requestToken);
    expectError(await call('GET', `/api/v1/public/assets/${a.requestToken}`), 404, 'NOT_FOUND');
    expect((await call('GET', `/api/v1/public/assets/${rotated.body.data.requestToken}`)).status).toBe(200);
  }, T);
});

describe('meters and readings', () => {
  it('records single and bulk readings in order; a cumulative meter never decreases; a gauge may', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const a = await asset(t);
    const m = await meter(t, a.id);
    expect(m).toMatchObject({ kind: 'cumulative', lastReading: null, readingCount: 0 });
    const tech = await addUser(t.company.id, 'cliente');
    const one = await post(tech.token, `/meters/${m.id}/readings`, { value: 10, readAt: daysAgo(3) });
    expect(one).toMatchObject({ meterId: m.id, value: 10, source: 'manual', createdBy: tech.user.id });
    const bulk = await post(t.admin.token, `/meters/${m.id}/readings`, {
      // Out of order on purpose: stored in time order.
      readings: [
        { value: 30, readAt: daysAgo(1) },
        { value: 20, readAt: daysAgo(2) },
      ],
    });
    expect(bulk.map((r: { value: number }) => r.value)).toEqual([20, 30]);
    const after = await call('GET', `/api/v1/cmms/meters/${m.id}`, { token: t.admin.token });
    expect(after.body.data).toMatchObject({ lastReading: 30, readingCount: 3 });

    expectError(await call('POST', `/api/v1/cmms/meters/${m.id}/readings`, { token: t.admin.token, body: { value: 29 } }), 409, 'CONFLICT');
    expectError(await call('POST', `/api/v1/cmms/meters/${m.id}/readings`, { token: t.admin.token, body: { value: 40, readAt: daysAgo(5) } }), 409, 'CONFLICT');
    expectError(
      await call('POST', `/api/v1/cmms/meters/${m.id}/readings`, { token: t.admin.token, body: { readings: [{ value: 50, readAt: daysAgo(0.5) }, { value: 45 }] } }),
      409,
      'CONFLICT',
    );
    for (const body of [
      {},
      { value: 'ten' },
      { value: 1, readings: [{ value: 2 }] },
      { readings: [] },
      { readings: Array.from({ length: 501 }, (_, i) => ({ value: 100 + i })) },
      { value: 50, readAt: daysAhead(1) },
      { value: 50, source: 'api' },
    ]) {
      expectError(await call('POST', `/api/v1/cmms/meters/${m.id}/readings`, { token: t.admin.token, body }), 400, 'VALIDATION_FAILED');
    }
    // Nothing of the refused writes stuck.
    const listed = await call('GET', `/api/v1/cmms/meters/${m.id}/readings?sortOrder=asc`, { token: t.admin.token });
    expect(listed.body.data.map((r: { value: number }) => r.value)).toEqual([10, 20, 30]);
    expect(listed.body.meta.total).toBe(3);
    const ranged = await call('GET', `/api/v1/cmms/meters/${m.id}/readings?from=${encodeURIComponent(daysAgo(2.5))}&to=${encodeURIComponent(daysAgo(1.5))}`, { token: t.admin.token });
    expect(ranged.body).toMatchObject({ meta: { total: 1 }, data: [{ value: 20 }] });

    // 500 readings in one request.
    const many = await post(t.admin.token, `/meters/${m.id}/readings`, { readings: Array.from({ length: 500 }, (_, i) => ({ value: 100 + i })) });
    expect(many).toHaveLength(500);
    expect((await call('GET', `/api/v1/cmms/meters/${m.id}`, { token: t.admin.token })).body.data).toMatchObject({ lastReading: 599, readingCount: 503 });

    const gauge = await meter(t, a.id, { name: 'Temperature', unit: '°C', kind: 'gauge' });
    await post(t.admin.token, `/meters/${gauge.id}/readings`, { value: 80 });
    await post(t.admin.token, `/meters/${gauge.id}/readings`, { value: -5.5 });
    expect((await call('GET', `/api/v1/cmms/assets/${a.id}/meters?sortBy=name&sortOrder=asc`, { token: t.admin.token })).body.data.map((x: { lastReading: number }) => x.lastReading)).toEqual([599, -5.5]);

    for (const [method, path, body] of [
      ['GET', `/meters/${m.id}`],
      ['PATCH', `/meters/${m.id}`, { name: 'x' }],
      ['DELETE', `/meters/${m.id}`],
      ['GET', `/meters/${m.id}/readings`],
      ['POST', `/meters/${m.id}/readings`, { value: 1000 }],
      ['GET', `/assets/${a.id}/meters`],
      ['POST', `/assets/${a.id}/meters`, { name: 'x', unit: 'h' }],
    ] as const) {
      expectError(await call(method, `/api/v1/cmms${path}`, { token: other.admin.token, body }), 404, 'NOT_FOUND');
    }
    const recorded = await eventsOf(t.company.id, 'cmms.meter.reading_recorded');
    expect(recorded.map((e) => e.count)).toEqual([1, 2, 500, 1, 1]);
  }, T);

  it('accepts concurrent readings without losing any or going backwards', async () => {
    const t = await registerCompany();
    const m = await meter(t, (await asset(t)).id);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => call('POST', `/api/v1/cmms/meters/${m.id}/readings`, { token: t.admin.token, body: { value: (i + 1) * 10 } })));
    const accepted = results.filter((r) => r.status === 201).length;
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const stored = await env.DB.prepare('SELECT value FROM cmms_readings WHERE meter_id = ? ORDER BY read_at, rowid').bind(m.id).all<{ value: number }>();
    expect(stored.results).toHaveLength(accepted);
    const values = stored.results.map((r) => r.value);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    const row = await env.DB.prepare('SELECT reading_count AS n, last_reading AS last FROM cmms_meters WHERE id = ?').bind(m.id).first<{ n: number; last: number }>();
    expect(row).toEqual({ n: accepted, last: Math.max(...values) });
  }, T);
});

describe('work orders', () => {
  it('numbers WO-0001… per company without gaps or duplicates, even for 20 concurrent creates', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    await workOrder(other);
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) => call('POST', '/api/v1/cmms/workorders', { token: t.admin.token, body: { title: `Concurrent ${i}` } })));
    expect(made.map((r) => r.status)).toEqual(Array(20).fill(201));
    const numbers = made.map((r) => r.body.data.number).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `WO-${String(i + 1).padStart(4, '0')}`));
    // A deleted work order keeps its number; the next one continues after it.
    await call('DELETE', `/api/v1/cmms/workorders/${made[0]!.body.data.id}`, { token: t.admin.token });
    expect((await workOrder(t)).number).toBe('WO-0021');
    expect((await workOrder(other)).number).toBe('WO-0002');
    // The created events carry the number the insert allocated.
    const created = await eventsOf(t.company.id, 'cmms.workorder.created');
    expect(created.map((e) => e.number).sort()).toEqual([...numbers, 'WO-0021'].sort());
  }, T);

  it('creates with references checked inside the company; filters, searches and sorts the list', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const tech = await addUser(t.company.id, 'cliente');
    const plant = await location(t);
    const a = await asset(t, { name: 'Boiler', locationId: plant.id });
    const w1 = await workOrder(t, { title: 'Fix the boiler valve', assetId: a.id, priority: 'high', assigneeIds: [tech.user.id], dueAt: daysAgo(1), checklist: ['Isolate', 'Replace'] });
    expect(w1).toMatchObject({ number: 'WO-0001', status: 'open', type: 'corrective', assetName: 'Boiler', locationId: plant.id, overdue: true, checklist: [{ label: 'Isolate', done: false }, { label: 'Replace', done: false }] });
    const w2 = await workOrder(t, { title: 'Inspect the roof', dueAt: daysAhead(3), type: 'preventive' });
    const w3 = await workOrder(t, { title: 'Paint the fence', priority: 'low' });
    await walk(t.admin.token, w3.id, ['in_progress']);

    const ids = async (qs: string) => (await call('GET', `/api/v1/cmms/workorders?${qs}`, { token: tech.token })).body.data.map((w: { id: string }) => w.id);
    expect(await ids('sortBy=number&sortOrder=asc')).toEqual([w1.id, w2.id, w3.id]);
    expect(await ids('status=open')).toEqual([w2.id, w1.id]);
    expect(await ids('overdue=true')).toEqual([w1.id]);
    expect(await ids('overdue=false&sortBy=number&sortOrder=asc')).toEqual([w2.id, w3.id]);
    expect(await ids(`assigneeId=${tech.user.id}`)).toEqual([w1.id]);
    expect(await ids(`assetId=${a.id}`)).toEqual([w1.id]);
    expect(await ids('priority=high,low&sortBy=number&sortOrder=asc')).toEqual([w1.id, w3.id]);
    expect(await ids('type=preventive')).toEqual([w2.id]);
    expect(await ids('sortBy=dueAt&sortOrder=asc')).toEqual([w3.id, w1.id, w2.id]);
    expect(await ids('search=valve')).toEqual([w1.id]);
    expect(await ids('search=WO-0002')).toEqual([w2.id]);
    const totals = await call('GET', '/api/v1/cmms/workorders?status=open,in_progress&limit=1', { token: tech.token });
    expect(totals.body.meta).toEqual({ total: 3, page: 1, limit: 1, totalPages: 3 });
    expectError(await call('GET', '/api/v1/cmms/workorders?status=done', { token: tech.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/cmms/workorders?overdue=maybe', { token: tech.token }), 400, 'VALIDATION_FAILED');

    const foreignUser = await addUser(other.company.id, 'cliente');
    const foreignAsset = await asset(other);
    for (const [body, path] of [
      [{ title: 'Bad', assigneeIds: [foreignUser.user.id] }, 'assigneeIds'],
      [{ title: 'Bad', assetId: foreignAsset.id }, 'assetId'],
      [{ title: 'Bad', contractorCompanyId: other.company.id }, 'contractorCompanyId'],
      [{ title: 'Bad', type: 'request' }, 'type'],
      [{ title: 'Bad', assigneeIds: [tech.user.id, tech.user.id] }, 'assigneeIds'],
      [{ title: 'Bad', status: 'closed' }, '(root)'],
      [{ title: 'Bad', number: 'WO-9999' }, '(root)'],
      [{ title: 'x' }, 'title'],
    ] as const) {
      const res = await call('POST', '/api/v1/cmms/workorders', { token: t.admin.token, body });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details[0].path).toBe(path);
    }
    expect((await call('GET', '/api/v1/cmms/workorders', { token: t.admin.token })).body.meta.total).toBe(3);
    expectError(await call('POST', '/api/v1/cmms/workorders', { token: tech.token, body: { title: 'Technicians file requests' } }), 403, 'FORBIDDEN');

    for (const [method, path, body] of [
      ['GET', ''],
      ['PATCH', '', { title: 'Hijack' }],
      ['DELETE', ''],
      ['POST', '/status', { status: 'in_progress' }],
      ['PATCH', '/checklist', { index: 0, done: true }],
      ['POST', '/time', { minutes: 5 }],
      ['POST', '/notes', { body: 'hi' }],
      ['POST', '/parts', { partId: crypto.randomUUID(), quantity: 1 }],
    ] as const) {
      expectError(await call(method, `/api/v1/cmms/workorders/${w1.id}${path}`, { token: other.admin.token, body }), 404, 'NOT_FOUND');
    }
    // Staff see every company's work orders.
    const staff = await addStaff('admin');
    expect((await call('GET', `/api/v1/cmms/workorders/${w1.id}`, { token: staff.token })).status).toBe(200);
  }, T);

  it('changes a work order; the assigned event names who was added; closed work orders are read-only', async () => {
    const t = await registerCompany();
    const tech = await addUser(t.company.id, 'cliente');
    const w = await workOrder(t, { checklist: ['A'] });
    const patched = await call('PATCH', `/api/v1/cmms/workorders/${w.id}`, { token: t.admin.token, body: { title: 'Replace both belts', assigneeIds: [tech.user.id], checklist: ['A', 'B'], dueAt: daysAhead(2) } });
    expect(patched.body.data).toMatchObject({ title: 'Replace both belts', assigneeIds: [tech.user.id], checklist: [{ label: 'A', done: false }, { label: 'B', done: false }], updatedBy: t.admin.user.id });
    const assigned = await eventsOf(t.company.id, 'cmms.workorder.assigned');
    expect(assigned).toEqual([expect.objectContaining({ workOrderId: w.id, addedAssigneeIds: [tech.user.id], number: 'WO-0001' })]);
    expectError(await call('PATCH', `/api/v1/cmms/workorders/${w.id}`, { token: t.admin.token, body: { status: 'closed' } }), 400, 'VALIDATION_FAILED');
    await walk(t.admin.token, w.id, ['cancelled']);
    expectError(await call('PATCH', `/api/v1/cmms/workorders/${w.id}`, { token: t.admin.token, body: { title: 'Too late' } }), 409, 'CONFLICT');
    expect((await call('DELETE', `/api/v1/cmms/workorders/${w.id}`, { token: t.admin.token })).status).toBe(200);
    expectError(await call('GET', `/api/v1/cmms/workorders/${w.id}`, { token: t.admin.token }), 404, 'NOT_FOUND');
  }, T);
});
