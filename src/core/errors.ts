import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  path: string;
  message: string;
}

/** The one error type handlers and middleware throw; `onError` turns it into the contract's envelope. */
export class ApiError extends HTTPException {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  readonly headers: Record<string, string> | undefined;
  /**
   * What the client needs to recover, sent as the envelope's `data` (e.g. a stale write's 409 carries the record's
   * current state, so the client can merge without another read). Must be shaped for the caller: it is sent as is.
   */
  readonly data: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { details?: ErrorDetail[]; headers?: Record<string, string>; data?: unknown } = {},
  ) {
    super(ERROR_STATUS[code], { message });
    this.code = code;
    this.details = opts.details;
    this.headers = opts.headers;
    this.data = opts.data;
  }
}

export const notFound = (what = 'Resource') => new ApiError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this') => new ApiError('FORBIDDEN', message);
/** 409; `data` (optional) is the record's current state as the caller may see it (see `ApiError.data`). */
export const conflict = (message: string, data?: unknown) => new ApiError('CONFLICT', message, data === undefined ? {} : { data });
export const badRequest = (message: string, path?: string) =>
  new ApiError('VALIDATION_FAILED', message, path ? { details: [{ path, message }] } : {});
