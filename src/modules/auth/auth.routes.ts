import { auth } from '../../core/auth/middleware';
import { created, ok } from '../../core/envelope';
import { doc } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { jsonBody } from '../../core/validation';
import { loggedOutSchema, loginBody, meSchema, refreshBody, registerBody, registeredSchema, sessionSchema } from './auth.schemas';
import * as service from './auth.service';

const authRoutes = createRouter()
  .post(
    '/register',
    doc({ summary: 'Register a company and its first admin', response: registeredSchema, status: 201, errors: ['CONFLICT'] }),
    ...jsonBody(registerBody),
    async (c) => created(c, await service.register(c.var.ctx, c.req.valid('json'))),
  )
  .post(
    '/login',
    doc({
      summary: 'Log in with email and password',
      description: 'Wrong email or password: 401 INVALID_CREDENTIALS (same message for both). 10 failures for one email within 15 minutes: 429 with Retry-After.',
      response: sessionSchema,
      errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED', 'FORBIDDEN'],
    }),
    ...jsonBody(loginBody),
    async (c) => ok(c, await service.login(c.var.ctx, c.req.valid('json'))),
  )
  .post(
    '/refresh',
    doc({ summary: 'Exchange a refresh token for a new pair', description: 'A refresh token works once; reusing one revokes its whole family.', response: sessionSchema, errors: ['UNAUTHENTICATED'] }),
    ...jsonBody(refreshBody),
    async (c) => ok(c, await service.refresh(c.var.ctx, c.req.valid('json'))),
  )
  .post(
    '/logout',
    doc({ summary: "End a refresh token's session family", response: loggedOutSchema }),
    auth(),
    ...jsonBody(refreshBody),
    async (c) => ok(c, await service.logout(c.var.ctx, c.var.caller, c.req.valid('json'))),
  )
  .get('/me', doc({ summary: 'The caller and their company', response: meSchema }), auth(), async (c) => ok(c, await service.me(c.var.ctx, c.var.caller)));

export const routes = createRouter().route('/auth', authRoutes);
