import type { Context } from 'hono';
import { verifyAccessToken } from '../core/auth/tokens';
import { ApiError } from '../core/errors';
import type { AuthUser, HonoEnv } from '../core/env';
import { allowedOrigins } from '../core/http/middleware';
import { createRouter } from '../core/router';
import { hubOf, parseClientMessage } from './hub';
import { AUTH_TIMEOUT_MS, CLOSE, IDENTITY_HEADER, SUBPROTOCOL, type SocketIdentity } from './protocol';

/** Opens a socket in the user's company hub and returns the hub's 101 response (with mutable headers). */
async function connectToHub(env: Env, user: AuthUser): Promise<Response> {
  const identity: SocketIdentity = { userId: user.id, companyId: user.companyId, role: user.role, exp: user.exp };
  const res = await hubOf(env, user.companyId).fetch('https://hub/connect', {
    headers: { upgrade: 'websocket', [IDENTITY_HEADER]: JSON.stringify(identity) },
  });
  if (res.status !== 101 || !res.webSocket) throw new ApiError('INTERNAL', 'The real-time hub refused the connection');
  return res;
}

/** Answers the upgrade, then closes at once with `code`: how a WebSocket client learns why it was refused. */
function refuse(code: number, reason: string, protocol?: string): Response {
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  server.close(code, reason);
  return new Response(null, { status: 101, webSocket: client, headers: protocol ? { 'Sec-WebSocket-Protocol': protocol } : {} });
}

/**
 * First-message authentication: the Worker holds the socket until `{ type: "auth", token }` arrives (10 s at most),
 * then bridges it to the company hub. Clients that can set `Sec-WebSocket-Protocol` skip this and hibernate better.
 */
function authenticateFirstMessage(env: Env): Response {
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  let hub: WebSocket | undefined;
  let state: 'waiting' | 'connecting' | 'open' | 'closed' = 'waiting';
  const closeBoth = (code: number, reason: string) => {
    if (state === 'closed') return;
    state = 'closed';
    for (const ws of [server, hub]) {
      try {
        ws?.close(code, reason);
      } catch {
        // already closed
      }
    }
  };
  const timer = setTimeout(() => state === 'waiting' && closeBoth(CLOSE.POLICY, 'Authentication timeout'), AUTH_TIMEOUT_MS);
  server.addEventListener('message', async (event) => {
    if (state === 'open') return hub!.send(event.data as string);
    if (state !== 'waiting') return;
    const msg = parseClientMessage(event.data as string | ArrayBuffer);
    if (!msg || msg.type !== 'auth' || typeof msg.token !== 'string') return closeBoth(CLOSE.POLICY, 'Authenticate first');
    state = 'connecting';
    clearTimeout(timer);
    try {
      const user = await verifyAccessToken(env.JWT_SECRET, msg.token);
      const res = await connectToHub(env, user);
      hub = res.webSocket!;
      hub.accept();
      hub.addEventListener('message', (e) => server.send(e.data as string));
      hub.addEventListener('close', (e) => closeBoth(e.code === 1005 ? 1000 : e.code, e.reason));
      state = 'open';
    } catch {
      closeBoth(CLOSE.POLICY, 'Invalid token');
    }
  });
  server.addEventListener('close', (e) => closeBoth(e.code === 1005 || e.code === 1006 ? 1000 : e.code, e.reason));
  return new Response(null, { status: 101, webSocket: client });
}

async function upgrade(c: Context<HonoEnv>) {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw new ApiError('BAD_REQUEST', 'This endpoint only accepts WebSocket upgrades');
  }
  if (new URL(c.req.url).searchParams.has('token')) {
    throw new ApiError('BAD_REQUEST', 'Tokens are never accepted in the URL; send it in the first message or Sec-WebSocket-Protocol');
  }
  const origin = c.req.header('origin');
  if (origin && !allowedOrigins(c.env, c.req.url).has(origin)) throw new ApiError('FORBIDDEN', 'Origin not allowed');
  const protocols = (c.req.header('sec-websocket-protocol') ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const bearer = protocols.find((p) => p.startsWith('bearer.'));
  if (!bearer) return authenticateFirstMessage(c.env);
  let user: AuthUser;
  try {
    user = await verifyAccessToken(c.env.JWT_SECRET, bearer.slice('bearer.'.length));
  } catch {
    return refuse(CLOSE.POLICY, 'Invalid token', SUBPROTOCOL);
  }
  const res = await connectToHub(c.env, user);
  return new Response(null, { status: 101, webSocket: res.webSocket, headers: { 'Sec-WebSocket-Protocol': SUBPROTOCOL } });
}

export const realtimeRoutes = createRouter().get('/', upgrade);
