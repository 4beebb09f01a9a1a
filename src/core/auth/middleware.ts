import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors';
import type { HonoEnv } from '../env';
import { can, type Permission } from './roles';
import { verifyAccessToken } from './tokens';

const bearer = (header: string | undefined) => {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError('UNAUTHENTICATED', 'Authorization header must be "Bearer <token>"');
  return match[1];
};

/** Requires a valid access token; the caller's tenant and role come from it alone. */
export const authenticate = createMiddleware<HonoEnv>(async (c, next) => {
  const token = bearer(c.req.header('authorization'));
  if (!token) throw new ApiError('UNAUTHENTICATED', 'Authentication required');
  const user = await verifyAccessToken(c.env.JWT_SECRET, token);
  c.set('user', user);
  c.set('maybeUser', user);
  await next();
});

/** Accepts anonymous callers; a token that is sent must still be valid (a bad token is 401, not silently anonymous). */
export const optionalAuth = createMiddleware<HonoEnv>(async (c, next) => {
  const token = bearer(c.req.header('authorization'));
  c.set('maybeUser', token ? await verifyAccessToken(c.env.JWT_SECRET, token) : undefined);
  await next();
});

/** The one role check: deny unless the permission table grants the caller's role. Use after `authenticate`. */
export const requirePermission = (permission: Permission) =>
  createMiddleware<HonoEnv>(async (c, next) => {
    if (!can(c.get('user').role, permission)) throw new ApiError('FORBIDDEN', 'Your role does not allow this action');
    await next();
  });
