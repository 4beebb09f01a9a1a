import type { Context } from 'hono';
import type { Caller } from '../../core/auth/caller';
import { authenticateToken } from '../../core/auth/session';
import { createDb } from '../../core/db/client';
import { ApiError } from '../../core/errors';
import type { HonoEnv } from '../../core/env';
import { allowedOrigins } from '../../core/http/middleware';
import { doc } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { hubOf, parseClientMessage } from '../../realtime/hub';
import { AUTH_TIMEOUT_MS, CLOSE, IDENTITY_HEADER, SUBPROTOCOL, type SocketIdentity } from '../../realtime/protocol';

/** Opens a socket in the user's company hub and returns the hub's 101 response (with mutable headers). */
async function connectToHub(env: Env, user: Caller): Promise<Response> {
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
function authenticateFirstMessage(env: Env, secret: string): Response {
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
      const user = await authenticateToken(createDb(env.DB), secret, msg.token);
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
  if (origin && !allowedOrigins(c.var.config, c.req.url).has(origin)) throw new ApiError('FORBIDDEN', 'Origin not allowed');
  const protocols = (c.req.header('sec-websocket-protocol') ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const bearer = protocols.find((p) => p.startsWith('bearer.'));
  if (!bearer) return authenticateFirstMessage(c.env, c.var.config.JWT_SECRET);
  let user: Caller;
  try {
    user = await authenticateToken(c.var.db, c.var.config.JWT_SECRET, bearer.slice('bearer.'.length));
  } catch {
    return refuse(CLOSE.POLICY, 'Invalid token', SUBPROTOCOL);
  }
  const res = await connectToHub(c.env, user);
  return new Response(null, { status: 101, webSocket: res.webSocket, headers: { 'Sec-WebSocket-Protocol': SUBPROTOCOL } });
}

const realtimeRoutes = createRouter().get(
  '/',
  doc({
    summary: "Open a WebSocket into the caller's company hub",
    description:
      'Authenticate with `Sec-WebSocket-Protocol: completo.v1, bearer.<token>` or a first message `{ "type": "auth", "token": "…" }` within 10 s (never in the URL). Server messages are event envelopes (and `realtime.*` control messages) for the caller\'s audience.',
    status: 101,
    errors: ['BAD_REQUEST', 'FORBIDDEN'],
  }),
  upgrade,
);

export const routes = createRouter().route('/realtime', realtimeRoutes);
