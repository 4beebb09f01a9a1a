import { callerOf } from '../../core/auth/middleware';
import { ApiError } from '../../core/errors';
import { allowedOrigins } from '../../core/http/middleware';
import { createRouter } from '../../core/router';
import { handleMcp } from './mcp.server';

const CHALLENGE = 'Bearer realm="Completo MCP", scope="mcp"';

/**
 * `/mcp`: the Model Context Protocol over Streamable HTTP (stateless, JSON responses). Credentials are an API key with
 * scope `mcp` (plus the module scopes of the tools it should see) or a user's access token. A browser Origin outside
 * the allowlist is refused (DNS-rebinding protection); bodies are limited to 1 MiB like every request.
 */
export const rootRoutes = createRouter().all('/mcp', async (c) => {
  const origin = c.req.header('origin');
  if (origin && !allowedOrigins(c.var.config, c.req.url).has(origin)) throw new ApiError('FORBIDDEN', 'Origin not allowed');
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  if (!match) throw new ApiError('UNAUTHENTICATED', 'Send an API key (scope mcp) or an access token as a Bearer credential', { headers: { 'WWW-Authenticate': CHALLENGE } });
  let caller;
  try {
    caller = await callerOf(c, match[1]!);
  } catch (err) {
    if (err instanceof ApiError) throw new ApiError(err.code, err.message, { headers: { 'WWW-Authenticate': `${CHALLENGE}, error="invalid_token"` } });
    throw err;
  }
  if (caller.kind === 'apiKey' && !caller.scopes?.includes('mcp')) throw new ApiError('FORBIDDEN', 'This API key lacks the scope mcp');
  const res = await handleMcp(c.req.raw, { ...c.var.ctx, caller }, caller);
  // The SDK builds its own Response, which the request-id middleware's header never reaches: every answer carries it.
  res.headers.set('X-Request-Id', c.var.requestId);
  return res;
});
