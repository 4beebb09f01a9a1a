import { hc } from 'hono/client';
import type { AppType } from '../../../src/app';
import { clearSession, setTokens, tokens } from './session';

export interface FieldError {
  path: string;
  message: string;
}

/** An error envelope from the API, with per-field messages for forms. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
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

/** Exchanges the refresh token for a new pair; false when the session is over. */
export async function refreshTokens(): Promise<boolean> {
  const current = tokens.value;
  if (!current) return false;
  try {
    const res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: current.refreshToken }),
    });
    if (!res.ok) return false;
    const body = (await res.json()) as { data: { token: string; refreshToken: string } };
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
  const body = (await res.json().catch(() => null)) as
    | { success: true }
    | { success: false; error: string; code: string; details?: FieldError[] }
    | null;
  if (!res.ok || !body || body.success !== true) {
    const err = body && body.success === false ? body : null;
    throw new ApiFailure(res.status, err?.code ?? 'INTERNAL', err?.error ?? `Request failed (${res.status})`, err?.details);
  }
  return body as SuccessBody<R>;
}
