import { z } from 'zod';

export const MAX_LIMIT = 100;
/** Pages reach at most this many rows deep (page × limit): deeper offsets cost a scan of everything before them. */
export const MAX_DEPTH = 10_000;

const intParam = (name: string, min: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min, `${name} must be at least ${min}`);

/**
 * The contract's list query rules, once for all modules: page ≥ 1, limit ≥ 1 clamped to 100, sortBy among the route's
 * documented fields, sortOrder asc|desc. `filters` adds the route's own filters.
 */
export const listQuery = <const S extends readonly [string, ...string[]], F extends z.ZodRawShape>(
  sortable: S,
  filters: F = {} as F,
) =>
  z.object({
    page: intParam('page', 1).default(1),
    limit: intParam('limit', 1)
      .transform((n) => Math.min(n, MAX_LIMIT))
      .default(20),
    sortBy: z.enum(sortable, { message: `sortBy must be one of: ${sortable.join(', ')}` }).optional(),
    sortOrder: z.enum(['asc', 'desc'], { message: 'sortOrder must be asc or desc' }).default('desc'),
    ...filters,
  }).refine((q) => (q as { page: number; limit: number }).page * (q as { page: number; limit: number }).limit <= MAX_DEPTH, {
    message: `page × limit must be at most ${MAX_DEPTH} (narrow the list with filters or search instead)`,
    path: ['page'],
  });

/** A comma list meaning any-of (`types=internal,partners`), each value checked against `values`. */
export const csvEnum = <const V extends readonly [string, ...string[]]>(values: V) =>
  z.string().transform((s, ctx) => {
    const items = [...new Set(s.split(',').map((v) => v.trim()).filter(Boolean))];
    const bad = items.filter((v) => !values.includes(v));
    if (items.length === 0 || bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `each value must be one of: ${values.join(', ')}` });
      return z.NEVER;
    }
    return items as V[number][];
  });

export const boolParam = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');
