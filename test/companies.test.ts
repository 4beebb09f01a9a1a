import { describe, expect, it } from 'vitest';
import { companyRatings } from '../src/modules/services/services.table';
import { addStaff, addUser, call, db, expectError, makePartners, registerCompany } from './helpers';

describe('GET /companies', () => {
  it('shows a member their own company and active partners only', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const c = await registerCompany();
    await makePartners(a, b);
    const res = await call('GET', '/api/v1/companies', { token: a.admin.token });
    expect(res.status).toBe(200);
    const ids = res.body.data.map((x: { id: string }) => x.id);
    expect(ids).toContain(a.company.id);
    expect(ids).toContain(b.company.id);
    expect(ids).not.toContain(c.company.id);
    expect(res.body.meta.total).toBe(2);
  });

  it('shows staff every company', async () => {
    const a = await registerCompany();
    const staff = await addStaff('admin');
    const res = await call('GET', `/api/v1/companies?search=${encodeURIComponent(a.company.name)}`, { token: staff.token });
    expect(res.body.data.map((x: { id: string }) => x.id)).toEqual([a.company.id]);
  });

  it('sorts by name and refuses unknown sort fields', async () => {
    const a = await registerCompany();
    expect((await call('GET', '/api/v1/companies?sortBy=name&sortOrder=asc', { token: a.admin.token })).status).toBe(200);
    expectError(await call('GET', '/api/v1/companies?sortBy=website', { token: a.admin.token }), 400, 'VALIDATION_FAILED');
  });
});

