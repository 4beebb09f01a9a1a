import { DurableObject } from 'cloudflare:workers';
import { ROLE_RANK } from '../core/auth/roles';
import { authenticateToken } from '../core/auth/session';
import { createDb } from '../core/db/client';
import { configOf } from '../core/config';
import type { EventEnvelope, HubRoute } from '../core/events/types';
import { CLOSE, control, IDENTITY_HEADER, MAX_MESSAGE_BYTES, SUBPROTOCOL, type SocketIdentity } from './protocol';

const DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

/** A client message is a JSON object; anything else (binary, garbage, arrays) is refused. */
export function parseClientMessage(message: string | ArrayBuffer): { type?: unknown; token?: unknown } | null {
  if (typeof message !== 'string') return null;
  try {
    const value: unknown = JSON.parse(message);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as { type?: unknown; token?: unknown }) : null;
  } catch {
    return null;
  }
}

/**
 * The real-time hub of one company (`idFromName(companyId)`). It holds the company's WebSockets with the hibernation
 * API: each socket carries its identity as a serialized attachment and a tag with its user id, so routing survives
 * eviction. The Worker authenticates before a socket reaches a hub; events reach it through the RPC methods below.
 */
export class CompanyHub extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Answered by the runtime without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS delivered (key TEXT PRIMARY KEY, at INTEGER NOT NULL)');
      // The prune below runs on every delivery; without this index it would scan a day of event keys each time.
      ctx.storage.sql.exec('CREATE INDEX IF NOT EXISTS delivered_at ON delivered (at)');
    });
  }

  /**
   * Socket identities, read from the attachments once per socket while this instance lives (after hibernation the
   * map starts empty and refills): a delivery to 1,000 sockets would otherwise deserialize 1,000 attachments.
   */
  #identities = new WeakMap<WebSocket, SocketIdentity | null>();

  #identity(ws: WebSocket): SocketIdentity | null {
    let id = this.#identities.get(ws);
    if (id === undefined) {
      id = (ws.deserializeAttachment() as SocketIdentity | null) ?? null;
      this.#identities.set(ws, id);
    }
    return id;
  }

  #remember(ws: WebSocket, identity: SocketIdentity): void {
    ws.serializeAttachment(identity);
    this.#identities.set(ws, identity);
  }

  /** Accepts an already-authenticated WebSocket (the Worker passes the verified identity in an internal header). */
  override async fetch(request: Request): Promise<Response> {
    const raw = request.headers.get(IDENTITY_HEADER);
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket' || !raw) {
      return new Response('Expected an authenticated WebSocket upgrade', { status: 400 });
    }
    const identity = JSON.parse(raw) as SocketIdentity;
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [`user:${identity.userId}`]);
    this.#remember(server, identity);
    server.send(control('realtime.ready', identity.companyId, { userId: identity.userId }));
    await this.scheduleExpiry();
    return new Response(null, { status: 101, webSocket: client, headers: { 'Sec-WebSocket-Protocol': SUBPROTOCOL } });
  }

  /**
   * Sends an event to the sockets of its audience in this company: every member, only admins (admin_empresa and
   * above), or named users. Idempotent per (event, audience): a redelivered queue message does not reach a socket
   * twice. Returns how many sockets it was sent to.
   */
  async deliver(event: EventEnvelope, audience: HubRoute['audience'] = { kind: 'company' }): Promise<number> {
    const userIds = audience.kind === 'users' ? audience.userIds : undefined;
    const key = `${event.id}|${event.type}|${userIds ? [...userIds].sort().join(',') : audience.kind === 'admins' ? '@admins' : '*'}`;
    const now = Date.now();
    const seen = this.ctx.storage.sql.exec('SELECT 1 FROM delivered WHERE key = ?', key).toArray();
    if (seen.length > 0) return 0;
    this.ctx.storage.sql.exec('INSERT INTO delivered (key, at) VALUES (?, ?)', key, now);
    this.ctx.storage.sql.exec('DELETE FROM delivered WHERE at < ?', now - DEDUPE_TTL_MS);
    const sockets = userIds ? userIds.flatMap((u) => this.ctx.getWebSockets(`user:${u}`)) : this.ctx.getWebSockets();
    const payload = JSON.stringify(event);
    let sent = 0;
    for (const ws of sockets) {
      const id = this.#identity(ws);
      if (!id || id.exp * 1000 <= now) continue;
      if (audience.kind === 'admins' && ROLE_RANK[id.role] < ROLE_RANK.admin_empresa) continue;
      try {
        ws.send(payload);
        sent++;
      } catch {
        // A socket closing under us is not an error for the others.
      }
    }
    return sent;
  }

  /** Sends each user their own message (e.g. their notification), deduped per (event, user). */
  async deliverToUsers(items: { userId: string; event: EventEnvelope }[]): Promise<number> {
    let sent = 0;
    for (const item of items) sent += await this.deliver(item.event, { kind: 'users', userIds: [item.userId] });
    return sent;
  }

  /** Closes the sockets of these users with 1008 (their sessions were revoked). Returns how many. */
  async disconnect(userIds: string[], reason = 'Session revoked'): Promise<number> {
    let closed = 0;
    for (const userId of userIds) {
      for (const ws of this.ctx.getWebSockets(`user:${userId}`)) {
        try {
          ws.close(CLOSE.POLICY, reason);
          closed++;
        } catch {
          // already closed
        }
      }
    }
    return closed;
  }

  /** How many sockets are connected, per user (for tests, diagnostics and the bench). */
  async stats(): Promise<{ sockets: number; users: Record<string, number> }> {
    const users: Record<string, number> = {};
    const sockets = this.ctx.getWebSockets();
    for (const ws of sockets) {
      const id = this.#identity(ws);
      if (id) users[id.userId] = (users[id.userId] ?? 0) + 1;
    }
    return { sockets: sockets.length, users };
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const size = typeof message === 'string' ? new TextEncoder().encode(message).length : message.byteLength;
    if (size > MAX_MESSAGE_BYTES) return ws.close(CLOSE.TOO_BIG, 'Message too large');
    const parsed = parseClientMessage(message);
    if (!parsed) return ws.close(CLOSE.UNSUPPORTED, 'Messages must be JSON objects');
    const identity = this.#identity(ws);
    if (!identity) return ws.close(CLOSE.POLICY, 'Not authenticated');
    if (parsed.type === 'ping') return ws.send(JSON.stringify({ type: 'pong' }));
    if (parsed.type === 'auth' && typeof parsed.token === 'string') {
      // A fresh token extends the socket's life; it must be the same user of the same company.
      try {
        const user = await authenticateToken(createDb(this.env.DB), configOf(this.env).JWT_SECRET, parsed.token);
        if (user.id !== identity.userId || user.companyId !== identity.companyId) throw new Error('identity changed');
        this.#remember(ws, { ...identity, role: user.role, exp: user.exp });
        await this.scheduleExpiry();
        return ws.send(control('realtime.reauthenticated', identity.companyId, { userId: user.id, exp: user.exp }));
      } catch {
        return ws.close(CLOSE.POLICY, 'Invalid token');
      }
    }
    return ws.close(CLOSE.UNSUPPORTED, 'Unsupported message type');
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    try {
      ws.close(1011, 'Socket error');
    } catch {
      // already closed
    }
  }

  /** Closes sockets whose token expired (1008) and re-arms for the next expiry. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    for (const ws of this.ctx.getWebSockets()) {
      const id = this.#identity(ws);
      if (id && id.exp * 1000 <= now) {
        try {
          ws.close(CLOSE.POLICY, 'Token expired');
        } catch {
          // already closed
        }
      }
    }
    await this.scheduleExpiry();
  }

  private async scheduleExpiry(): Promise<void> {
    let next = Infinity;
    const now = Date.now();
    for (const ws of this.ctx.getWebSockets()) {
      const id = this.#identity(ws);
      if (id && id.exp * 1000 > now) next = Math.min(next, id.exp * 1000);
    }
    if (next === Infinity) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }
}

/** The hub of one company. */
export const hubOf = (env: Env, companyId: string) => env.COMPANY_HUB.get(env.COMPANY_HUB.idFromName(companyId));
