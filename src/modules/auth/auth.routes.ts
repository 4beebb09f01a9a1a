import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { auth } from '../../core/auth/middleware';
import { REFRESH_TOKEN_TTL_MS } from '../../core/auth/tokens';
import type { HonoEnv } from '../../core/env';
import { badRequest } from '../../core/errors';
import { rateLimit } from '../../core/http/rate-limit';
import { created, ok } from '../../core/envelope';
import { doc } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { jsonBody } from '../../core/validation';
import { LOST_ANSWER_LEEWAY_MS } from './auth.queries';
import { loggedOutSchema, loginBody, meSchema, refreshBody, registerBody, registeredSchema, sessionSchema } from './auth.schemas';
import * as service from './auth.service';

/**
 * The web app keeps its refresh token in this HttpOnly cookie (never readable by scripts), scoped to the routes that
 * use it; API clients send it in the body as before. Every answer that issues a refresh token sets it.
 */
const COOKIE = 'completo_rt';
const COOKIE_PATH = '/api/v1/auth';

function keepInCookie<T extends { refreshToken: string }>(c: Context<HonoEnv>, session: T): T {
  setCookie(c, COOKIE, session.refreshToken, { httpOnly: true, secure: true, sameSite: 'Strict', path: COOKIE_PATH, maxAge: REFRESH_TOKEN_TTL_MS / 1000 });
  return session;
}

/** The refresh token from the body, else from the cookie. */
function presented(c: Context<HonoEnv>, body: { refreshToken?: string | undefined }): { token: string; fromCookie: boolean } {
  const token = body.refreshToken ?? getCookie(c, COOKIE);
  if (!token) throw badRequest('Invalid refreshToken: is required (in the body, or the session cookie)', 'refreshToken');
  return { token, fromCookie: body.refreshToken === undefined };
}

const cookieNote = 'Also sets the HttpOnly session cookie the web app uses instead of storing the refresh token.';

const authRoutes = createRouter()
  .post(
    '/register',
    doc({
      summary: 'Register a company and its first admin',
      description: `${cookieNote} Limited per client address (RATE_LIMIT_REGISTER per 10 minutes).`,
      response: registeredSchema,
      status: 201,
      errors: ['CONFLICT', 'RATE_LIMITED'],
    }),
    rateLimit('register'),
    ...jsonBody(registerBody),
    async (c) => created(c, keepInCookie(c, await service.register(c.var.ctx, c.req.valid('json')))),
  )
  .post(
    '/login',
    doc({
      summary: 'Log in with email and password',
      description: `Wrong email or password, or an inactive account: 401 INVALID_CREDENTIALS (same message). 10 failures for one email within 15 minutes, or RATE_LIMIT_LOGIN attempts from one address: 429 with Retry-After. ${cookieNote}`,
      response: sessionSchema,
      errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED'],
    }),
    rateLimit('login'),
    ...jsonBody(loginBody),
    async (c) => ok(c, keepInCookie(c, await service.login(c.var.ctx, c.req.valid('json')))),
  )
  .post(
    '/refresh',
    doc({
      summary: 'Exchange a refresh token for a new pair',
      description: `A refresh token works once; reusing one revokes its whole family. Send it in the body, or send the session cookie. ${cookieNote} The one exception is the cookie's lost answer: a browser that reloads while its refresh is in flight never receives the rotated cookie, so a spent cookie presented again within ${LOST_ANSWER_LEEWAY_MS / 1000} s, while the token issued for it is the only one since and unused, revokes that unreceived token and answers with a new pair.`,
      response: sessionSchema,
      errors: ['UNAUTHENTICATED'],
    }),
    ...jsonBody(refreshBody),
    async (c) => {
      const { token, fromCookie } = presented(c, c.req.valid('json'));
      return ok(c, keepInCookie(c, await service.refresh(c.var.ctx, token, { fromCookie })));
    },
  )
  .post(
    '/logout',
    doc({ summary: "End a refresh token's session family", description: 'The token comes from the body or the session cookie, which is cleared.', response: loggedOutSchema }),
    auth(),
    ...jsonBody(refreshBody),
    async (c) => {
      const result = await service.logout(c.var.ctx, c.var.caller, presented(c, c.req.valid('json')).token);
      deleteCookie(c, COOKIE, { path: COOKIE_PATH, secure: true, httpOnly: true, sameSite: 'Strict' });
      return ok(c, result);
    },
  )
  .get('/me', doc({ summary: 'The caller and their company', response: meSchema }), auth(), async (c) => ok(c, await service.me(c.var.ctx, c.var.caller)));

export const routes = createRouter().route('/auth', authRoutes);
