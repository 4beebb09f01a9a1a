import type { Notification } from '../../../src/modules/notifications/notifications.schemas';

/** A server message: an event envelope, or a control message whose type starts with `realtime.`. */
export interface RealtimeMessage<T = Record<string, unknown>> {
  id: string;
  type: string;
  time: string;
  companyId: string;
  data: T;
}

/** `realtime.notification` is the control message that pushes one of the user's notifications: its data is the row. */
export const isNotificationMessage = (msg: RealtimeMessage): msg is RealtimeMessage<Notification> => msg.type === 'realtime.notification';

export type RealtimeStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface RealtimeOptions {
  /** The current access token (read at every (re)connect). */
  token: () => string | null;
  /** Called when the server refused the token (1008): refresh it and return true to reconnect at once. */
  refresh?: () => Promise<boolean>;
  onMessage: (message: RealtimeMessage) => void;
  onStatus?: (status: RealtimeStatus) => void;
  /** Runs after every (re)connect, to fetch what was missed while offline (e.g. notifications `since`). */
  resume?: () => Promise<void> | void;
  url?: string;
  /** For tests and non-browser runtimes. */
  WebSocketImpl?: typeof WebSocket;
}

const HEARTBEAT_MS = 25_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Connects to the company hub with the token in `Sec-WebSocket-Protocol` (never the URL), keeps the connection alive
 * with pings, reconnects with exponential backoff and jitter, and re-syncs after each reconnect.
 */
export function connectRealtime(opts: RealtimeOptions) {
  const Impl = opts.WebSocketImpl ?? WebSocket;
  const url = opts.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/realtime`;
  let ws: WebSocket | null = null;
  let attempt = 0;
  let stopped = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const status = (s: RealtimeStatus) => opts.onStatus?.(s);

  const schedule = (immediate = false) => {
    if (stopped) return;
    const delay = immediate ? 0 : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt++;
    status('reconnecting');
    retryTimer = setTimeout(open, delay);
  };

  function open() {
    const token = opts.token();
    if (stopped || !token) return status('closed');
    status(attempt === 0 ? 'connecting' : 'reconnecting');
    const socket = new Impl(url, ['completo.v1', `bearer.${token}`]);
    ws = socket;
    socket.onmessage = (e) => {
      let msg: RealtimeMessage;
      try {
        msg = JSON.parse(String(e.data)) as RealtimeMessage;
      } catch {
        return;
      }
      if (msg.type === 'realtime.ready') {
        attempt = 0;
        status('open');
        void opts.resume?.();
      }
      opts.onMessage(msg);
    };
    socket.onopen = () => {
      clearInterval(heartbeat);
      heartbeat = setInterval(() => socket.readyState === socket.OPEN && socket.send('{"type":"ping"}'), HEARTBEAT_MS);
    };
    socket.onclose = async (e) => {
      clearInterval(heartbeat);
      if (ws !== socket || stopped) return;
      ws = null;
      if (e.code === 1008 && opts.refresh) {
        // The token expired or was refused: refresh once, then reconnect straight away.
        if (await opts.refresh()) return schedule(true);
        stopped = true;
        return status('closed');
      }
      schedule();
    };
  }

  open();
  return {
    /** Sends a fresh token on the open socket so it is not closed at the old token's expiry. */
    reauthenticate(token: string) {
      if (ws?.readyState === ws?.OPEN) ws?.send(JSON.stringify({ type: 'auth', token }));
    },
    close() {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(heartbeat);
      ws?.close(1000, 'bye');
      status('closed');
    },
  };
}
