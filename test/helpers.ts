import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { hashPassword } from '../src/core/auth/passwords';
import { signAccessToken } from '../src/core/auth/tokens';
import type { Role } from '../src/core/auth/roles';
import { createDb } from '../src/core/db/client';
import { companies, users } from '../src/core/tenancy/tenancy.table';

export const BASE = 'http://completo.test';
export const PASSWORD = 'correct-horse-battery';

export interface CallOptions {
  token?: string | undefined;
  body?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
}

export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the Worker's real fetch handler (same isolate as the test) and parses the JSON answer. */
export async function call<T = any>(method: string, path: string, opts: CallOptions = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await exports.default.fetch(new Request(`${BASE}${path}`, { method, headers, body }));
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON; tests that care assert on the text
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export const db = () => createDb(env.DB);

export const unique = (prefix = 'x') => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

/** Asserts the contract's error envelope. */
export function expectError(res: CallResult, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toMatchObject({ success: false, code });
  expect(typeof res.body.error).toBe('string');
}

export interface Member {
  token: string;
  user: { id: string; email: string; companyId: string; role: Role; name: string };
}

export interface Tenant {
  company: { id: string; name: string };
  admin: Member;
  refreshToken: string;
}

/** Registers a new company through the API; its first user is admin_empresa. */
export async function registerCompany(name = unique('Company')): Promise<Tenant> {
  const email = `${unique('owner')}@example.com`;
  const res = await call('POST', '/api/v1/auth/register', {
    body: { companyName: name, name: 'Owner', email, password: PASSWORD },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return {
    company: res.body.data.company,
    admin: { token: res.body.data.token, user: res.body.data.user },
    refreshToken: res.body.data.refreshToken,
  };
}

let passwordHash: Promise<string> | undefined;

/** Inserts a user directly (faster than the API for fixtures) and signs a token for it. */
export async function addUser(
  companyId: string,
  role: Role,
  extra: { skills?: string[]; status?: 'active' | 'inactive'; email?: string } = {},
): Promise<Member> {
  const now = new Date().toISOString();
  passwordHash ??= hashPassword(PASSWORD);
  const [row] = await db()
    .insert(users)
    .values({
      companyId,
      role,
      email: extra.email ?? `${unique(role)}@example.com`,
      name: `${role} user`,
      passwordHash: await passwordHash,
      skills: extra.skills ?? [],
      status: extra.status ?? 'active',
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return { token: await signAccessToken(env.JWT_SECRET, row!), user: row! };
}

/** A platform staff member (DEV or admin) in the platform company. */
export async function addStaff(role: 'DEV' | 'admin'): Promise<Member> {
  let [platform] = await db().select().from(companies).where(eq(companies.isPlatform, 'yes')).limit(1);
  if (!platform) {
    const now = new Date().toISOString();
    [platform] = await db()
      .insert(companies)
      .values({ name: 'Completo Platform', isPlatform: 'yes', createdAt: now, updatedAt: now })
      .returning();
  }
  return addUser(platform!.id, role);
}

/** Invites `b` from `a` and accepts it: an active partnership. */
export async function makePartners(a: Tenant, b: Tenant): Promise<string> {
  const invite = await call('POST', '/api/v1/partnerships', { token: a.admin.token, body: { companyId: b.company.id } });
  expect(invite.status, JSON.stringify(invite.body)).toBe(201);
  const accept = await call('POST', `/api/v1/partnerships/${invite.body.data.id}/accept`, { token: b.admin.token });
  expect(accept.status).toBe(200);
  return invite.body.data.id;
}
