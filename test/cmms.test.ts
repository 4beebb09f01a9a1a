import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../src/app';
import { addStaff, addUser, BASE, call, expectError, makePartners, registerCompany } from './helpers';
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

describe('the work-order status flow', () => {
  const STATUSES = ['open', 'in_progress', 'on_hold', 'complete', 'closed', 'cancelled'] as const;
  const PATH_TO: Record<(typeof STATUSES)[number], string[]> = {
    open: [],
    in_progress: ['in_progress'],
    on_hold: ['in_progress', 'on_hold'],
    complete: ['in_progress', 'complete'],
    closed: ['in_progress', 'complete', 'closed'],
    cancelled: ['cancelled'],
  };
  const ALLOWED: Record<string, string[]> = {
    open: ['in_progress', 'cancelled'],
    in_progress: ['on_hold', 'complete', 'cancelled'],
    on_hold: ['in_progress', 'cancelled'],
    complete: ['closed'],
    closed: [],
    cancelled: [],
  };

  it('allows exactly the transitions of the table, from every status to every status; anything else is 409', async () => {
    const t = await registerCompany();
    const failures: string[] = [];
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const w = await workOrder(t, { title: `${from} to ${to}` });
        await walk(t.admin.token, w.id, PATH_TO[from]);
        const res = await status(t.admin.token, w.id, to, 'a reason');
        const expected = ALLOWED[from]!.includes(to) ? 200 : 409;
        if (res.status !== expected) failures.push(`${from} → ${to}: ${res.status} ${JSON.stringify(res.body)}`);
        if (expected === 200) {
          expect(res.body.data.status).toBe(to);
        } else {
          expect(res.body.code).toBe('CONFLICT');
          expect((await call('GET', `/api/v1/cmms/workorders/${w.id}`, { token: t.admin.token })).body.data.status).toBe(from);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('records start, hold and completion; a reason is required to hold (optional to cancel); completion needs the checklist done', async () => {
    const t = await registerCompany();
    const w = await workOrder(t, { checklist: ['Lock out', 'Replace'] });
    // A move the state machine forbids is 409 even without its reason (open cannot go on hold).
    expectError(await status(t.admin.token, w.id, 'on_hold'), 409, 'CONFLICT');
    const started = await status(t.admin.token, w.id, 'in_progress');
    expect(started.body.data.startedAt).not.toBeNull();
    expectError(await status(t.admin.token, w.id, 'on_hold'), 400, 'VALIDATION_FAILED');
    const held = await status(t.admin.token, w.id, 'on_hold', 'Waiting for parts');
    expect(held.body.data).toMatchObject({ status: 'on_hold', onHoldReason: 'Waiting for parts' });
    const resumed = await status(t.admin.token, w.id, 'in_progress');
    expect(resumed.body.data).toMatchObject({ onHoldReason: null, startedAt: started.body.data.startedAt });
    const blocked = await status(t.admin.token, w.id, 'complete');
    expectError(blocked, 409, 'CONFLICT');
    expect(blocked.body.error).toMatch(/checklist/);
    await call('PATCH', `/api/v1/cmms/workorders/${w.id}/checklist`, { token: t.admin.token, body: { index: 0, done: true } });
    expectError(await status(t.admin.token, w.id, 'complete'), 409, 'CONFLICT');
    await call('PATCH', `/api/v1/cmms/workorders/${w.id}/checklist`, { token: t.admin.token, body: { index: 1, done: true } });
    const done = await status(t.admin.token, w.id, 'complete');
    expect(done.body.data.status).toBe('complete');
    expect(done.body.data.completedAt).not.toBeNull();
    expectError(await status(t.admin.token, w.id, 'open'), 409, 'CONFLICT');
    expectError(await status(t.admin.token, w.id, 'finished'), 400, 'VALIDATION_FAILED');

    // Cancelling keeps a reason when one is given; it is not required (only holding needs one).
    const c = await workOrder(t);
    expect((await status(t.admin.token, c.id, 'cancelled', 'Duplicate')).body.data).toMatchObject({ status: 'cancelled', cancelReason: 'Duplicate' });
    const plain = await workOrder(t);
    expect((await status(t.admin.token, plain.id, 'cancelled')).body.data).toMatchObject({ status: 'cancelled', cancelReason: null });

    const changes = await eventsOf(t.company.id, 'cmms.workorder.status_changed');
    expect(changes.filter((e) => e.workOrderId === w.id).map((e) => `${e.from}>${e.status}`)).toEqual(['open>in_progress', 'in_progress>on_hold', 'on_hold>in_progress', 'in_progress>complete']);
    expect(changes.find((e) => e.status === 'on_hold')).toMatchObject({ reason: 'Waiting for parts', actorId: t.admin.user.id, number: 'WO-0001' });
    expect(await eventsOf(t.company.id, 'cmms.workorder.completed')).toEqual([expect.objectContaining({ workOrderId: w.id })]);
  }, T);

  it('lets assigned technicians start, hold and complete; closing and cancelling is for admins; others are refused', async () => {
    const t = await registerCompany();
    const tech = await addUser(t.company.id, 'cliente');
    const bystander = await addUser(t.company.id, 'cliente');
    const w = await workOrder(t, { assigneeIds: [tech.user.id] });
    expectError(await status(bystander.token, w.id, 'in_progress'), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/v1/cmms/workorders/${w.id}/time`, { token: bystander.token, body: { minutes: 5 } }), 403, 'FORBIDDEN');
    expect((await call('GET', `/api/v1/cmms/workorders/${w.id}`, { token: bystander.token })).status).toBe(200);
    await walk(tech.token, w.id, ['in_progress', 'on_hold', 'in_progress', 'complete']);
    expectError(await status(tech.token, w.id, 'closed'), 403, 'FORBIDDEN');
    expect((await status(t.admin.token, w.id, 'closed')).body.data.status).toBe('closed');
    const other = await workOrder(t, { assigneeIds: [tech.user.id] });
    expectError(await status(tech.token, other.id, 'cancelled', 'Not needed'), 403, 'FORBIDDEN');
    // Unassigned: the technician loses the right at once.
    await call('PATCH', `/api/v1/cmms/workorders/${other.id}`, { token: t.admin.token, body: { assigneeIds: [] } });
    expectError(await status(tech.token, other.id, 'in_progress'), 403, 'FORBIDDEN');
  }, T);

  it('applies one of many concurrent moves, and records its event once', async () => {
    const t = await registerCompany();
    const w = await workOrder(t);
    const results = await Promise.all(Array.from({ length: 6 }, () => status(t.admin.token, w.id, 'in_progress')));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    // Moves that exclude each other: each leaves only from in progress, so whichever commits first refuses the rest.
    // (Cancelling is not among them: it is allowed from on hold too, so hold-then-cancel may both apply.)
    const racing = await Promise.all([status(t.admin.token, w.id, 'complete'), status(t.admin.token, w.id, 'on_hold', 'Wait'), status(t.admin.token, w.id, 'complete')]);
    expect(racing.filter((r) => r.status === 200)).toHaveLength(1);
    const winner = racing.find((r) => r.status === 200)!.body.data.status;
    const changes = (await eventsOf(t.company.id, 'cmms.workorder.status_changed')).map((e) => e.status);
    expect(changes).toEqual(['in_progress', winner]);
  }, T);
});

describe('checklist, time and notes', () => {
  it('ticks items in place (concurrent ticks all stick), logs time and notes, and shows them on the work order', async () => {
    const t = await registerCompany();
    const tech = await addUser(t.company.id, 'cliente');
    const w = await workOrder(t, { assigneeIds: [tech.user.id], checklist: ['a', 'b', 'c', 'd', 'e'] });
    const ticks = await Promise.all([0, 1, 2, 3, 4].map((index) => call('PATCH', `/api/v1/cmms/workorders/${w.id}/checklist`, { token: tech.token, body: { index, done: true } })));
    expect(ticks.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const after = await call('PATCH', `/api/v1/cmms/workorders/${w.id}/checklist`, { token: tech.token, body: { index: 2, done: false } });
    expect(after.body.data.checklist.map((i: { done: boolean }) => i.done)).toEqual([true, true, false, true, true]);
    expectError(await call('PATCH', `/api/v1/cmms/workorders/${w.id}/checklist`, { token: tech.token, body: { index: 5, done: true } }), 400, 'VALIDATION_FAILED');
    expectError(await call('PATCH', `/api/v1/cmms/workorders/${w.id}/checklist`, { token: tech.token, body: { index: 0, done: 'yes' } }), 400, 'VALIDATION_FAILED');

    const logged = await post(tech.token, `/workorders/${w.id}/time`, { minutes: 45, note: 'Diagnosis' });
    expect(logged).toMatchObject({ workOrderId: w.id, userId: tech.user.id, userCompanyId: t.company.id, minutes: 45, note: 'Diagnosis', userName: 'cliente user' });
    await post(t.admin.token, `/workorders/${w.id}/time`, { minutes: 15 });
    for (const body of [{ minutes: 0 }, { minutes: 1441 }, { minutes: 2.5 }, { minutes: 5, userId: t.admin.user.id }]) {
      expectError(await call('POST', `/api/v1/cmms/workorders/${w.id}/time`, { token: tech.token, body }), 400, 'VALIDATION_FAILED');
    }
    const note = await post(tech.token, `/workorders/${w.id}/notes`, { body: 'Bearing noise on the drive side.' });
    expect(note).toMatchObject({ authorId: tech.user.id, authorCompanyId: t.company.id, body: 'Bearing noise on the drive side.' });
    expectError(await call('POST', `/api/v1/cmms/workorders/${w.id}/notes`, { token: tech.token, body: { body: '  ' } }), 400, 'VALIDATION_FAILED');

    const detail = await call('GET', `/api/v1/cmms/workorders/${w.id}`, { token: tech.token });
    expect(detail.body.data).toMatchObject({ totalMinutes: 60, timeLogs: [{ minutes: 45 }, { minutes: 15 }], notes: [{ body: 'Bearing noise on the drive side.' }], parts: [] });

    await call('PATCH', `/api/v1/cmms/workorders/${w.id}/checklist`, { token: tech.token, body: { index: 2, done: true } });
    await walk(t.admin.token, w.id, ['in_progress', 'complete']);
    expectError(await call('PATCH', `/api/v1/cmms/workorders/${w.id}/checklist`, { token: tech.token, body: { index: 0, done: false } }), 409, 'CONFLICT');
    await walk(t.admin.token, w.id, ['closed']);
    expectError(await call('POST', `/api/v1/cmms/workorders/${w.id}/time`, { token: tech.token, body: { minutes: 5 } }), 409, 'CONFLICT');
    // Notes are welcome at any time.
    await post(tech.token, `/workorders/${w.id}/notes`, { body: 'Follow-up: all quiet.' });
  }, T);
});

describe('parts', () => {
  it('creates parts with money in minor units and a unique SKU; counts stock with a guard; lists low stock', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const p = await part(t, { sku: 'BLT-10', stock: 3, minStock: 5 });
    expect(p).toMatchObject({ sku: 'BLT-10', stock: 3, minStock: 5, unitCost: 1250, currency: 'EUR', lowStock: true });
    await part(t, { sku: 'FLT-2' });
    expectError(await call('POST', '/api/v1/cmms/parts', { token: t.admin.token, body: { name: 'Dup', sku: 'BLT-10', currency: 'EUR' } }), 409, 'CONFLICT');
    await part(other, { sku: 'BLT-10' });
    for (const body of [{ name: 'X', currency: 'euro' }, { name: 'X', currency: 'XYZ' }, { name: 'X' }, { name: 'X', currency: 'EUR', unitCost: 12.5 }, { name: 'X', currency: 'EUR', stock: -1 }]) {
      expectError(await call('POST', '/api/v1/cmms/parts', { token: t.admin.token, body }), 400, 'VALIDATION_FAILED');
    }
    expect((await call('GET', '/api/v1/cmms/parts?lowStock=true', { token: t.admin.token })).body.data.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expectError(await call('PATCH', `/api/v1/cmms/parts/${p.id}`, { token: t.admin.token, body: { stock: 20, expectedStock: 4 } }), 409, 'CONFLICT');
    const counted = await call('PATCH', `/api/v1/cmms/parts/${p.id}`, { token: t.admin.token, body: { stock: 20, expectedStock: 3 } });
    expect(counted.body.data).toMatchObject({ stock: 20, lowStock: false });
    expectError(await call('PATCH', `/api/v1/cmms/parts/${p.id}`, { token: t.admin.token, body: { expectedStock: 3 } }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', `/api/v1/cmms/parts/${p.id}`, { token: other.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('PATCH', `/api/v1/cmms/parts/${p.id}`, { token: other.admin.token, body: { stock: 0 } }), 404, 'NOT_FOUND');
    // Counting it down to its minimum is a low-stock moment too.
    await call('PATCH', `/api/v1/cmms/parts/${p.id}`, { token: t.admin.token, body: { stock: 5 } });
    expect(await eventsOf(t.company.id, 'cmms.part.low_stock')).toEqual([expect.objectContaining({ partId: p.id, stock: 5, minStock: 5 })]);
  }, T);

  it('uses parts in the same step as the stock change, never below zero, and emits low_stock once when the minimum is reached', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const tech = await addUser(t.company.id, 'cliente');
    const p = await part(t, { stock: 5, minStock: 2, unitCost: 999, currency: 'BRL' });
    const w = await workOrder(t, { assigneeIds: [tech.user.id] });
    const used = await post(tech.token, `/workorders/${w.id}/parts`, { partId: p.id, quantity: 2 });
    expect(used).toMatchObject({ partId: p.id, partName: p.name, quantity: 2, unitCost: 999, currency: 'BRL', stockLeft: 3 });
    const tooMany = await call('POST', `/api/v1/cmms/workorders/${w.id}/parts`, { token: tech.token, body: { partId: p.id, quantity: 4 } });
    expectError(tooMany, 409, 'CONFLICT');
    expect(tooMany.body.error).toMatch(/Only 3/);
    // Three left: six concurrent uses of one → exactly three succeed; the stock ends at zero, never below.
    const racing = await Promise.all(Array.from({ length: 6 }, () => call('POST', `/api/v1/cmms/workorders/${w.id}/parts`, { token: tech.token, body: { partId: p.id, quantity: 1 } })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409]);
    expect((await call('GET', `/api/v1/cmms/parts/${p.id}`, { token: t.admin.token })).body.data.stock).toBe(0);
    const detail = await call('GET', `/api/v1/cmms/workorders/${w.id}`, { token: t.admin.token });
    expect(detail.body.data.parts.map((u: { quantity: number }) => u.quantity)).toEqual([2, 1, 1, 1]);
    // Crossed the minimum (2) once: 3 → 2.
    expect(await eventsOf(t.company.id, 'cmms.part.low_stock')).toEqual([expect.objectContaining({ partId: p.id, stock: 2, minStock: 2, actorId: tech.user.id })]);

    const foreign = await part(other);
    expectError(await call('POST', `/api/v1/cmms/workorders/${w.id}/parts`, { token: tech.token, body: { partId: foreign.id, quantity: 1 } }), 400, 'VALIDATION_FAILED');
    const bystander = await addUser(t.company.id, 'cliente');
    const more = await part(t, { stock: 10 });
    expectError(await call('POST', `/api/v1/cmms/workorders/${w.id}/parts`, { token: bystander.token, body: { partId: more.id, quantity: 1 } }), 403, 'FORBIDDEN');
    await walk(t.admin.token, w.id, ['cancelled']);
    expectError(await call('POST', `/api/v1/cmms/workorders/${w.id}/parts`, { token: tech.token, body: { partId: more.id, quantity: 1 } }), 409, 'CONFLICT');
    expect((await call('GET', `/api/v1/cmms/parts/${more.id}`, { token: t.admin.token })).body.data.stock).toBe(10);
  }, T);
});

/** Calls the app with some configuration overridden (the limits) from one client address. */
async function callWith(vars: Record<string, string>, address: string, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { 'cf-connecting-ip': address };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.fetch(new Request(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), { ...env, ...vars } as Env, createExecutionContext());
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

describe('joined names', () => {
  it('come back right when D1 rows are read by column name (D1_STATS, as the bench runs): portal, contracted list, detail', async () => {
    const owner = await registerCompany();
    const partner = await registerCompany();
    await makePartners(owner, partner);
    const a = await asset(owner, { name: 'Cooling tower' });
    const w = await workOrder(owner, { assetId: a.id, contractorCompanyId: partner.company.id });
    await post(owner.admin.token, `/workorders/${w.id}/notes`, { body: 'Hello' });
    const stats = { D1_STATS: 'true' };
    const ip = `192.0.2.${crypto.randomUUID().slice(0, 6)}`;
    const withStats = async (path: string, token?: string) => {
      const headers: Record<string, string> = { 'cf-connecting-ip': ip, ...(token ? { authorization: `Bearer ${token}` } : {}) };
      const res = await app.fetch(new Request(`${BASE}${path}`, { headers }), { ...env, ...stats } as Env, createExecutionContext());
      expect(res.headers.get('server-timing')).toMatch(/d1rt/);
      return ((await res.json()) as { data: any }).data;
    };
    expect(await withStats(`/api/v1/public/assets/${a.requestToken}`)).toEqual({ assetName: 'Cooling tower', companyName: owner.company.name });
    expect((await withStats('/api/v1/cmms/contracted', partner.admin.token))[0]).toMatchObject({ assetName: 'Cooling tower', companyName: owner.company.name, title: w.title });
    expect(await withStats(`/api/v1/cmms/workorders/${w.id}`, owner.admin.token)).toMatchObject({ assetName: 'Cooling tower', title: w.title, notes: [{ authorName: 'Owner', body: 'Hello' }] });
  }, T);
});

describe('maintenance requests and the public portal', () => {
  it('shows only the asset and company names behind a token, takes anonymous requests, and 404s anything else', async () => {
    const t = await registerCompany();
    const a = await asset(t, { name: 'Elevator 2' });
    const shown = await call('GET', `/api/v1/public/assets/${a.requestToken}`);
    expect(shown.body.data).toEqual({ assetName: 'Elevator 2', companyName: t.company.name });
    expectError(await call('GET', `/api/v1/public/assets/${'x'.repeat(43)}`), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/v1/public/assets/short'), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/v1/public/assets/${a.id}`), 404, 'NOT_FOUND');

    const filed = await call('POST', `/api/v1/public/assets/${a.requestToken}/requests`, {
      body: { title: 'Door does not close', description: 'Stuck half open on floor 3.', requesterName: 'Visitor', requesterEmail: 'Visitor@Example.com' },
    });
    expect(filed.status).toBe(201);
    expect(filed.body.data).toMatchObject({ title: 'Door does not close', requesterEmail: 'visitor@example.com', status: 'new' });
    expect(Object.keys(filed.body.data).sort()).toEqual(['createdAt', 'description', 'id', 'requesterEmail', 'requesterName', 'status', 'title']);
    for (const body of [{ title: 'Door', description: 'x', requesterName: 'V', requesterEmail: 'not-an-email' }, { title: 'Door broken', description: '', requesterName: 'V' }, { title: 'Door broken', description: 'x', requesterName: 'V', assetId: a.id }]) {
      expectError(await call('POST', `/api/v1/public/assets/${a.requestToken}/requests`, { body }), 400, 'VALIDATION_FAILED');
    }
    expectError(await call('POST', `/api/v1/public/assets/${'y'.repeat(43)}/requests`, { body: { title: 'Door broken', description: 'x', requesterName: 'V' } }), 404, 'NOT_FOUND');

    const listed = await call('GET', '/api/v1/cmms/requests', { token: t.admin.token });
    expect(listed.body.data).toEqual([expect.objectContaining({ id: filed.body.data.id, assetId: a.id, assetName: 'Elevator 2', requesterId: null, requesterName: 'Visitor' })]);
    expect(await eventsOf(t.company.id, 'cmms.request.created')).toEqual([expect.objectContaining({ requestId: filed.body.data.id, actorId: null })]);
    // A deleted asset's portal is closed.
    await call('DELETE', `/api/v1/cmms/assets/${a.id}`, { token: t.admin.token });
    expectError(await call('GET', `/api/v1/public/assets/${a.requestToken}`), 404, 'NOT_FOUND');
  }, T);

  it('rate-limits anonymous requests per client address (RATE_LIMIT_PUBLIC) and stores nothing when refused', async () => {
    const t = await registerCompany();
    const a = await asset(t);
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}-${crypto.randomUUID().slice(0, 6)}`;
    const body = { title: 'Leaking pipe', description: 'Water on the floor.', requesterName: 'Visitor' };
    const path = `/api/v1/public/assets/${a.requestToken}/requests`;
    expect((await callWith({ RATE_LIMIT_PUBLIC: '2' }, ip, 'POST', path, body)).status).toBe(201);
    expect((await callWith({ RATE_LIMIT_PUBLIC: '2' }, ip, 'POST', path, body)).status).toBe(201);
    const over = await callWith({ RATE_LIMIT_PUBLIC: '2' }, ip, 'POST', path, body);
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('RATE_LIMITED');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call('GET', '/api/v1/cmms/requests', { token: t.admin.token })).body.meta.total).toBe(2);
  }, T);

  it('members file requests; admins see all and convert once (concurrently too) or decline; the requester hears of completion', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const tech = await addUser(t.company.id, 'cliente');
    const colleague = await addUser(t.company.id, 'cliente');
    const a = await asset(t, { name: 'Chiller' });
    const mine = await post(tech.token, '/requests', { title: 'Chiller is noisy', description: 'Since this morning.', assetId: a.id });
    expect(mine).toMatchObject({ requesterId: tech.user.id, requesterName: 'cliente user', requesterEmail: tech.user.email, status: 'new', assetName: 'Chiller' });
    const theirs = await post(colleague.token, '/requests', { title: 'Light out in hall', description: 'Hall B.' });
    expect((await call('GET', '/api/v1/cmms/requests', { token: tech.token })).body.data.map((r: { id: string }) => r.id)).toEqual([mine.id]);
    expectError(await call('GET', `/api/v1/cmms/requests/${theirs.id}`, { token: tech.token }), 404, 'NOT_FOUND');
    expect((await call('GET', '/api/v1/cmms/requests?status=new', { token: t.admin.token })).body.meta.total).toBe(2);
    expectError(await call('GET', `/api/v1/cmms/requests/${mine.id}`, { token: other.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/v1/cmms/requests/${mine.id}/convert`, { token: other.admin.token, body: {} }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/api/v1/cmms/requests', { token: tech.token, body: { title: 'Bad', description: 'x', assetId: (await asset(other)).id } }), 400, 'VALIDATION_FAILED');

    const converts = await Promise.all(Array.from({ length: 4 }, () => call('POST', `/api/v1/cmms/requests/${mine.id}/convert`, { token: t.admin.token, body: { priority: 'high', assigneeIds: [tech.user.id] } })));
    expect(converts.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const w = converts.find((r) => r.status === 201)!.body.data;
    expect(w).toMatchObject({ type: 'request', requestId: mine.id, title: 'Chiller is noisy', assetId: a.id, priority: 'high', assigneeIds: [tech.user.id], number: 'WO-0001' });
    expect((await call('GET', `/api/v1/cmms/requests/${mine.id}`, { token: tech.token })).body.data).toMatchObject({ status: 'converted', workOrderId: w.id });
    expect((await call('GET', '/api/v1/cmms/workorders', { token: t.admin.token })).body.meta.total).toBe(1);
    expectError(await call('POST', `/api/v1/cmms/requests/${mine.id}/decline`, { token: t.admin.token, body: { reason: 'No' } }), 409, 'CONFLICT');
    expectError(await call('PATCH', `/api/v1/cmms/requests/${mine.id}`, { token: t.admin.token, body: { title: 'Edited later' } }), 409, 'CONFLICT');

    expectError(await call('POST', `/api/v1/cmms/requests/${theirs.id}/decline`, { token: t.admin.token, body: {} }), 400, 'VALIDATION_FAILED');
    const declined = await call('POST', `/api/v1/cmms/requests/${theirs.id}/decline`, { token: t.admin.token, body: { reason: 'Already fixed' } });
    expect(declined.body.data).toMatchObject({ status: 'declined', declineReason: 'Already fixed' });
    expectError(await call('POST', `/api/v1/cmms/requests/${theirs.id}/convert`, { token: t.admin.token, body: {} }), 409, 'CONFLICT');

    // The technician completes the work order; the requester is told.
    await walk(tech.token, w.id, ['in_progress', 'complete']);
    const completed = (await env.DB.prepare("SELECT data FROM events WHERE type = 'cmms.workorder.completed' AND json_extract(data, '$.workOrderId') = ?").bind(w.id).first<{ data: string }>())!;
    expect(JSON.parse(completed.data)).toMatchObject({ requesterId: tech.user.id, actorId: tech.user.id });
  }, T);
});

describe('KPIs', () => {
  it('computes MTBF, MTTR, PM compliance, backlog by age and downtime over a window in SQL', async () => {
    const t = await registerCompany();
    const a = await asset(t);
    const b = await asset(t);
    const at = (days: number) => new Date(Date.parse('2026-06-30T00:00:00.000Z') - days * 86_400_000).toISOString();
    const run = (q: string, ...args: unknown[]) => env.DB.prepare(q).bind(...args).run();
    await run('UPDATE cmms_assets SET created_at = ? WHERE company_id = ?', at(20), t.company.id);
    // In the window [day -10, day 0): A down 24 h (−8 → −7) and 12 h (−3 → −2.5); B down from −1 to now (open).
    // A record that started before the window counts only inside it (−12 → −9: 24 h inside, not a failure in it).
    const down = (asset: string, from: number, to: number | null) =>
      run('INSERT INTO cmms_downtimes (id, company_id, asset_id, started_at, ended_at) VALUES (?, ?, ?, ?, ?)', crypto.randomUUID(), t.company.id, asset, at(from), to === null ? null : at(to));
    await down(a.id, 8, 7);
    await down(a.id, 3, 2.5);
    await down(a.id, 12, 9);
    // Preventive work orders due in the window: one completed on time, one late, one still open, one cancelled.
    const pm = async (due: number, completed: number | null, state: string) => {
      const w = await workOrder(t, { type: 'preventive', dueAt: at(due) });
      await run('UPDATE cmms_workorders SET status = ?, completed_at = ? WHERE id = ?', state, completed === null ? null : at(completed), w.id);
    };
    await pm(6, 6.5, 'complete');
    await pm(5, 4, 'closed');
    await pm(4, null, 'open');
    await pm(3, null, 'cancelled');
    const q = `from=${encodeURIComponent(at(10))}&to=${encodeURIComponent(at(0))}`;
    const k = (await call('GET', `/api/v1/cmms/kpis?${q}`, { token: t.admin.token })).body.data;
    // Downtime: 24 + 12 + 24 (clipped) = 60 h. Failures starting inside: 2. Repairs ending inside: 3, mean (24+12+72)/3 = 36 h.
    // Operating: 2 assets × 240 h − 60 = 420 h → MTBF 210 h. PM compliance: 1 on time of 3 due (cancelled excluded).
    expect(k).toMatchObject({ downtimeHours: 60, failures: 2, repairs: 3, mttrHours: 36, mtbfHours: 210, pmDue: 3, pmOnTime: 1, pmCompliancePercent: 33.3 });
    const forA = (await call('GET', `/api/v1/cmms/kpis?${q}&assetId=${a.id}`, { token: t.admin.token })).body.data;
    expect(forA).toMatchObject({ assetId: a.id, downtimeHours: 60, failures: 2, mtbfHours: 90, pmDue: 0, pmCompliancePercent: null });
    expect((await call('GET', `/api/v1/cmms/kpis?${q}&assetId=${b.id}`, { token: t.admin.token })).body.data).toMatchObject({ failures: 0, mtbfHours: null, mttrHours: null });

    // Backlog now, by age: created today, 10 days ago, 40 days ago (plus the open preventive one above, created today).
    for (const age of [10, 40]) {
      const w = await workOrder(t);
      await run('UPDATE cmms_workorders SET created_at = ? WHERE id = ?', new Date(Date.now() - age * 86_400_000).toISOString(), w.id);
    }
    const now = (await call('GET', '/api/v1/cmms/kpis', { token: t.admin.token })).body.data;
    expect(now.backlog).toEqual({ total: 3, byAge: { '0-7': 1, '8-30': 1, '31+': 1 } });
    expect(Date.parse(now.to) - Date.parse(now.from)).toBe(30 * 86_400_000);

    expectError(await call('GET', `/api/v1/cmms/kpis?from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(10))}`, { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/cmms/kpis?from=yesterday', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    const other = await registerCompany();
    expectError(await call('GET', `/api/v1/cmms/kpis?assetId=${a.id}`, { token: other.admin.token }), 404, 'NOT_FOUND');
    expect((await call('GET', `/api/v1/cmms/kpis?${q}`, { token: other.admin.token })).body.data).toMatchObject({ failures: 0, downtimeHours: 0, backlog: { total: 0 } });
  }, T);
});

describe('every CMMS route', () => {
  it("answers 404 for another company's records and 400 for unknown body fields (no mass assignment)", async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    await makePartners(a, b);
    const x = await asset(a);
    const records: Record<string, string> = {
      locations: (await location(a)).id,
      assets: x.id,
      meters: (await meter(a, x.id)).id,
      schedules: (await post(a.admin.token, '/schedules', { title: 'Grease it', assetId: x.id, everyDays: 30 })).id,
      workorders: (await workOrder(a, { checklist: ['one'] })).id,
      parts: (await part(a)).id,
      requests: (await post(a.admin.token, '/requests', { title: 'Broken thing', description: 'It broke.' })).id,
    };
    // A work order of A that is not contracted to B is as invisible under /contracted as anywhere else.
    records.contracted = records.workorders!;
    const valid: Record<string, unknown> = {
      'PATCH /api/v1/cmms/locations/:id': { name: 'N' },
      'PATCH /api/v1/cmms/assets/:id': { name: 'N' },
      'POST /api/v1/cmms/assets/:id/meters': { name: 'Hours', unit: 'h' },
      'PATCH /api/v1/cmms/meters/:id': { name: 'N' },
      'POST /api/v1/cmms/meters/:id/readings': { value: 1 },
      'PATCH /api/v1/cmms/schedules/:id': { active: false },
      'PATCH /api/v1/cmms/workorders/:id': { title: 'New title' },
      'POST /api/v1/cmms/workorders/:id/status': { status: 'in_progress' },
      'PATCH /api/v1/cmms/workorders/:id/checklist': { index: 0, done: true },
      'POST /api/v1/cmms/workorders/:id/time': { minutes: 5 },
      'POST /api/v1/cmms/workorders/:id/parts': { partId: records.parts, quantity: 1 },
      'POST /api/v1/cmms/workorders/:id/notes': { body: 'x' },
      'PATCH /api/v1/cmms/parts/:id': { name: 'N' },
      'PATCH /api/v1/cmms/requests/:id': { title: 'New title' },
      'POST /api/v1/cmms/requests/:id/convert': {},
      'POST /api/v1/cmms/requests/:id/decline': { reason: 'x' },
      'POST /api/v1/cmms/contracted/:id/status': { status: 'in_progress' },
      'PATCH /api/v1/cmms/contracted/:id/checklist': { index: 0, done: true },
      'POST /api/v1/cmms/contracted/:id/time': { minutes: 5 },
      'POST /api/v1/cmms/contracted/:id/notes': { body: 'x' },
    };
    const routes = [...new Map(app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/cmms/') && r.path.includes(':id')).map((r) => [`${r.method} ${r.path}`, r])).values()];
    expect(routes.length).toBeGreaterThan(35);
    const failures: string[] = [];
    for (const r of routes) {
      const kind = r.path.split('/')[4]!;
      const path = r.path.replace(':id', records[kind]!);
      const key = `${r.method} ${r.path}`;
      const body = valid[key];
      if (r.method !== 'GET' && r.method !== 'DELETE' && !(key in valid) && !r.path.endsWith('/request-token')) failures.push(`${key}: no valid body in this test`);
      const foreign = await call(r.method, path, { token: b.admin.token, body });
      if (foreign.status !== 404) failures.push(`${key} as another company: ${foreign.status}`);
      if (body !== undefined) {
        const smuggled = await call(r.method, path, { token: a.admin.token, body: { ...(body as object), companyId: b.company.id } });
        if (smuggled.status !== 400) failures.push(`${key} with companyId: ${smuggled.status}`);
      }
    }
    for (const [path, body] of [
      ['/locations', { name: 'X', companyId: b.company.id }],
      ['/assets', { name: 'X', code: 'X', companyId: b.company.id }],
      ['/schedules', { title: 'Grease it', assetId: x.id, everyDays: 30, version: 9 }],
      ['/workorders', { title: 'Title', createdBy: b.admin.user.id }],
      ['/parts', { name: 'X', currency: 'EUR', companyId: b.company.id }],
      ['/requests', { title: 'Title', description: 'x', requesterId: b.admin.user.id }],
    ] as const) {
      const res = await call('POST', `/api/v1/cmms${path}`, { token: a.admin.token, body });
      if (res.status !== 400) failures.push(`POST ${path} with a system field: ${res.status}`);
    }
    expect(failures).toEqual([]);
    // Nothing of it stuck.
    const w = (await call('GET', `/api/v1/cmms/workorders/${records.workorders}`, { token: a.admin.token })).body.data;
    expect(w).toMatchObject({ status: 'open', title: 'Replace the belt', timeLogs: [], notes: [], parts: [] });
    expect((await call('GET', `/api/v1/cmms/requests/${records.requests}`, { token: a.admin.token })).body.data.status).toBe('new');
  }, 300_000);
});
