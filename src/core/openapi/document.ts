import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../errors';
import { PERMISSIONS, type Permission } from '../auth/roles';
import { metaOf, type RouteDoc, type RouteMeta } from './meta';

type JsonSchema = Record<string, unknown>;
interface RouteEntry {
  method: string;
  path: string;
  handler: unknown;
}

/** One documented operation, as gathered from the route's middlewares (see `doc`, `validate`, `auth`). */
export interface Operation {
  method: string;
  path: string;
  doc: RouteDoc | undefined;
  requests: Extract<RouteMeta, { part: 'request' }>[];
  security: Extract<RouteMeta, { part: 'security' }> | undefined;
}

/** Groups `app.routes` (one entry per middleware) into operations; `ALL` entries are global middleware. */
export function operationsOf(routes: readonly RouteEntry[]): Operation[] {
  const ops = new Map<string, Operation>();
  for (const r of routes) {
    if (r.method === 'ALL') continue;
    const key = `${r.method} ${r.path}`;
    let op = ops.get(key);
    if (!op) ops.set(key, (op = { method: r.method, path: r.path, doc: undefined, requests: [], security: undefined }));
    for (const m of metaOf(r.handler)) {
      if (m.part === 'doc') op.doc = m.doc;
      else if (m.part === 'request') op.requests.push(m);
      else op.security = m;
    }
  }
  return [...ops.values()];
}

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['success', 'error', 'code'],
  properties: {
    success: { const: false },
    error: { type: 'string', description: 'A human-readable message (English).' },
    code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
    details: {
      type: 'array',
      description: 'One entry per invalid field (VALIDATION_FAILED).',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
    data: {
      description:
        "What the client needs to recover, where a route documents it: e.g. a stale `version` answers 409 CONFLICT with the record's current state here (as the caller may see it), so the client can merge without reading it again.",
    },
  },
};

const listMeta: JsonSchema = {
  type: 'object',
  required: ['total', 'page', 'limit', 'totalPages'],
  properties: { total: { type: 'integer' }, page: { type: 'integer' }, limit: { type: 'integer' }, totalPages: { type: 'integer' } },
};

const ERROR_TEXT: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'Invalid input (VALIDATION_FAILED, with details per field) or malformed JSON (BAD_REQUEST)',
  UNAUTHENTICATED: 'Missing, invalid or expired credentials',
  FORBIDDEN: 'Authenticated, but the role (or key scope) does not allow this, or the record is visible but not yours',
  NOT_FOUND: 'Missing, deleted, or belonging to a tenant the caller cannot see',
  CONFLICT: 'The current state does not allow this (or a duplicate)',
  RATE_LIMITED: 'Too many requests; see Retry-After',
  PAYLOAD_TOO_LARGE: 'Body over 1 MiB',
  UNSUPPORTED_MEDIA_TYPE: 'Body is not JSON',
};

/** Converts zod to JSON Schema 2020-12 (OpenAPI 3.1's dialect), hoisting named schemas into components. */
function converter(components: Record<string, JsonSchema>) {
  return (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const { $schema: _s, $defs, ...rest } = json;
    const fix = (v: JsonSchema) => JSON.parse(JSON.stringify(v).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
    for (const [name, def] of Object.entries($defs ?? {})) components[name] ??= fix(def);
    const id = (schema.meta() as { id?: string } | undefined)?.id;
    if (id) {
      components[id] ??= fix(rest);
      return { $ref: `#/components/schemas/${id}` };
    }
    return fix(rest);
  };
}

const rolesOf = (permission: string | undefined) => (permission ? [...PERMISSIONS[permission as Permission]] : undefined);

/** The OpenAPI 3.1 document of every route in `routes`. */
export function openApiDocument(routes: readonly RouteEntry[], info: { title: string; version: string; description: string }) {
  const components: Record<string, JsonSchema> = {};
  const toJson = converter(components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operationsOf(routes)) {
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    const d = op.doc;
    const parameters: unknown[] = [];
    let requestBody: unknown;
    const codes = new Set<ErrorCode>(d?.errors ?? []);
    for (const r of op.requests) {
      const json = toJson(r.schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
      if (r.target === 'json') {
        requestBody = { required: true, content: { 'application/json': { schema: json } } };
        codes.add('VALIDATION_FAILED').add('UNSUPPORTED_MEDIA_TYPE').add('PAYLOAD_TOO_LARGE');
        continue;
      }
      for (const [name, schema] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: r.target === 'param' ? 'path' : 'query', required: r.target === 'param' || (json.required ?? []).includes(name), schema });
      }
      codes.add(r.target === 'param' ? 'NOT_FOUND' : 'VALIDATION_FAILED');
    }
    const auth = op.security?.auth ?? 'public';
    if (auth !== 'public') codes.add('UNAUTHENTICATED');
    if (op.security?.permission) codes.add('FORBIDDEN');
    const status = d?.status ?? 200;
    const data = d?.response ? toJson(d.response, 'output') : undefined;
    const success: JsonSchema | undefined = data && {
      type: 'object',
      required: ['success', 'data', ...(d?.list ? ['meta'] : [])],
      properties: {
        success: { const: true },
        data: d?.list ? { type: 'array', items: data } : data,
        ...(d?.list ? { meta: d.extraMeta ? { allOf: [listMeta, toJson(d.extraMeta, 'output')] } : listMeta } : {}),
      },
    };
    const responses: Record<string, unknown> = {
      [String(status)]: success
        ? { description: status === 201 ? 'Created' : 'OK', content: { 'application/json': { schema: success } } }
        : { description: status === 101 ? 'Switching Protocols (WebSocket)' : 'OK' },
    };
    for (const code of codes) {
      const s = String(ERROR_STATUS[code]);
      responses[s] ??= { description: ERROR_TEXT[code] ?? code, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    const roles = rolesOf(op.security?.permission);
    const family = op.security?.keyFamily;
    const keyScope = family ? `${family}:${op.method === 'GET' ? 'read' : 'write'}` : undefined;
    (paths[path] ??= {})[op.method.toLowerCase()] = {
      operationId: `${op.method.toLowerCase()}${path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      summary: d?.summary ?? `${op.method} ${op.path}`,
      ...(d?.description || roles || auth !== 'public'
        ? {
            description: [
              d?.description,
              roles && `Roles: ${roles.join(', ')}.`,
              auth !== 'public' && (keyScope ? `API keys: scope \`${keyScope}\`.` : 'API keys: not allowed.'),
            ]
              .filter(Boolean)
              .join('\n\n'),
          }
        : {}),
      tags: [d?.tag ?? (op.path.split('/')[3] || 'platform')],
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      security: auth === 'required' ? [{ bearerAuth: [] }] : auth === 'optional' ? [{}, { bearerAuth: [] }] : [],
      ...(roles ? { 'x-roles': roles } : {}),
      ...(auth !== 'public' ? { 'x-api-key-scope': keyScope ?? null } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Error: errorSchema, ...components },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An access token from /api/v1/auth/login, or an API key (cpk_…) from /api/v1/api-keys.' },
      },
    },
  };
}
