import type { Role } from '../core/auth/roles';

/** What a hub remembers about each socket; serialized on the socket so it survives hibernation. */
export interface SocketIdentity {
  userId: string;
  companyId: string;
  role: Role;
  /** Access-token expiry (seconds since epoch): the socket is closed with 1008 then. */
  exp: number;
}

export const IDENTITY_HEADER = 'x-completo-identity';
export const SUBPROTOCOL = 'completo.v1';
export const MAX_MESSAGE_BYTES = 64 * 1024;
export const AUTH_TIMEOUT_MS = 10_000;

export const CLOSE = {
  POLICY: 1008,
  UNSUPPORTED: 1003,
  TOO_BIG: 1009,
} as const;

/** A control message (type starts with `realtime.`) in the event envelope shape. */
export const control = (type: `realtime.${string}`, companyId: string, data: Record<string, unknown>) =>
  JSON.stringify({ id: crypto.randomUUID(), type, time: new Date().toISOString(), companyId, data });
