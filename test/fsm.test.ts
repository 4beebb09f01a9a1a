import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { app } from '../src/app';
import { addStaff, addUser, BASE, call, expectError, makePartners, registerCompany } from './helpers';
import { at, customer, dayFromToday, eventsOf, job, post, site, step, technician, visit, walk, WEEK } from './fsm-helpers';

// Many companies and calls per test on a shared 2-core machine.
vi.setConfig({ testTimeout: 120_000 });

// Let the queue finish this file's events (notifications, live delivery) before the test environment is torn down.
afterAll(async () => {
  for (let i = 0; i < 100; i++) {
    const waiting = await env.DB.prepare('SELECT count(*) AS n FROM events WHERE processed_at IS NULL AND dead_at IS NULL').first<{ n: number }>();
    if (!waiting?.n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}, 15_000);

const D = dayFromToday(3);

describe('customers and sites', () => {
  it('creates, lists (counted), searches without accents, changes and soft-deletes customers; admins only write', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const member = await addUser(t.company.id, 'cliente');
    const a = await customer(t, { name: 'Padaria São João', email: 'Contato@Padaria.example', phone: '+55 11 3333-4444' });
    expect(a).toMatchObject({ name: 'Padaria São João', email: 'contato@padaria.example', phone: '+55 11 3333-4444', companyId: t.company.id });
    await customer(t, { name: 'Hospital Santa Cruz' });
    await customer(other, { name: 'Padaria do Outro' });
    const listed = await call('GET', '/api/v1/fsm/customers?sortBy=name&sortOrder=asc', { token: member.token });
    expect(listed.body.data.map((c: { name: string }) => c.name)).toEqual(['Hospital Santa Cruz', 'Padaria São João']);
    expect(listed.body.meta).toMatchObject({ total: 2 });
    const found = await call('GET', '/api/v1/fsm/customers?search=sao%20joao', { token: member.token });
    expect(found.body.data.map((c: { id: string }) => c.id)).toEqual([a.id]);
    expect(found.body.meta.total).toBe(1);
    expect((await call('GET', '/api/v1/fsm/customers?search=3333', { token: member.token })).body.data.map((c: { id: string }) => c.id)).toEqual([a.id]);

    expectError(await call('POST', '/api/v1/fsm/customers', { token: member.token, body: { name: 'X' } }), 403, 'FORBIDDEN');
    expectError(await call('POST', '/api/v1/fsm/customers', { token: t.admin.token, body: { name: '' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/fsm/customers', { token: t.admin.token, body: { name: 'X', email: 'nope' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/fsm/customers', { token: t.admin.token, body: { name: 'X', phone: 'call me' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', `/api/v1/fsm/customers/${a.id}`, { token: other.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('PATCH', `/api/v1/fsm/customers/${a.id}`, { token: other.admin.token, body: { name: 'Mine now' } }), 404, 'NOT_FOUND');

    const changed = await call('PATCH', `/api/v1/fsm/customers/${a.id}`, { token: t.admin.token, body: { name: 'Padaria São João Ltda', phone: '' } });
    expect(changed.body.data).toMatchObject({ name: 'Padaria São João Ltda', phone: null });
    expect((await call('GET', '/api/v1/fsm/customers?search=ltda', { token: member.token })).body.meta.total).toBe(1);

    const deleted = await call('DELETE', `/api/v1/fsm/customers/${a.id}`, { token: t.admin.token });
    expect(deleted.status).toBe(200);
    expectError(await call('GET', `/api/v1/fsm/customers/${a.id}`, { token: t.admin.token }), 404, 'NOT_FOUND');
    expect((await call('GET', '/api/v1/fsm/customers', { token: member.token })).body.meta.total).toBe(1);
    expect((await call('GET', '/api/v1/fsm/customers?search=padaria', { token: member.token })).body.meta.total).toBe(0);
    expect((await eventsOf(t.company.id, 'fsm.customer.deleted')).map((e) => e.customerId)).toEqual([a.id]);
  });

  it('keeps sites under their customer, with coordinates in pairs; a customer or site with open jobs cannot be deleted', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const member = await addUser(t.company.id, 'cliente');
    const c = await customer(t);
    const s = await site(t, c.id, { name: 'Loja Centro', accessNotes: 'Ring at the back door' });
    expect(s).toMatchObject({ customerId: c.id, name: 'Loja Centro', lat: -23.5614, lng: -46.6559, accessNotes: 'Ring at the back door' });
    const bare = await site(t, c.id, { name: 'Depósito', lat: undefined, lng: undefined });
    expect(bare).toMatchObject({ lat: null, lng: null });
    expectError(await call('POST', `/api/v1/fsm/customers/${c.id}/sites`, { token: t.admin.token, body: { name: 'X', address: 'Y', lat: 10 } }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', `/api/v1/fsm/customers/${c.id}/sites`, { token: t.admin.token, body: { name: 'X', address: 'Y', lat: 91, lng: 0 } }), 400, 'VALIDATION_FAILED');
    expectError(await call('PATCH', `/api/v1/fsm/sites/${s.id}`, { token: t.admin.token, body: { lng: 3 } }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', `/api/v1/fsm/customers/${c.id}/sites`, { token: member.token, body: { name: 'X', address: 'Y' } }), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/v1/fsm/customers/${c.id}/sites`, { token: other.admin.token, body: { name: 'X', address: 'Y' } }), 404, 'NOT_FOUND');
    const listed = await call('GET', `/api/v1/fsm/customers/${c.id}/sites?sortBy=name&sortOrder=asc`, { token: member.token });
    expect(listed.body.data.map((x: { name: string }) => x.name)).toEqual(['Depósito', 'Loja Centro']);
    expectError(await call('GET', `/api/v1/fsm/customers/${c.id}/sites`, { token: other.admin.token }), 404, 'NOT_FOUND');
    const moved = await call('PATCH', `/api/v1/fsm/sites/${bare.id}`, { token: t.admin.token, body: { lat: -23.6, lng: -46.7 } });
    expect(moved.body.data).toMatchObject({ lat: -23.6, lng: -46.7 });

    const j = await job(t, {}, { customerId: c.id, siteId: s.id });
    expectError(await call('DELETE', `/api/v1/fsm/sites/${s.id}`, { token: t.admin.token }), 409, 'CONFLICT');
    expectError(await call('DELETE', `/api/v1/fsm/customers/${c.id}`, { token: t.admin.token }), 409, 'CONFLICT');
    expect((await call('DELETE', `/api/v1/fsm/sites/${bare.id}`, { token: t.admin.token })).status).toBe(200);
    expectError(await call('GET', `/api/v1/fsm/sites/${bare.id}`, { token: t.admin.token }), 404, 'NOT_FOUND');
    // Once the job is cancelled the customer may go, and its sites with it.
    expect((await call('PATCH', `/api/v1/fsm/jobs/${j.id}`, { token: t.admin.token, body: { status: 'cancelled' } })).status).toBe(200);
    expect((await call('DELETE', `/api/v1/fsm/customers/${c.id}`, { token: t.admin.token })).status).toBe(200);
    expectError(await call('GET', `/api/v1/fsm/sites/${s.id}`, { token: t.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/v1/fsm/customers/${c.id}/sites`, { token: t.admin.token, body: { name: 'X', address: 'Y' } }), 404, 'NOT_FOUND');
  });
});

describe('technicians', () => {
  it('are employees with a profile (skills, UTC shifts, home base) set by admins', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const member = await addUser(t.company.id, 'cliente');
    const plain = await addUser(t.company.id, 'cliente');
    expectError(await call('GET', `/api/v1/fsm/technicians/${member.user.id}`, { token: t.admin.token }), 404, 'NOT_FOUND');
    const put = await call('PUT', `/api/v1/fsm/technicians/${member.user.id}`, {
      token: t.admin.token,
      body: { skills: ['HVAC', 'electrical', 'HVAC'], shifts: [{ weekday: 1, start: '08:00', end: '12:00' }, { weekday: 1, start: '13:00', end: '17:30' }], homeLat: -23.5, homeLng: -46.6 },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.data).toMatchObject({ userId: member.user.id, companyId: t.company.id, name: 'cliente user', userStatus: 'active', skills: ['HVAC', 'electrical'], homeLat: -23.5 });
    // PUT replaces the profile.
    const again = await call('PUT', `/api/v1/fsm/technicians/${member.user.id}`, { token: t.admin.token, body: { skills: ['plumbing'] } });
    expect(again.body.data).toMatchObject({ skills: ['plumbing'], shifts: [], homeLat: null, homeLng: null });
    for (const bad of [
      { shifts: [{ weekday: 7, start: '08:00', end: '17:00' }] },
      { shifts: [{ weekday: 1, start: '17:00', end: '08:00' }] },
      { shifts: [{ weekday: 1, start: '8:00', end: '17:00' }] },
      { homeLat: -23.5 },
      { skills: ['x'], userId: plain.user.id },
    ]) {
      expectError(await call('PUT', `/api/v1/fsm/technicians/${member.user.id}`, { token: t.admin.token, body: bad }), 400, 'VALIDATION_FAILED');
    }
    expectError(await call('PUT', `/api/v1/fsm/technicians/${member.user.id}`, { token: member.token, body: { skills: [] } }), 403, 'FORBIDDEN');
    expectError(await call('PUT', `/api/v1/fsm/technicians/${member.user.id}`, { token: other.admin.token, body: { skills: [] } }), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/v1/fsm/technicians/${member.user.id}`, { token: other.admin.token }), 404, 'NOT_FOUND');
    const electrician = await technician(t, { skills: ['electrical'] });
    const all = await call('GET', '/api/v1/fsm/technicians', { token: plain.token });
    expect(all.body.meta.total).toBe(2);
    // Lists default to createdAt desc; by name on request.
    expect(all.body.data.map((x: { userId: string }) => x.userId)).toEqual([electrician.user.id, member.user.id]);
    const byName = await call('GET', '/api/v1/fsm/technicians?sortBy=name&sortOrder=asc', { token: plain.token });
    expect(byName.body.data.map((x: { name: string }) => x.name)).toEqual(all.body.data.map((x: { name: string }) => x.name).sort());
    const plumbers = await call('GET', '/api/v1/fsm/technicians?skill=Plumbing', { token: plain.token });
    expect(plumbers.body.data.map((x: { userId: string }) => x.userId)).toEqual([member.user.id]);
    expect((await call('GET', '/api/v1/fsm/technicians', { token: other.admin.token })).body.meta.total).toBe(0);
    expect((await eventsOf(t.company.id, 'fsm.technician.updated')).length).toBe(3);
  });
});

describe('field jobs', () => {
  it('numbers FJ-0001… per company without gaps or duplicates, even for 20 concurrent creates', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const c = await customer(t);
    const s = await site(t, c.id);
    await job(other);
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) => call('POST', '/api/v1/fsm/jobs', { token: t.admin.token, body: { customerId: c.id, siteId: s.id, title: `Concurrent ${i}` } })));
    expect(made.map((r) => r.status)).toEqual(Array(20).fill(201));
    const numbers = made.map((r) => r.body.data.number).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `FJ-${String(i + 1).padStart(4, '0')}`));
    // A deleted job keeps its number; the next one continues after it.
    expect((await call('DELETE', `/api/v1/fsm/jobs/${made[0]!.body.data.id}`, { token: t.admin.token })).status).toBe(200);
    expect((await job(t, {}, { customerId: c.id, siteId: s.id })).number).toBe('FJ-0021');
    expect((await job(other)).number).toBe('FJ-0002');
    // The created events carry the number the insert allocated.
    const created = await eventsOf(t.company.id, 'fsm.job.created');
    expect(created.map((e) => e.number).sort()).toEqual([...numbers, 'FJ-0021'].sort());
    expect(created[0]!.audience).toEqual({ kind: 'company' });
  });

  it('checks customer and site inside the tenant, filters, searches by number and text, changes and cancels', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const member = await addUser(t.company.id, 'cliente');
    const c = await customer(t, { name: 'Mercado Bom Preço' });
    const s = await site(t, c.id, { name: 'Loja 1' });
    const c2 = await customer(t);
    const s2 = await site(t, c2.id);
    const foreign = await customer(other);
    const foreignSite = await site(other, foreign.id);
    const body = { customerId: c.id, siteId: s.id, title: 'Câmara fria não gela' };
    expectError(await call('POST', '/api/v1/fsm/jobs', { token: t.admin.token, body: { ...body, customerId: foreign.id } }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/api/v1/fsm/jobs', { token: t.admin.token, body: { ...body, siteId: foreignSite.id } }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/api/v1/fsm/jobs', { token: t.admin.token, body: { ...body, siteId: s2.id } }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/fsm/jobs', { token: t.admin.token, body: { ...body, sourceWorkOrderId: crypto.randomUUID() } }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/api/v1/fsm/jobs', { token: t.admin.token, body: { customerId: c.id, siteId: s.id } }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/fsm/jobs', { token: t.admin.token, body: { ...body, durationMin: 0 } }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/fsm/jobs', { token: t.admin.token, body: { ...body, priority: 'urgent' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/fsm/jobs', { token: t.admin.token, body: { ...body, status: 'completed' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/fsm/jobs', { token: member.token, body }), 403, 'FORBIDDEN');
    const j = await post(t.admin.token, '/jobs', { ...body, description: 'The walk-in freezer stays at 8 °C.', requiredSkills: ['refrigeration'], durationMin: 90, priority: 'high' });
    expect(j).toMatchObject({ number: 'FJ-0001', status: 'unscheduled', version: 1, priority: 'high', durationMin: 90, customerName: 'Mercado Bom Preço', siteName: 'Loja 1', sourceWorkOrderId: null });
    await job(t, { title: 'Replace the filters', priority: 'low' }, { customerId: c2.id, siteId: s2.id });
    expect((await call('GET', '/api/v1/fsm/jobs?search=camara', { token: member.token })).body.data.map((x: { id: string }) => x.id)).toEqual([j.id]);
    expect((await call('GET', '/api/v1/fsm/jobs?search=FJ-0001', { token: member.token })).body.data.map((x: { id: string }) => x.id)).toEqual([j.id]);
    expect((await call('GET', `/api/v1/fsm/jobs?customerId=${c.id}`, { token: member.token })).body.meta.total).toBe(1);
    expect((await call('GET', '/api/v1/fsm/jobs?priority=low', { token: member.token })).body.meta.total).toBe(1);
    expect((await call('GET', '/api/v1/fsm/jobs?status=unscheduled', { token: member.token })).body.meta.total).toBe(2);
    expect((await call('GET', '/api/v1/fsm/jobs?sortBy=number&sortOrder=asc', { token: member.token })).body.data.map((x: { number: string }) => x.number)).toEqual(['FJ-0001', 'FJ-0002']);
    expectError(await call('GET', '/api/v1/fsm/jobs?status=open', { token: member.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', `/api/v1/fsm/jobs/${j.id}`, { token: other.admin.token }), 404, 'NOT_FOUND');
    expect((await call('GET', '/api/v1/fsm/jobs', { token: other.admin.token })).body.meta.total).toBe(0);

    // Changes: a stale version is refused; moving it to another customer needs one of its sites.
    expectError(await call('PATCH', `/api/v1/fsm/jobs/${j.id}`, { token: t.admin.token, body: { title: 'Stale', version: 7 } }), 409, 'CONFLICT');
    expectError(await call('PATCH', `/api/v1/fsm/jobs/${j.id}`, { token: t.admin.token, body: { customerId: c2.id } }), 400, 'VALIDATION_FAILED');
    expectError(await call('PATCH', `/api/v1/fsm/jobs/${j.id}`, { token: t.admin.token, body: { customerId: foreign.id, siteId: foreignSite.id } }), 404, 'NOT_FOUND');
    expectError(await call('PATCH', `/api/v1/fsm/jobs/${j.id}`, { token: t.admin.token, body: { status: 'completed' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('PATCH', `/api/v1/fsm/jobs/${j.id}`, { token: t.admin.token, body: { version: 1 } }), 400, 'VALIDATION_FAILED');
    const moved = await call('PATCH', `/api/v1/fsm/jobs/${j.id}`, { token: t.admin.token, body: { customerId: c2.id, siteId: s2.id, title: 'Câmara fria (loja 2)', version: 1 } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.data).toMatchObject({ customerId: c2.id, siteId: s2.id, version: 2, customerName: c2.name });
    expect((await eventsOf(t.company.id, 'fsm.job.updated')).at(-1)).toMatchObject({ jobId: j.id, version: 2, changes: ['customerId', 'siteId', 'title'] });

    // Cancelling cancels its visits that are not under way; a cancelled job is read-only and off the tray.
    const tech = await technician(t, { skills: ['refrigeration'] });
    const v1 = await visit(t, j.id, [tech.user.id], at(D, '09:00'));
    const v2 = await visit(t, j.id, [tech.user.id], at(D, '14:00'));
    await walk(t.admin.token, tech.token, v2.id, ['dispatched', 'en_route']);
    expectError(await call('PATCH', `/api/v1/fsm/jobs/${j.id}`, { token: t.admin.token, body: { status: 'cancelled' } }), 409, 'CONFLICT');
    expectError(await call('DELETE', `/api/v1/fsm/jobs/${j.id}`, { token: t.admin.token }), 409, 'CONFLICT');
    await step(t.admin.token, v2.id, 'cancelled');
    const cancelled = await call('PATCH', `/api/v1/fsm/jobs/${j.id}`, { token: t.admin.token, body: { status: 'cancelled' } });
    expect(cancelled.body.data.status).toBe('cancelled');
    expect((await call('GET', `/api/v1/fsm/visits/${v1.id}`, { token: t.admin.token })).body.data).toMatchObject({ status: 'cancelled', statusTimes: { cancelled: expect.any(String) } });
    expect((await eventsOf(t.company.id, 'fsm.job.updated')).at(-1)).toMatchObject({ status: 'cancelled', cancelledVisitIds: [v1.id] });
    // Each visit the cancel took is a visit event too (v2 by its own step; the refused attempts emitted nothing).
    const visitCancels = (await eventsOf(t.company.id, 'fsm.visit.status_changed')).filter((e) => e.status === 'cancelled');
    expect(visitCancels.map((e) => e.visitId)).toEqual([v2.id, v1.id]);
    expect(visitCancels[1]).toMatchObject({ from: 'scheduled', note: 'The job was cancelled or deleted', jobStatus: 'cancelled', actorId: t.admin.user.id });
    expectError(await call('PATCH', `/api/v1/fsm/jobs/${j.id}`, { token: t.admin.token, body: { title: 'Too late' } }), 409, 'CONFLICT');
    expectError(await call('POST', '/api/v1/fsm/visits', { token: t.admin.token, body: { jobId: j.id, technicianIds: [tech.user.id], start: at(D, '10:00') } }), 409, 'CONFLICT');
    // A deleted job disappears, and its open visits are cancelled.
    const other2 = await job(t, {}, { customerId: c2.id, siteId: s2.id });
    const v3 = await visit(t, other2.id, [tech.user.id], at(D, '16:00'));
    const deleted = await call('DELETE', `/api/v1/fsm/jobs/${other2.id}`, { token: t.admin.token });
    expect(deleted.status).toBe(200);
    expectError(await call('GET', `/api/v1/fsm/jobs/${other2.id}`, { token: t.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/v1/fsm/visits/${v3.id}`, { token: t.admin.token }), 404, 'NOT_FOUND');
    expect((await eventsOf(t.company.id, 'fsm.job.deleted'))[0]).toMatchObject({ jobId: other2.id, cancelledVisitIds: [v3.id] });
    expect((await eventsOf(t.company.id, 'fsm.visit.status_changed')).filter((e) => e.visitId === v3.id)).toMatchObject([{ status: 'cancelled', from: 'scheduled' }]);
  });
});

describe('visits', () => {
  it('are scheduled on open jobs with active technicians of the company (version 1); the job becomes scheduled', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const tech = await technician(t);
    const notTech = await addUser(t.company.id, 'cliente');
    const inactive = await technician(t);
    await call('PATCH', `/api/v1/employees/${inactive.user.id}`, { token: t.admin.token, body: { status: 'inactive' } });
    const outsider = await technician(other);
    const j = await job(t, { durationMin: 45 });
    const foreignJob = await job(other);
    const v = { jobId: j.id, technicianIds: [tech.user.id], start: at(D, '09:00') };
    for (const ids of [[outsider.user.id], [notTech.user.id], [inactive.user.id], [tech.user.id, crypto.randomUUID()]]) {
      expectError(await call('POST', '/api/v1/fsm/visits', { token: t.admin.token, body: { ...v, technicianIds: ids } }), 404, 'NOT_FOUND');
    }
    expectError(await call('POST', '/api/v1/fsm/visits', { token: t.admin.token, body: { ...v, jobId: foreignJob.id } }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/api/v1/fsm/visits', { token: t.admin.token, body: { ...v, technicianIds: [] } }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/fsm/visits', { token: t.admin.token, body: { ...v, end: at(D, '08:00') } }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/fsm/visits', { token: t.admin.token, body: { ...v, start: '2026-13-01T09:00:00Z' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/fsm/visits', { token: t.admin.token, body: { ...v, status: 'completed' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/fsm/visits', { token: tech.token, body: v }), 403, 'FORBIDDEN');
    const made = await post(t.admin.token, '/visits', { ...v, checklist: [{ label: 'Check pressure' }, { label: 'Clean coils', done: true }] });
    expect(made).toMatchObject({
      version: 1,
      status: 'scheduled',
      start: at(D, '09:00'),
      end: at(D, '09:45'),
      jobStatus: 'scheduled',
      jobNumber: j.number,
      checklist: [{ label: 'Check pressure', done: false }, { label: 'Clean coils', done: true }],
      signed: false,
      statusTimes: { scheduled: expect.any(String) },
    });
    expect(made.customerToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const detail = (await call('GET', `/api/v1/fsm/jobs/${j.id}`, { token: tech.token })).body.data;
    expect(detail).toMatchObject({ status: 'scheduled', version: 2, visits: [{ id: made.id }] });
    expectError(await call('GET', `/api/v1/fsm/visits/${made.id}`, { token: other.admin.token }), 404, 'NOT_FOUND');
    const [scheduled] = await eventsOf(t.company.id, 'fsm.visit.scheduled');
    expect(scheduled).toMatchObject({ visitId: made.id, version: 1, jobStatus: 'scheduled', jobVersion: 2, technicianIds: [tech.user.id], actorId: t.admin.user.id, audience: { kind: 'company' } });
  });

  it('two dispatchers dropping the same tray job with its version: one visit is made, the other gets 409', async () => {
    const t = await registerCompany();
    const second = await addUser(t.company.id, 'admin_empresa');
    const tech = await technician(t);
    const j = await job(t);
    const body = (start: string) => ({ jobId: j.id, technicianIds: [tech.user.id], start, version: j.version });
    const [a, b] = await Promise.all([
      call('POST', '/api/v1/fsm/visits', { token: t.admin.token, body: body(at(D, '09:00')) }),
      call('POST', '/api/v1/fsm/visits', { token: second.token, body: body(at(D, '11:00')) }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const detail = (await call('GET', `/api/v1/fsm/jobs/${j.id}`, { token: t.admin.token })).body.data;
    expect(detail.visits).toHaveLength(1);
    expect(detail.version).toBe(2);
    expect(await eventsOf(t.company.id, 'fsm.visit.scheduled')).toHaveLength(1);
    // Without a version a dispatcher may add a second visit on purpose.
    expect((await call('POST', '/api/v1/fsm/visits', { token: t.admin.token, body: { jobId: j.id, technicianIds: [tech.user.id], start: at(D, '15:00') } })).status).toBe(201);
  });

  it('are reassigned and rescheduled by dispatchers at the version they read: of two concurrent PATCHes one wins', async () => {
    const t = await registerCompany();
    const second = await addUser(t.company.id, 'admin_empresa');
    const tech = await technician(t);
    const tech2 = await technician(t);
    const outsider = await technician(await registerCompany());
    const j = await job(t);
    const v = await visit(t, j.id, [tech.user.id], at(D, '09:00'));
    const [a, b] = await Promise.all([
      call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: t.admin.token, body: { version: 1, start: at(D, '10:00') } }),
      call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: second.token, body: { version: 1, technicianIds: [tech2.user.id] } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = (a.status === 200 ? a : b).body.data;
    expect(winner.version).toBe(2);
    const loser = a.status === 200 ? b : a;
    expect(loser.body.error).toMatch(/version 2/);
    const updates = await eventsOf(t.company.id, 'fsm.visit.updated');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ visitId: v.id, version: 2 });

    expectError(await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: t.admin.token, body: { version: 1, notes: 'stale' } }), 409, 'CONFLICT');
    expectError(await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: t.admin.token, body: { version: 2, technicianIds: [outsider.user.id] } }), 404, 'NOT_FOUND');
    expectError(await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: t.admin.token, body: { version: 2 } }), 400, 'VALIDATION_FAILED');
    expectError(await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: t.admin.token, body: { notes: 'no version' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: t.admin.token, body: { version: 2, end: at(D, '07:00') } }), 400, 'VALIDATION_FAILED');
    // Moving only the start keeps the duration; reassigning names who was added and removed.
    const r = await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: t.admin.token, body: { version: 2, start: at(D, '13:30'), technicianIds: [tech.user.id, tech2.user.id] } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data).toMatchObject({ start: at(D, '13:30'), end: at(D, '14:30'), version: 3, technicianIds: [tech.user.id, tech2.user.id] });
    const last = (await eventsOf(t.company.id, 'fsm.visit.updated')).at(-1);
    expect(last).toMatchObject({ rescheduled: true, addedTechnicianIds: [tech.user.id, tech2.user.id].filter((id) => !winner.technicianIds.includes(id)), removedTechnicianIds: [] });
    expect([...last.changes].sort()).toEqual(['start', 'technicianIds']);
  });

  it('lets its technicians edit only the checklist and notes; others are refused', async () => {
    const t = await registerCompany();
    const tech = await technician(t);
    const colleague = await technician(t);
    const j = await job(t);
    const v = await visit(t, j.id, [tech.user.id], at(D, '09:00'), { checklist: [{ label: 'Isolate power' }] });
    const ok = await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: tech.token, body: { version: 1, checklist: [{ label: 'Isolate power', done: true }], notes: 'Gate code 1234' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.data).toMatchObject({ version: 2, checklist: [{ label: 'Isolate power', done: true }], notes: 'Gate code 1234' });
    expectError(await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: tech.token, body: { version: 2, start: at(D, '10:00') } }), 403, 'FORBIDDEN');
    expectError(await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: tech.token, body: { version: 2, technicianIds: [colleague.user.id] } }), 403, 'FORBIDDEN');
    expectError(await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: colleague.token, body: { version: 2, notes: 'Not mine' } }), 403, 'FORBIDDEN');
    expectError(await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: tech.token, body: { version: 2, notes: 'x'.repeat(5001) } }), 400, 'VALIDATION_FAILED');
    expect((await call('GET', `/api/v1/fsm/visits/${v.id}`, { token: colleague.token })).body.data.notes).toBe('Gate code 1234');
  });

  it('move one status step at a time with timestamps; dispatching is for dispatchers; completion needs the checklist and takes a signature', async () => {
    const t = await registerCompany();
    const tech = await technician(t);
    const colleague = await technician(t);
    const j = await job(t);
    const v = await visit(t, j.id, [tech.user.id], at(D, '09:00'), { checklist: [{ label: 'Test run' }] });
    expectError(await step(tech.token, v.id, 'dispatched'), 403, 'FORBIDDEN');
    expectError(await step(tech.token, v.id, 'en_route'), 409, 'CONFLICT');
    expectError(await step(t.admin.token, v.id, 'on_site'), 409, 'CONFLICT');
    expectError(await step(t.admin.token, v.id, 'scheduled'), 409, 'CONFLICT');
    expectError(await step(t.admin.token, v.id, 'paused'), 400, 'VALIDATION_FAILED');
    expectError(await step(t.admin.token, v.id, 'dispatched', { version: 5 }), 409, 'CONFLICT');
    const dispatched = await step(t.admin.token, v.id, 'dispatched', { version: 1 });
    expect(dispatched.body.data).toMatchObject({ status: 'dispatched', version: 2, jobStatus: 'scheduled' });
    expectError(await step(colleague.token, v.id, 'en_route'), 403, 'FORBIDDEN');
    const enRoute = await step(tech.token, v.id, 'en_route', { note: 'Leaving the depot' });
    expect(enRoute.body.data).toMatchObject({ status: 'en_route', jobStatus: 'in_progress' });
    expect(enRoute.body.data.history.at(-1)).toMatchObject({ status: 'en_route', by: tech.user.id, byName: tech.user.name, note: 'Leaving the depot' });
    expect(enRoute.body.data.history[0]).toMatchObject({ status: 'scheduled', by: t.admin.user.id, byName: t.admin.user.name, note: null });
    expectError(await step(tech.token, v.id, 'completed'), 409, 'CONFLICT');
    expect((await step(tech.token, v.id, 'on_site')).status).toBe(200);
    // Under way: no more moving it.
    expectError(await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: t.admin.token, body: { version: 4, start: at(D, '11:00') } }), 409, 'CONFLICT');

    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    expectError(await step(tech.token, v.id, 'completed', { signature: png }), 409, 'CONFLICT');
    expectError(await step(tech.token, v.id, 'on_site', { signature: png }), 400, 'VALIDATION_FAILED');
    expectError(await step(tech.token, v.id, 'completed', { signature: 'data:image/jpeg;base64,/9j/4AAQ' }), 400, 'VALIDATION_FAILED');
    expectError(await step(tech.token, v.id, 'completed', { signature: `${png.slice(0, 33)}${'A'.repeat(65_536)}` }), 400, 'VALIDATION_FAILED');
    await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: tech.token, body: { version: 4, checklist: [{ label: 'Test run', done: true }] } });
    const done = await step(tech.token, v.id, 'completed', { signature: png, note: 'All good' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.data).toMatchObject({ status: 'completed', signed: true, signature: png, jobStatus: 'completed' });
    expect(Object.keys(done.body.data.statusTimes).sort()).toEqual(['completed', 'dispatched', 'en_route', 'on_site', 'scheduled']);
    const times = done.body.data.statusTimes;
    expect(times.scheduled <= times.dispatched && times.dispatched <= times.en_route && times.en_route <= times.on_site && times.on_site <= times.completed).toBe(true);
    expectError(await step(t.admin.token, v.id, 'cancelled'), 409, 'CONFLICT');
    expectError(await call('PATCH', `/api/v1/fsm/visits/${v.id}`, { token: tech.token, body: { version: 6, notes: 'after the fact' } }), 409, 'CONFLICT');
    expect((await call('GET', `/api/v1/fsm/jobs/${j.id}`, { token: t.admin.token })).body.data).toMatchObject({ status: 'completed', completedAt: times.completed });
    // The visit's events: every step once, the completion, and the job's completion.
    expect((await eventsOf(t.company.id, 'fsm.visit.status_changed')).map((e) => e.status)).toEqual(['dispatched', 'en_route', 'on_site', 'completed']);
    expect(await eventsOf(t.company.id, 'fsm.visit.completed')).toEqual([expect.objectContaining({ visitId: v.id, signed: true, jobStatus: 'completed' })]);
    expect(await eventsOf(t.company.id, 'fsm.job.completed')).toEqual([expect.objectContaining({ jobId: j.id, number: j.number, sourceWorkOrderId: null, completedAt: times.completed })]);
    // A whole signature of 64 KB fits; a body over the 1 MiB request limit is 413 before anything else.
    const big = await call('POST', `/api/v1/fsm/visits/${v.id}/status`, { token: tech.token, body: { status: 'completed', signature: `${png.slice(0, 33)}${'A'.repeat(1_100_000)}` } });
    expectError(big, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('apply one of several concurrent status steps', async () => {
    const t = await registerCompany();
    const tech = await technician(t);
    const j = await job(t);
    const v = await visit(t, j.id, [tech.user.id], at(D, '09:00'));
    const results = await Promise.all(Array.from({ length: 5 }, () => step(t.admin.token, v.id, 'dispatched')));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    // The technician sets off while a dispatcher cancels. Cancelling is allowed from en route too, so the order they
    // commit in decides: en route then cancelled (both apply), or cancelled then en route (refused). Either way the
    // visit ends cancelled and each applied step is exactly one event, in commit order.
    const [enRoute, cancel] = await Promise.all([step(tech.token, v.id, 'en_route'), step(t.admin.token, v.id, 'cancelled')]);
    expect(cancel.status).toBe(200);
    expect([200, 409]).toContain(enRoute.status);
    const applied = enRoute.status === 200 ? ['dispatched', 'en_route', 'cancelled'] : ['dispatched', 'cancelled'];
    expect((await eventsOf(t.company.id, 'fsm.visit.status_changed')).map((e) => e.status)).toEqual(applied);
    const final = (await call('GET', `/api/v1/fsm/visits/${v.id}`, { token: t.admin.token })).body.data;
    expect(final.status).toBe('cancelled');
    expect(final.history.map((h: { status: string }) => h.status)).toEqual(['scheduled', ...applied]);
    // Two of the same step at once (the technician on two devices): exactly one applies.
    const v2 = await visit(t, (await job(t)).id, [tech.user.id], at(D, '13:00'));
    await step(t.admin.token, v2.id, 'dispatched');
    const twice = await Promise.all([step(tech.token, v2.id, 'en_route'), step(tech.token, v2.id, 'en_route')]);
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('derive the job status: scheduled with a live visit, in progress once one is under way, completed when all are; back on the tray when all are cancelled', async () => {
    const t = await registerCompany();
    const tech = await technician(t);
    const j = await job(t);
    const jobStatus = async () => (await call('GET', `/api/v1/fsm/jobs/${j.id}`, { token: t.admin.token })).body.data.status;
    const first = await visit(t, j.id, [tech.user.id], at(D, '09:00'));
    const second = await visit(t, j.id, [tech.user.id], at(D, '13:00'));
    expect(await jobStatus()).toBe('scheduled');
    await walk(t.admin.token, tech.token, first.id, ['dispatched', 'en_route']);
    expect(await jobStatus()).toBe('in_progress');
    await walk(t.admin.token, tech.token, first.id, ['on_site', 'completed']);
    expect(await jobStatus()).toBe('in_progress');
    expect(await eventsOf(t.company.id, 'fsm.job.completed')).toEqual([]);
    // Cancelling the last open visit leaves only completed ones: the job is completed.
    await step(t.admin.token, second.id, 'cancelled');
    expect(await jobStatus()).toBe('completed');
    expect(await eventsOf(t.company.id, 'fsm.job.completed')).toHaveLength(1);

    const j2 = await job(t);
    const only = await visit(t, j2.id, [tech.user.id], at(D, '15:00'));
    const cancelled = await step(t.admin.token, only.id, 'cancelled');
    expect(cancelled.body.data.jobStatus).toBe('unscheduled');
    const board = (await call('GET', `/api/v1/fsm/board?date=${D}`, { token: t.admin.token })).body.data;
    expect(board.unassigned.map((x: { id: string }) => x.id)).toEqual([j2.id]);
  });
});

describe("the customer's tracking link", () => {
  it('shows exactly the company, status, window, technician first name and last change — nothing else — until 7 days after the visit', async () => {
    const t = await registerCompany();
    const member = await addUser(t.company.id, 'cliente');
    await call('PATCH', `/api/v1/employees/${member.user.id}`, { token: t.admin.token, body: { name: 'Joana Maria Silva' } });
    await call('PUT', `/api/v1/fsm/technicians/${member.user.id}`, { token: t.admin.token, body: { skills: ['hvac'], shifts: WEEK } });
    const c = await customer(t, { name: 'Clínica Vida', email: 'contato@vida.example', phone: '+55 11 99999-0000' });
    const s = await site(t, c.id, { address: 'Rua Augusta 500, São Paulo', accessNotes: 'Alarm code 4321' });
    const j = await job(t, { title: 'Secret job title', description: 'Private notes about the customer' }, { customerId: c.id, siteId: s.id });
    const v = await visit(t, j.id, [member.user.id], at(D, '09:00'), { notes: 'Internal note', checklist: [{ label: 'Hidden item' }] });
    const res = await call('GET', `/api/v1/public/visits/${v.customerToken}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: { companyName: t.company.name, status: 'scheduled', windowStart: at(D, '09:00'), windowEnd: at(D, '10:00'), technicianFirstName: 'Joana', updatedAt: v.updatedAt },
    });
    const text = JSON.stringify(res.body);
    for (const secret of [v.id, j.id, c.id, s.id, t.company.id, member.user.id, v.customerToken, 'Rua Augusta', 'Clínica', 'contato@', '99999', 'Alarm', 'Secret', 'Private', 'Internal', 'Hidden', 'Silva', '-23.56']) {
      expect(text).not.toContain(secret);
    }
    await walk(t.admin.token, member.token, v.id, ['dispatched', 'en_route']);
    expect((await call('GET', `/api/v1/public/visits/${v.customerToken}`)).body.data).toMatchObject({ status: 'en_route' });
    // Unknown, malformed and expired tokens are all 404.
    expectError(await call('GET', `/api/v1/public/visits/${'A'.repeat(43)}`), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/v1/public/visits/short'), 404, 'NOT_FOUND');
    const old = await visit(t, (await job(t, {}, { customerId: c.id, siteId: s.id })).id, [member.user.id], at(D, '15:00'));
    await env.DB.prepare('UPDATE fsm_visits SET start_at = ?, end_at = ? WHERE id = ?')
      .bind(new Date(Date.now() - 8 * 86_400_000 - 3_600_000).toISOString(), new Date(Date.now() - 8 * 86_400_000).toISOString(), old.id)
      .run();
    expectError(await call('GET', `/api/v1/public/visits/${old.customerToken}`), 404, 'NOT_FOUND');
    await env.DB.prepare('UPDATE fsm_visits SET end_at = ? WHERE id = ?').bind(new Date(Date.now() - 6 * 86_400_000).toISOString(), old.id).run();
    expect((await call('GET', `/api/v1/public/visits/${old.customerToken}`)).status).toBe(200);
  });

  it('is rate-limited per client address (RATE_LIMIT_ANON_READ)', async () => {
    const t = await registerCompany();
    const tech = await technician(t);
    const v = await visit(t, (await job(t)).id, [tech.user.id], at(D, '09:00'));
    const ip = `203.0.113.${crypto.randomUUID().slice(0, 8)}`;
    const get = () => app.fetch(new Request(`${BASE}/api/v1/public/visits/${v.customerToken}`, { headers: { 'cf-connecting-ip': ip } }), { ...env, RATE_LIMIT_ANON_READ: '2' } as Env, createExecutionContext());
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    const over = await get();
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('every FSM route', () => {
  it("answers 404 for another company's records and 400 for unknown body fields (no mass assignment)", async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    await makePartners(a, b);
    const tech = await technician(a);
    const j = await job(a);
    const v = await visit(a, j.id, [tech.user.id], at(D, '09:00'));
    const records: Record<string, string> = { customers: j.customerId, sites: j.siteId, jobs: j.id, visits: v.id, technicians: tech.user.id };
    const valid: Record<string, unknown> = {
      'PATCH /api/v1/fsm/customers/:id': { name: 'N' },
      'POST /api/v1/fsm/customers/:id/sites': { name: 'N', address: 'A' },
      'PATCH /api/v1/fsm/sites/:id': { name: 'N' },
      'PUT /api/v1/fsm/technicians/:userId': { skills: [] },
      'PATCH /api/v1/fsm/jobs/:id': { title: 'New title' },
      'PATCH /api/v1/fsm/visits/:id': { version: 1, notes: 'x' },
      'POST /api/v1/fsm/visits/:id/status': { status: 'dispatched' },
    };
    const routes = [
      ...new Map(app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/fsm/') && /:(id|userId)/.test(r.path)).map((r) => [`${r.method} ${r.path}`, r])).values(),
    ];
    expect(routes.length).toBe(16);
    const failures: string[] = [];
    for (const r of routes) {
      const kind = r.path.split('/')[4]!;
      const path = r.path.replace(/:(id|userId)/, records[kind]!);
      const key = `${r.method} ${r.path}`;
      const body = valid[key];
      if (r.method !== 'GET' && r.method !== 'DELETE' && !(key in valid)) failures.push(`${key}: no valid body in this test`);
      const foreign = await call(r.method, path, { token: b.admin.token, body });
      if (foreign.status !== 404) failures.push(`${key} as another company: ${foreign.status}`);
      if (body !== undefined) {
        const smuggled = await call(r.method, path, { token: a.admin.token, body: { ...(body as object), companyId: b.company.id } });
        if (smuggled.status !== 400) failures.push(`${key} with companyId: ${smuggled.status}`);
      }
    }
    for (const [path, body] of [
      ['/customers', { name: 'X', companyId: b.company.id }],
      ['/jobs', { customerId: j.customerId, siteId: j.siteId, title: 'Title', number: 7 }],
      ['/jobs', { customerId: j.customerId, siteId: j.siteId, title: 'Title', version: 3 }],
      ['/visits', { jobId: j.id, technicianIds: [tech.user.id], start: at(D, '12:00'), customerToken: 'x'.repeat(43) }],
      ['/visits', { jobId: j.id, technicianIds: [tech.user.id], start: at(D, '12:00'), createdBy: b.admin.user.id }],
    ] as const) {
      const res = await call('POST', `/api/v1/fsm${path}`, { token: a.admin.token, body });
      if (res.status !== 400) failures.push(`POST ${path} with a system field: ${res.status}`);
    }
    expect(failures).toEqual([]);
    // Nothing of it stuck.
    expect((await call('GET', `/api/v1/fsm/visits/${v.id}`, { token: a.admin.token })).body.data).toMatchObject({ version: 1, status: 'scheduled', notes: '' });
    expect((await call('GET', `/api/v1/fsm/jobs/${j.id}`, { token: a.admin.token })).body.data).toMatchObject({ title: 'Fix the air conditioning', version: 2 });
  }, 300_000);

  it('lets platform staff read any company and dispatch for it, and API keys use fsm:read / fsm:write', async () => {
    const t = await registerCompany();
    const staff = await addStaff('admin');
    const tech = await technician(t);
    const j = await job(t);
    expect((await call('GET', `/api/v1/fsm/jobs/${j.id}`, { token: staff.token })).status).toBe(200);
    const v = await call('POST', '/api/v1/fsm/visits', { token: staff.token, body: { jobId: j.id, technicianIds: [tech.user.id], start: at(D, '09:00') } });
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    expect(v.body.data.companyId).toBe(t.company.id);
    const key = async (scopes: string[]) => (await call('POST', '/api/v1/api-keys', { token: t.admin.token, body: { name: scopes.join(' '), scopes } })).body.data.key as string;
    const reader = await key(['fsm:read']);
    expect((await call('GET', `/api/v1/fsm/board?date=${D}`, { token: reader })).status).toBe(200);
    expectError(await call('POST', '/api/v1/fsm/customers', { token: reader, body: { name: 'Via key' } }), 403, 'FORBIDDEN');
    const writer = await key(['fsm:write']);
    expect((await call('POST', '/api/v1/fsm/customers', { token: writer, body: { name: 'Via key' } })).status).toBe(201);
    // The history names the actor: platform staff by their name, an API key by the key's name.
    expect(v.body.data.history[0]).toMatchObject({ by: staff.user.id, byName: staff.user.name });
    const dispatched = await step(writer, v.body.data.id, 'dispatched');
    expect(dispatched.status, JSON.stringify(dispatched.body)).toBe(200);
    expect(dispatched.body.data.history.at(-1)).toMatchObject({ status: 'dispatched', byName: 'fsm:write' });
    const audit = await call('GET', '/api/v1/audit?action=fsm.customer.created', { token: t.admin.token });
    expect(audit.body.data).toEqual([expect.objectContaining({ action: 'fsm.customer.created', actor: expect.objectContaining({ kind: 'apiKey' }) })]);
    expectError(await call('GET', '/api/v1/fsm/jobs', { token: await key(['cmms:read']) }), 403, 'FORBIDDEN');
  });
});
