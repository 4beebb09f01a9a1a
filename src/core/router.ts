import { Hono } from 'hono';
import type { HonoEnv } from './env';

/** Every module's sub-app is created here so they share the env type (and, through it, the typed client). */
export const createRouter = () => new Hono<HonoEnv>();
