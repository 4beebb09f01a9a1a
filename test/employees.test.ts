import { describe, expect, it } from 'vitest';
import { addStaff, addUser, call, expectError, PASSWORD, registerCompany, unique } from './helpers';

const newEmployee = (over: Record<string, unknown> = {}) => ({
  name: 'Tech One',
  email: `${unique('emp')}@example.com`,
  password: PASSWORD,
  role: 'cliente',
  skills: ['hvac', 'electrical'],
  ...over,
});

describe('POST /employees', () => {
  it('creates an employee in the caller company who can then log in', async () => {
    const t = await registerCompany();
    const body = newEmployee();
    const res = await call('POST', '/api/v1/employees', { token: t.admin.token, body });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ email: body.email, role: 'cliente', companyId: t.company.id, skills: ['hvac', 'electrical'] });
    const login = await call('POST', '/api/v1/auth/login', { body: { email: body.email, password: PASSWORD } });
    expect(login.status).toBe(200);
  });

  it('refuses duplicate emails (409) and bad input (400)', async () => {
    const t = await registerCompany();
    expectError(await call('POST', '/api/v1/employees', { token: t.admin.token, body: newEmployee({ email: t.admin.user.email }) }), 409, 'CONFLICT');
    expectError(await call('POST', '/api/v1/employees', { token: t.admin.token, body: newEmployee({ password: 'short' }) }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/employees', { token: t.admin.token, body: newEmployee({ role: 'king' }) }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/employees', { token: t.admin.token, body: newEmployee({ skills: ['x'.repeat(51)] }) }), 400, 'VALIDATION_FAILED');
  });

  it('refuses to grant a role above the caller (admin_empresa cannot create admin or DEV)', async () => {
    const t = await registerCompany();
    for (const role of ['admin', 'DEV']) {
      expectError(await call('POST', '/api/v1/employees', { token: t.admin.token, body: newEmployee({ role }) }), 403, 'FORBIDDEN');
    }
    const ok = await call('POST', '/api/v1/employees', { token: t.admin.token, body: newEmployee({ role: 'admin_empresa' }) });
    expect(ok.status).toBe(201);
  });

  it('ignores no mass-assignment: companyId or id in the body is refused and nothing is created', async () => {
    const t = await registerCompany();
    const other = await registerCompany();
    const body = newEmployee({ companyId: other.company.id });
    expectError(await call('POST', '/api/v1/employees', { token: t.admin.token, body }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/v1/employees', { token: t.admin.token, body: newEmployee({ id: crypto.randomUUID() }) }), 400, 'VALIDATION_FAILED');
    const list = await call('GET', '/api/v1/employees', { token: other.admin.token });
    expect(list.body.meta.total).toBe(1);
  });
});

describe('GET /employees', () => {
  it('lists only the caller company, with filters and search', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    await addUser(a.company.id, 'cliente', { skills: ['welding'] });
    await addUser(a.company.id, 'cliente', { status: 'inactive' });
    await addUser(b.company.id, 'cliente');
    const all = await call('GET', '/api/v1/employees', { token: a.admin.token });
    expect(all.body.meta.total).toBe(3);
    expect(all.body.data.every((u: { companyId: string }) => u.companyId === a.company.id)).toBe(true);
    const inactive = await call('GET', '/api/v1/employees?status=inactive', { token: a.admin.token });
    expect(inactive.body.meta.total).toBe(1);
    const admins = await call('GET', '/api/v1/employees?role=admin_empresa', { token: a.admin.token });
    expect(admins.body.data.map((u: { id: string }) => u.id)).toEqual([a.admin.user.id]);
    const search = await call('GET', `/api/v1/employees?search=${encodeURIComponent(a.admin.user.email)}`, { token: a.admin.token });
    expect(search.body.meta.total).toBe(1);
    expect(JSON.stringify(all.body)).not.toMatch(/passwordHash|pbkdf2/);
  });

  it('lets cliente view colleagues', async () => {
    const a = await registerCompany();
    const c = await addUser(a.company.id, 'cliente');
    expect((await call('GET', '/api/v1/employees', { token: c.token })).body.meta.total).toBe(2);
  });
});

