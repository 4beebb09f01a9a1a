import { hc } from 'hono/client';
import type { AppType } from '../../../src/app';
import type { ErrorDetail } from '../../../src/core/errors';
import { clearSession, setTokens, tokens } from './session';

/** An error envelope from the API, with per-field messages for forms. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }

  /** `{ fieldPath: message }` for showing each message next to the field that caused it. */
  get fields(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) out[d.path] ??= d.message;
    return out;
  }
}

let refreshing: Promise<boolean> | null = null;

/** The refresh call goes around `authFetch` (plain fetch: no access token, no 401 handling that would recurse into it). */
const plain = hc<AppType>('/');

/** Exchanges the refresh token for a new pair; false when the session is over. */
export async function refreshTokens(): Promise<boolean> {
  const current = tokens.value;
  if (!current) return false;
  try {
    const body = await call(plain.api.v1.auth.refresh.$post({ json: { refreshToken: current.refreshToken } }));
    setTokens({ token: body.data.token, refreshToken: body.data.refreshToken });
    return true;
  } catch {
    return false;
  }
}

/** Adds the access token; on 401 refreshes once (single flight for concurrent calls) and retries; else back to login. */
async function authFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const withToken = () => {
    const headers = new Headers(init.headers);
    if (tokens.value) headers.set('authorization', `Bearer ${tokens.value.token}`);
    return fetch(input, { ...init, headers });
  };
  const res = await withToken();
  if (res.status !== 401 || !tokens.value) return res;
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url.includes('/auth/login') || url.includes('/auth/refresh')) return res;
  refreshing ??= refreshTokens().finally(() => {
    refreshing = null;
  });
  if (await refreshing) return withToken();
  clearSession();
  if (!location.pathname.startsWith('/login')) location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  return res;
}

export const client = hc<AppType>('/', { fetch: authFetch });
export const api = client.api.v1;

type SuccessBody<R> = R extends { json(): Promise<infer B> } ? Extract<B, { success: true }> : never;

/** A `{ success: true, … }` envelope; what it carries is typed by the route through `hc` (the server is the contract). */
const isSuccess = <R>(body: unknown): body is SuccessBody<R> => typeof body === 'object' && body !== null && 'success' in body && body.success === true;

/** The failure for a response that is not a success, with the message and field details of its error envelope when it has one. */
function failure(status: number, body: unknown): ApiFailure {
  const err = typeof body === 'object' && body !== null && 'success' in body && body.success === false ? body : null;
  const code = err && 'code' in err && typeof err.code === 'string' ? err.code : 'INTERNAL';
  const message = err && 'error' in err && typeof err.error === 'string' ? err.error : `Request failed (${status})`;
  const details = err && 'details' in err && Array.isArray(err.details) ? err.details : undefined;
  return new ApiFailure(status, code, message, details);
}

/** Awaits a typed client call and returns its success body, or throws ApiFailure with the envelope's message. */
export async function call<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(
  request: Promise<R>,
): Promise<SuccessBody<R>> {
  let res: R;
  try {
    res = await request;
  } catch {
    throw new ApiFailure(0, 'NETWORK', 'Cannot reach the server. Check your connection and try again.');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok || !isSuccess<R>(body)) throw failure(res.status, body);
  return body;
}
