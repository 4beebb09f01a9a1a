import type { Context } from 'hono';
import { z } from 'zod';

export interface ListMeta {
  total: number;
  page: number;
  limit: number;
  totalPages: number;
}

export const listMetaSchema = z.object({ total: z.number().int(), page: z.number().int(), limit: z.number().int(), totalPages: z.number().int() });

export const ok = <T>(c: Context, data: T) => c.json({ success: true as const, data }, 200);

export const created = <T>(c: Context, data: T) => c.json({ success: true as const, data }, 201);

export const pageMeta = (total: number, q: { page: number; limit: number }): ListMeta => ({
  total,
  page: q.page,
  limit: q.limit,
  totalPages: Math.ceil(total / q.limit),
});

/** A page of a list with its meta; routes may add their own meta fields (e.g. `unread`, `totalEstimated`). */
export const list = <T, M extends Record<string, unknown> = Record<never, never>>(
  c: Context,
  page: { rows: T[]; total: number },
  q: { page: number; limit: number },
  extra?: M,
) => c.json({ success: true as const, data: page.rows, meta: { ...pageMeta(page.total, q), ...(extra ?? ({} as M)) } }, 200);
