import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError, ERROR_STATUS, type ErrorCode } from './errors';
import type { HonoEnv } from './env';
import { log } from './logging';

const codeForStatus = (status: number): ErrorCode => {
  switch (status) {
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    default:
      return status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
  }
};

/** The single error answer: every failure becomes the contract's envelope; 500s are logged, never leaked. */
export const onError: ErrorHandler<HonoEnv> = (err, c) => {
  const requestId = c.get('requestId');
  let apiError: ApiError;
  if (err instanceof ApiError) apiError = err;
  else if (err instanceof HTTPException && err.status < 500) apiError = new ApiError(codeForStatus(err.status), err.message);
  else if (/UNIQUE constraint failed/.test(String(err instanceof Error ? err.message : err))) {
    // A race lost against a unique index (two requests creating the same thing at once) is a conflict, not a crash.
    apiError = new ApiError('CONFLICT', 'This record already exists');
  } else {
    log('error', 'unhandled error', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    apiError = new ApiError('INTERNAL', `Internal server error. Quote request id ${requestId} when reporting it.`);
  }
  if (apiError.code === 'INTERNAL' && err === apiError) {
    log('error', 'internal error', { requestId, path: c.req.path, error: apiError.message });
  }
  const body = {
    success: false as const,
    error: apiError.message,
    code: apiError.code,
    ...(apiError.details ? { details: apiError.details } : {}),
    ...(apiError.data !== undefined ? { data: apiError.data } : {}),
  };
  return c.json(body, ERROR_STATUS[apiError.code], apiError.headers);
};

export const notFoundHandler: NotFoundHandler<HonoEnv> = (c) =>
  c.json({ success: false as const, error: `No route for ${c.req.method} ${c.req.path}`, code: 'NOT_FOUND' as const }, 404);
