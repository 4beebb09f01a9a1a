import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema';
import type { Db } from '../env';

/** One drizzle client per request (never at module load: bindings only exist per invocation). */
export const createDb = (d1: D1Database): Db => drizzle(d1, { schema, casing: 'snake_case' });
