import { hc } from 'hono/client';
import type { AppType } from '../../../src/app';
import type { ErrorCode, ErrorDetail } from '../../../src/core/errors';
import { accessToken, clearSession, setAccessToken } from './session';

/** The error codes of the API's envelope, plus NETWORK for a request that never got an answer. */
export type FailureCode = ErrorCode | 'NETWORK';
const isErrorCode = (code: unknown): code is ErrorCode =>
  typeof code === 'string' &&
  ['VALIDATION_FAILED', 'BAD_REQUEST', 'UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'FORBIDDEN', 'NOT_FOUND', 'METHOD_NOT_ALLOWED', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED', 'INTERNAL', 'UNAVAILABLE'].includes(code);

/**
 * An error envelope from the API. `message` and `details[].message` are the server's English text; the UI shows them
 * through lib/errors.ts, which localizes them by code, path and rule. `data` is the envelope's `data` where a route
 * documents one (e.g. the current zettel with a stale save's 409): unknown until the caller checks its shape.
 */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: FailureCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly data: unknown = undefined,
  ) {
    super(message);
  }
}

/**
 * D1 read-your-writes. The server runs each request in a D1 session (its reads may come from a replica) and answers
 * with the session's bookmark in `X-D1-Bookmark`; a request that sends a bookmark back reads at least everything up to
 * it, whichever replica serves it. So the tab keeps the latest bookmark it has seen (in memory; bookmarks compare as
 * strings, and the greatest is the latest) and sends it with every API request: after a write, the next read sees it.
 */
const BOOKMARK_HEADER = 'X-D1-Bookmark';
let bookmark: string | null = null;

/** `fetch` with the latest bookmark sent and the answer's bookmark remembered; every API request goes through it. */
async function bookmarkedFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (bookmark) headers.set(BOOKMARK_HEADER, bookmark);
  const res = await fetch(input, { ...init, headers });
  const seen = res.headers.get(BOOKMARK_HEADER);
  if (seen && (bookmark === null || seen > bookmark)) bookmark = seen;
  return res;
}

/** The refresh call goes around `authFetch` (no access token, no 401 handling that would recurse into it). */
const plain = hc<AppType>('/', { fetch: bookmarkedFetch });

async function refreshOnce(): Promise<boolean> {
  try {
    // `{}`: the refresh token travels in the HttpOnly cookie. The answer still carries one in the body for API
    // clients; the web app ignores it (it never stores a refresh token).
    const body = await call(plain.api.v1.auth.refresh.$post({ json: {} }));
    setAccessToken(body.data.token);
    return true;
  } catch (err) {
    // Refused (no cookie, expired, revoked): the session is over. Offline: keep the hint and try on the next load.
    if (err instanceof ApiFailure && err.code !== 'NETWORK') clearSession();
    return false;
  }
}

let refreshing: Promise<boolean> | null = null;

/**
 * Gets a new access token through the cookie; false when the session is over. Single flight within the tab, and one
 * tab at a time (Web Locks): a refresh token works once, so two tabs presenting the same cookie together would end
 * the session for both.
 */
export function refreshAccess(): Promise<boolean> {
  const acrossTabs = async () => (navigator.locks ? await navigator.locks.request('completo.refresh', refreshOnce) : refreshOnce());
  refreshing ??= acrossTabs().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

const NO_RETRY = ['/auth/login', '/auth/register', '/auth/refresh'];

/** Adds the access token; on 401 refreshes once and retries; when the session is over, back to the login page. */
async function authFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const withToken = () => {
    const headers = new Headers(init.headers);
    if (accessToken.value) headers.set('authorization', `Bearer ${accessToken.value}`);
    return bookmarkedFetch(input, { ...init, headers });
  };
  const res = await withToken();
  if (res.status !== 401 || !accessToken.value) return res;
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (NO_RETRY.some((p) => url.includes(p))) return res;
  if (await refreshAccess()) return withToken();
  clearSession();
  if (!location.pathname.startsWith('/login')) location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  return res;
}

export const client = hc<AppType>('/', { fetch: authFetch });
export const api = client.api.v1;

type SuccessBody<R> = R extends { json(): Promise<infer B> } ? Extract<B, { success: true }> : never;

/** A `{ success: true, … }` envelope; what it carries is typed by the route through `hc` (the server is the contract). */
const isSuccess = <R>(body: unknown): body is SuccessBody<R> => typeof body === 'object' && body !== null && 'success' in body && body.success === true;

/** The failure for a response that is not a success, with the code, message and field details of its error envelope. */
function failure(status: number, body: unknown): ApiFailure {
  const err = typeof body === 'object' && body !== null && 'success' in body && body.success === false ? body : null;
  const code = err && 'code' in err && isErrorCode(err.code) ? err.code : status === 404 ? 'NOT_FOUND' : status === 403 ? 'FORBIDDEN' : 'INTERNAL';
  const message = err && 'error' in err && typeof err.error === 'string' ? err.error : `Request failed (${status})`;
  const details = err && 'details' in err && Array.isArray(err.details) ? err.details : undefined;
  const data = err && 'data' in err ? err.data : undefined;
  return new ApiFailure(status, code, message, details, data);
}

/** Awaits a typed client call and returns its success body, or throws ApiFailure. */
export async function call<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(
  request: Promise<R>,
): Promise<SuccessBody<R>> {
  let res: R;
  try {
    res = await request;
  } catch {
    throw new ApiFailure(0, 'NETWORK', 'Cannot reach the server');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok || !isSuccess<R>(body)) throw failure(res.status, body);
  return body;
}
