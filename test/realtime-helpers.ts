import { exports } from 'cloudflare:workers';
import { vi } from 'vitest';
import { BASE } from './helpers';

export interface Received {
  id: string;
  type: string;
  companyId: string;
  data: Record<string, any>;
}

export interface TestSocket {
  ws: WebSocket;
  status: number;
  protocol: string | null;
  messages: Received[];
  closed: Promise<{ code: number; reason: string }>;
  /** Waits until a message matching `pred` arrived (or fails after `timeout` ms). */
  waitFor: (pred: (m: Received) => boolean, timeout?: number) => Promise<Received>;
}

/** Opens a WebSocket to /api/v1/realtime through the Worker's own fetch handler. */
export async function openSocket(opts: { token?: string; firstMessageToken?: string; origin?: string; path?: string } = {}): Promise<TestSocket> {
  const headers: Record<string, string> = { upgrade: 'websocket' };
  if (opts.token) headers['sec-websocket-protocol'] = `completo.v1, bearer.${opts.token}`;
  if (opts.origin) headers.origin = opts.origin;
  const res = await exports.default.fetch(new Request(`${BASE}${opts.path ?? '/api/v1/realtime'}`, { headers }));
  const ws = res.webSocket;
  if (!ws) throw Object.assign(new Error(`no upgrade: ${res.status}`), { status: res.status, body: await res.text() });
  const messages: Received[] = [];
  let resolveClose!: (v: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((r) => (resolveClose = r));
  ws.addEventListener('message', (e) => messages.push(JSON.parse(e.data as string)));
  ws.addEventListener('close', (e) => resolveClose({ code: e.code, reason: e.reason }));
  ws.accept();
  if (opts.firstMessageToken !== undefined) ws.send(JSON.stringify({ type: 'auth', token: opts.firstMessageToken }));
  return {
    ws,
    status: res.status,
    protocol: res.headers.get('sec-websocket-protocol'),
    messages,
    closed,
    waitFor: (pred, timeout = 8000) =>
      vi.waitFor(
        () => {
          const m = messages.find(pred);
          if (!m) throw new Error(`not yet; got ${messages.map((x) => x.type).join(', ')}`);
          return m;
        },
        { timeout, interval: 25 },
      ),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
