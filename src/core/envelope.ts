import type { Context } from 'hono';

export interface ListMeta {
  total: number;
  page: number;
  limit: number;
  totalPages: number;
}

export const ok = <T>(c: Context, data: T, status: 200 | 201 = 200) => c.json({ success: true as const, data }, status);

export const created = <T>(c: Context, data: T) => ok(c, data, 201);

/** A page of a list; routes may add their own meta fields (e.g. `unread`, `totalEstimated`). */
export const list = <T, M extends ListMeta>(c: Context, data: T[], meta: M) => c.json({ success: true as const, data, meta }, 200);