describe('GET/PATCH/DELETE /employees/:id', () => {
  it("answers 404 for another tenant's employee on read, update and delete, changing nothing", async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const victim = await addUser(b.company.id, 'cliente');
    expectError(await call('GET', `/api/v1/employees/${victim.user.id}`, { token: a.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('PATCH', `/api/v1/employees/${victim.user.id}`, { token: a.admin.token, body: { name: 'Pwned' } }), 404, 'NOT_FOUND');
    expectError(await call('DELETE', `/api/v1/employees/${victim.user.id}`, { token: a.admin.token }), 404, 'NOT_FOUND');
    const still = await call('GET', `/api/v1/employees/${victim.user.id}`, { token: b.admin.token });
    expect(still.body.data.name).toBe(victim.user.name);
  });

  it('updates name, skills, role and status; deactivation blocks login', async () => {
    const a = await registerCompany();
    const u = await addUser(a.company.id, 'cliente');
    const res = await call('PATCH', `/api/v1/employees/${u.user.id}`, {
      token: a.admin.token,
      body: { name: 'Renamed', skills: ['plumbing', 'plumbing'], role: 'admin_empresa', status: 'inactive' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Renamed', skills: ['plumbing'], role: 'admin_empresa', status: 'inactive' });
    expectError(await call('POST', '/api/v1/auth/login', { body: { email: u.user.email, password: PASSWORD } }), 401, 'INVALID_CREDENTIALS');
    // …and the token issued before is refused at once.
    expectError(await call('GET', '/api/v1/auth/me', { token: u.token }), 401, 'UNAUTHENTICATED');
  });

  it('refuses promoting above the caller and touching staff accounts', async () => {
    const a = await registerCompany();
    const u = await addUser(a.company.id, 'cliente');
    expectError(await call('PATCH', `/api/v1/employees/${u.user.id}`, { token: a.admin.token, body: { role: 'admin' } }), 403, 'FORBIDDEN');
    const staff = await addStaff('admin');
    expectError(await call('PATCH', `/api/v1/employees/${staff.user.id}`, { token: a.admin.token, body: { name: 'x' } }), 404, 'NOT_FOUND');
    const dev = await addStaff('DEV');
    expectError(await call('PATCH', `/api/v1/employees/${dev.user.id}`, { token: staff.token, body: { name: 'x' } }), 403, 'FORBIDDEN');
  });

  it('keeps at least one active admin_empresa and refuses self-deletion', async () => {
    const a = await registerCompany();
    expectError(await call('PATCH', `/api/v1/employees/${a.admin.user.id}`, { token: a.admin.token, body: { role: 'cliente' } }), 409, 'CONFLICT');
    expectError(await call('DELETE', `/api/v1/employees/${a.admin.user.id}`, { token: a.admin.token }), 409, 'CONFLICT');
    const second = await addUser(a.company.id, 'admin_empresa');
    const demote = await call('PATCH', `/api/v1/employees/${a.admin.user.id}`, { token: second.token, body: { role: 'cliente' } });
    expect(demote.status).toBe(200);
  });

  it('soft-deletes: the user disappears from lists and cannot log in; the email can be reused', async () => {
    const a = await registerCompany();
    const u = await addUser(a.company.id, 'cliente');
    const del = await call('DELETE', `/api/v1/employees/${u.user.id}`, { token: a.admin.token });
    expect(del.status).toBe(200);
    expectError(await call('GET', `/api/v1/employees/${u.user.id}`, { token: a.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/api/v1/auth/login', { body: { email: u.user.email, password: PASSWORD } }), 401, 'INVALID_CREDENTIALS');
    const again = await call('POST', '/api/v1/employees', { token: a.admin.token, body: newEmployee({ email: u.user.email }) });
    expect(again.status).toBe(201);
  });

  it('refuses mass assignment in PATCH (companyId, id, email)', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const u = await addUser(a.company.id, 'cliente');
    for (const body of [{ companyId: b.company.id }, { id: crypto.randomUUID() }, { email: 'x@example.com' }]) {
      expectError(await call('PATCH', `/api/v1/employees/${u.user.id}`, { token: a.admin.token, body }), 400, 'VALIDATION_FAILED');
    }
    const still = await call('GET', `/api/v1/employees/${u.user.id}`, { token: a.admin.token });
    expect(still.body.data.companyId).toBe(a.company.id);
  });

  it('cliente cannot manage employees', async () => {
    const a = await registerCompany();
    const c = await addUser(a.company.id, 'cliente');
    expectError(await call('PATCH', `/api/v1/employees/${a.admin.user.id}`, { token: c.token, body: { name: 'x' } }), 403, 'FORBIDDEN');
  });
});
