import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors';
import type { HonoEnv } from '../env';
import { tag } from '../openapi/meta';
import { authenticateApiKey, isApiKey } from './api-key-auth';
import type { Caller } from './caller';
import { denial, keyFamilyOf, type AccessRule, type KeyFamily, type Permission } from './roles';
import { authenticateToken } from './session';

const bearer = (header: string | undefined) => {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError('UNAUTHENTICATED', 'Authorization header must be "Bearer <token>"');
  return match[1];
};

/** The caller of a bearer credential: a user's access token, or an API key (`cpk_…`). */
export function callerOf(c: Context<HonoEnv>, token: string): Promise<Caller> {
  const { db, config, ctx } = c.var;
  return isApiKey(token)
    ? authenticateApiKey(db, config.JWT_SECRET, token, ctx.defer)
    : authenticateToken(db, config.JWT_SECRET, token, c.var.benchSkip?.has('revocation'));
}

/** An API key's write as an audit entry: the route it matched, and the record it names. */
const operationOf = (c: Context<HonoEnv>) => ({
  action: `${c.req.method} ${c.req.routePath}`,
  target: { kind: 'route', id: c.req.param('id') ?? null, path: c.req.path },
});

function admit(c: Context<HonoEnv>, caller: Caller, rule: AccessRule) {
  const reason = denial(caller, rule);
  if (reason) throw new ApiError('FORBIDDEN', reason);
  c.set('caller', caller);
  c.set('viewer', caller);
  c.set('ctx', { ...c.var.ctx, caller, ...(caller.kind === 'apiKey' && rule.access === 'write' ? { operation: operationOf(c) } : {}) });
}

const accessOf = (c: Context<HonoEnv>) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? 'read' : 'write');

/**
 * Requires a valid access token or API key and, when given, a permission of the role table (deny by default). The
 * caller's tenant and role come from the credential alone. An API key also needs the route's scope
 * (`<family>:read|write`, see roles.ts); routes without a permission are for signed-in users only. Sets `caller`.
 */
export const auth = (permission?: Permission) =>
  tag(
    createMiddleware<HonoEnv>(async (c, next) => {
      const token = bearer(c.req.header('authorization'));
      if (!token) throw new ApiError('UNAUTHENTICATED', 'Authentication required');
      admit(c, await callerOf(c, token), { permission, access: accessOf(c) });
      await next();
    }),
    { part: 'security', auth: 'required', permission, keyFamily: permission ? keyFamilyOf(permission) : undefined },
  );

/**
 * Accepts anonymous callers (`viewer` undefined); a credential that is sent must still be valid (a bad one is 401),
 * and an API key needs the `family`'s read scope.
 */
export const optionalAuth = (family: KeyFamily) =>
  tag(
    createMiddleware<HonoEnv>(async (c, next) => {
      const token = bearer(c.req.header('authorization'));
      if (token) admit(c, await callerOf(c, token), { family, access: accessOf(c) });
      else c.set('viewer', undefined);
      await next();
    }),
    { part: 'security', auth: 'optional', keyFamily: family },
  );
