import { zValidator } from '@hono/zod-validator';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { ApiError } from './errors';
import { tag } from './openapi/meta';

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** Converts zod issues into the envelope's `details[]`, one entry per bad field. */
export const zodDetails = (error: z.core.$ZodError) =>
  error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));

/** Throws a 400 VALIDATION_FAILED whose message names the first bad field. */
export const validationError = (error: z.core.$ZodError) => {
  const details = zodDetails(error);
  const first = details[0];
  const message = first ? `Invalid ${first.path === '(root)' ? 'request' : first.path}: ${first.message}` : 'Invalid request';
  return new ApiError('VALIDATION_FAILED', message, { details });
};

/**
 * A body that is present but not JSON is 415; malformed JSON is 400 BAD_REQUEST. Hono's own json validator silently
 * treats a non-JSON body as `{}`, which would hide client bugs behind confusing field errors.
 */
const requireJsonBody = createMiddleware(async (c, next) => {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
  const length = c.req.header('content-length');
  const hasBody = (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
  if (type && !JSON_TYPE.test(type)) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `Request body must be application/json, not ${type}`);
  }
  if (!type && hasBody) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Request body must be application/json');
  if (type) {
    try {
      await c.req.json();
    } catch {
      throw new ApiError('BAD_REQUEST', 'Malformed JSON in request body');
    }
  }
  await next();
});

/**
 * zValidator wrapped once: every failure throws and reaches `onError` as the contract's envelope. The schema is also
 * the route's documented request (OpenAPI).
 */
export const validate = <T extends z.ZodType, Target extends 'json' | 'query' | 'param'>(target: Target, schema: T) =>
  tag(
    zValidator(target, schema, (result) => {
      if (!result.success) throw validationError(result.error);
    }),
    { part: 'request', target, schema },
  );

/** Validates a JSON body: content type, syntax, then the schema (which should be strict to refuse unknown fields). */
export const jsonBody = <T extends z.ZodType>(schema: T) => [requireJsonBody, validate('json', schema)] as const;

/**
 * Path ids must be UUIDs (anything else cannot exist, so it is a 404, not a validation error). `idParams('id',
 * 'applicationId')` for nested resources; `idParam` for the usual `:id`.
 */
export const idParams = <const K extends string>(...names: K[]) => {
  const schema = z.object(Object.fromEntries(names.map((n) => [n, z.uuid({ message: `${n} must be a UUID` })])) as Record<K, z.ZodUUID>);
  return tag(
    zValidator('param', schema, (result) => {
      if (!result.success) throw new ApiError('NOT_FOUND', 'Not found');
    }),
    { part: 'request', target: 'param', schema },
  );
};

export const idParam = idParams('id');
