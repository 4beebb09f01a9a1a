import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors';
import type { HonoEnv } from '../env';
import { tag } from '../openapi/meta';
import { can, type Permission } from './roles';
import { authenticateToken } from './session';

const bearer = (header: string | undefined) => {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError('UNAUTHENTICATED', 'Authorization header must be "Bearer <token>"');
  return match[1];
};

/**
 * Requires a valid access token and, when given, a permission of the role table (deny by default). The caller's
 * tenant and role come from the token alone. Sets `caller` (and `viewer`).
 */
export const auth = (permission?: Permission) =>
  tag(
    createMiddleware<HonoEnv>(async (c, next) => {
      const token = bearer(c.req.header('authorization'));
      if (!token) throw new ApiError('UNAUTHENTICATED', 'Authentication required');
      const caller = await authenticateToken(c.var.db, c.var.config.JWT_SECRET, token);
      if (permission && !can(caller.role, permission)) throw new ApiError('FORBIDDEN', 'Your role does not allow this action');
      c.set('caller', caller);
      c.set('viewer', caller);
      await next();
    }),
    { part: 'security', auth: 'required', permission },
  );

/** Accepts anonymous callers (`viewer` undefined); a token that is sent must still be valid (a bad one is 401). */
export const optionalAuth = tag(
  createMiddleware<HonoEnv>(async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    c.set('viewer', token ? await authenticateToken(c.var.db, c.var.config.JWT_SECRET, token) : undefined);
    await next();
  }),
  { part: 'security', auth: 'optional' },
);
