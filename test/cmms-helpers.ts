import { expect } from 'vitest';
import { call, unique, type Tenant } from './helpers';

/** A created record, as the API answered it. */
export type Rec = Record<string, any> & { id: string };

export async function post(token: string, path: string, body: unknown, status = 201): Promise<Rec> {
  const res = await call('POST', `/api/v1/cmms${path}`, { token, body });
  expect(res.status, `POST ${path}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body.data;
}

export const location = (t: Tenant, over: Record<string, unknown> = {}) => post(t.admin.token, '/locations', { name: unique('Plant'), ...over });

export const asset = (t: Tenant, over: Record<string, unknown> = {}) => post(t.admin.token, '/assets', { name: unique('Pump'), code: unique('P'), ...over });

export const meter = (t: Tenant, assetId: string, over: Record<string, unknown> = {}) => post(t.admin.token, `/assets/${assetId}/meters`, { name: 'Run hours', unit: 'h', ...over });

export const workOrder = (t: Tenant, over: Record<string, unknown> = {}) => post(t.admin.token, '/workorders', { title: 'Replace the belt', ...over });

export const part = (t: Tenant, over: Record<string, unknown> = {}) => post(t.admin.token, '/parts', { name: unique('Belt'), stock: 10, minStock: 2, unitCost: 1250, currency: 'EUR', ...over });

export async function status(token: string, id: string, to: string, reason?: string, side: 'workorders' | 'contracted' = 'workorders') {
  return call('POST', `/api/v1/cmms/${side}/${id}/status`, { token, body: reason === undefined ? { status: to } : { status: to, reason } });
}

/** Moves a work order along a path of statuses (each must succeed). */
export async function walk(token: string, id: string, path: string[]) {
  for (const to of path) {
    const res = await status(token, id, to, to === 'on_hold' || to === 'cancelled' ? 'because' : undefined);
    expect(res.status, `→ ${to}: ${JSON.stringify(res.body)}`).toBe(200);
  }
}

export const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
export const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
export const daysAhead = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
