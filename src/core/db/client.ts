import { drizzle } from 'drizzle-orm/d1';
import type { Db } from '../env';

/**
 * One drizzle client per request (never at module load: bindings only exist per invocation). No `schema` is passed:
 * the relational query API is not used, and building its metadata on every request costs measurable CPU.
 */
export const createDb = (d1: D1Database): Db => drizzle(d1, { casing: 'snake_case' });