describe('GET /companies/:id', () => {
  it("returns own and partner companies; an unrelated or ended partner's company is 404", async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const c = await registerCompany();
    const p = await makePartners(a, b);
    expect((await call('GET', `/api/v1/companies/${a.company.id}`, { token: a.admin.token })).status).toBe(200);
    expect((await call('GET', `/api/v1/companies/${b.company.id}`, { token: a.admin.token })).status).toBe(200);
    expectError(await call('GET', `/api/v1/companies/${c.company.id}`, { token: a.admin.token }), 404, 'NOT_FOUND');
    await call('DELETE', `/api/v1/partnerships/${p}`, { token: a.admin.token });
    expectError(await call('GET', `/api/v1/companies/${b.company.id}`, { token: a.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/v1/companies/not-a-uuid', { token: a.admin.token }), 404, 'NOT_FOUND');
  });
});

describe('PATCH /companies/:id', () => {
  it('lets the company admin change name, description and website', async () => {
    const a = await registerCompany();
    const res = await call('PATCH', `/api/v1/companies/${a.company.id}`, {
      token: a.admin.token,
      body: { name: 'Acme Renamed', description: 'We fix things', website: 'https://acme.example' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Acme Renamed', description: 'We fix things', website: 'https://acme.example' });
    expect(res.body.data.updatedAt >= res.body.data.createdAt).toBe(true);
  });

  it('is 403 on a visible partner company, 404 on an unrelated one, 403 for cliente', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const c = await registerCompany();
    await makePartners(a, b);
    expectError(await call('PATCH', `/api/v1/companies/${b.company.id}`, { token: a.admin.token, body: { name: 'Hijack' } }), 403, 'FORBIDDEN');
    expectError(await call('PATCH', `/api/v1/companies/${c.company.id}`, { token: a.admin.token, body: { name: 'Hijack' } }), 404, 'NOT_FOUND');
    const staffer = await addUser(a.company.id, 'cliente');
    expectError(await call('PATCH', `/api/v1/companies/${a.company.id}`, { token: staffer.token, body: { name: 'Nope' } }), 403, 'FORBIDDEN');
    const after = await call('GET', `/api/v1/companies/${b.company.id}`, { token: b.admin.token });
    expect(after.body.data.name).toBe(b.company.name);
  });

  it('refuses mass assignment (id, createdAt, unknown fields) and bad values, changing nothing', async () => {
    const a = await registerCompany();
    for (const body of [{ id: crypto.randomUUID() }, { createdAt: '2000-01-01' }, { name: 'x' }, { website: 'javascript:alert(1)' }, {}]) {
      expectError(await call('PATCH', `/api/v1/companies/${a.company.id}`, { token: a.admin.token, body }), 400, 'VALIDATION_FAILED');
    }
    const after = await call('GET', `/api/v1/companies/${a.company.id}`, { token: a.admin.token });
    expect(after.body.data).toMatchObject({ id: a.company.id, name: a.company.name });
  });

  it('lets staff change any company', async () => {
    const a = await registerCompany();
    const dev = await addStaff('DEV');
    const res = await call('PATCH', `/api/v1/companies/${a.company.id}`, { token: dev.token, body: { description: 'Verified' } });
    expect(res.status).toBe(200);
  });
});

describe('GET /companies/directory', () => {
  it('lists other companies by name (ids and names only), not my own, for any member', async () => {
    const a = await registerCompany('Zeta Directory Test A');
    const b = await registerCompany('Zeta Directory Test B');
    const member = await addUser(a.company.id, 'cliente');
    const res = await call('GET', '/api/v1/companies/directory?search=Zeta%20Directory', { token: member.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([{ id: b.company.id, name: b.company.name, partnership: null, rating: { average: null, count: 0 } }]);
  });

  it("carries each company's rating from the reviews it received (services marketplace)", async () => {
    const a = await registerCompany('Zeta Rated Test A');
    const b = await registerCompany('Zeta Rated Test B');
    await db().insert(companyRatings).values({ companyId: b.company.id, ratingSum: 14, ratingCount: 3 });
    const res = await call('GET', '/api/v1/companies/directory?search=Zeta%20Rated', { token: a.admin.token });
    expect(res.body.data).toEqual([{ id: b.company.id, name: b.company.name, partnership: null, rating: { average: 4.67, count: 3 } }]);
  });

  it("shows the caller company's open partnership with each company (so the app offers Invite only where it can)", async () => {
    const a = await registerCompany('Zeta Pair Test A');
    const b = await registerCompany('Zeta Pair Test B');
    const c = await registerCompany('Zeta Pair Test C');
    const invite = await call('POST', '/api/v1/partnerships', { token: a.admin.token, body: { companyId: b.company.id } });
    const fromA = await call('GET', '/api/v1/companies/directory?search=Zeta%20Pair', { token: a.admin.token });
    expect(fromA.body.data).toEqual([
      { id: b.company.id, name: b.company.name, partnership: { id: invite.body.data.id, status: 'pending', direction: 'sent' }, rating: { average: null, count: 0 } },
      { id: c.company.id, name: c.company.name, partnership: null, rating: { average: null, count: 0 } },
    ]);
    await call('POST', `/api/v1/partnerships/${invite.body.data.id}/accept`, { token: b.admin.token });
    const fromB = await call('GET', '/api/v1/companies/directory?search=Zeta%20Pair%20Test%20A', { token: b.admin.token });
    expect(fromB.body.data[0].partnership).toEqual({ id: invite.body.data.id, status: 'active', direction: 'received' });
    await call('DELETE', `/api/v1/partnerships/${invite.body.data.id}`, { token: b.admin.token });
    const ended = await call('GET', '/api/v1/companies/directory?search=Zeta%20Pair%20Test%20B', { token: a.admin.token });
    expect(ended.body.data[0].partnership).toBeNull();
  });

  it('takes % and _ in a search literally', async () => {
    const a = await registerCompany('Percent 100% Co');
    await registerCompany('Percent 1000 Co');
    const res = await call('GET', `/api/v1/companies/directory?search=${encodeURIComponent('100%')}`, { token: a.admin.token });
    expect(res.body.data.map((r: { name: string }) => r.name)).toEqual([]);
    const other = await registerCompany('Under_score Co');
    await registerCompany('UnderXscore Co');
    const res2 = await call('GET', `/api/v1/companies/directory?search=${encodeURIComponent('Under_')}`, { token: a.admin.token });
    expect(res2.body.data.map((r: { name: string }) => r.name)).toEqual([other.company.name]);
  });

  it('requires authentication', async () => {
    expectError(await call('GET', '/api/v1/companies/directory'), 401, 'UNAUTHENTICATED');
  });
});
