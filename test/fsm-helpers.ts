import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { addUser, call, unique, type Member, type Tenant } from './helpers';

/** A created record, as the API answered it. */
export type Rec = Record<string, any> & { id: string };

export async function post(token: string, path: string, body: unknown, status = 201): Promise<Rec> {
  const res = await call('POST', `/api/v1/fsm${path}`, { token, body });
  expect(res.status, `POST ${path}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body.data;
}

export const customer = (t: Tenant, over: Record<string, unknown> = {}) => post(t.admin.token, '/customers', { name: unique('Customer'), ...over });

/** São Paulo, Av. Paulista, unless told otherwise. */
export const site = (t: Tenant, customerId: string, over: Record<string, unknown> = {}) =>
  post(t.admin.token, `/customers/${customerId}/sites`, { name: unique('Site'), address: 'Av. Paulista 1000, São Paulo', lat: -23.5614, lng: -46.6559, ...over });

/** Every weekday 08:00–17:00 UTC. */
export const WEEK = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '08:00', end: '17:00' }));

/** A member of `t` with a technician profile. */
export async function technician(t: Tenant, profile: Record<string, unknown> = {}, role: 'cliente' | 'admin_empresa' = 'cliente'): Promise<Member> {
  const m = await addUser(t.company.id, role);
  const res = await call('PUT', `/api/v1/fsm/technicians/${m.user.id}`, { token: t.admin.token, body: { skills: ['hvac'], shifts: WEEK, homeLat: -23.55, homeLng: -46.63, ...profile } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return m;
}

/** A customer with one site, and a job there. */
export async function job(t: Tenant, over: Record<string, unknown> = {}, place?: { customerId: string; siteId: string }) {
  let p = place;
  if (!p) {
    const c = await customer(t);
    p = { customerId: c.id, siteId: (await site(t, c.id)).id };
  }
  return post(t.admin.token, '/jobs', { ...p, title: 'Fix the air conditioning', requiredSkills: ['hvac'], durationMin: 60, ...over });
}

export const visit = (t: Tenant, jobId: string, technicianIds: string[], start: string, over: Record<string, unknown> = {}) =>
  post(t.admin.token, '/visits', { jobId, technicianIds, start, ...over });

export const step = (token: string, id: string, status: string, extra: Record<string, unknown> = {}) => call('POST', `/api/v1/fsm/visits/${id}/status`, { token, body: { status, ...extra } });

/** Moves a visit along statuses (each must succeed). */
export async function walk(dispatcher: string, worker: string, id: string, path: string[]) {
  let last: Rec | undefined;
  for (const to of path) {
    const res = await step(to === 'dispatched' || to === 'cancelled' ? dispatcher : worker, id, to);
    expect(res.status, `→ ${to}: ${JSON.stringify(res.body)}`).toBe(200);
    last = res.body.data;
  }
  return last!;
}

/** `date` at hh:mm UTC. */
export const at = (date: string, hm: string) => `${date}T${hm}:00.000Z`;

/** A UTC date `days` from today. */
export const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const eventsOf = async (companyId: string, type: string) =>
  (
    await env.DB.prepare('SELECT data, audience FROM events WHERE company_id = ? AND type = ? ORDER BY created_at, rowid')
      .bind(companyId, type)
      .all<{ data: string; audience: string }>()
  ).results.map((r) => ({ ...JSON.parse(r.data), audience: JSON.parse(r.audience) }));
