import type { Context } from 'hono';

export interface ListMeta {
  total: number;
  page: number;
  limit: number;
  totalPages: number;
  [extra: string]: number;
}

export const ok = <T>(c: Context, data: T, status: 200 | 201 = 200) => c.json({ success: true as const, data }, status);

export const created = <T>(c: Context, data: T) => ok(c, data, 201);

export const list = <T>(c: Context, data: T[], meta: ListMeta) => c.json({ success: true as const, data, meta }, 200);
