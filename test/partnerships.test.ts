import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { addStaff, addUser, call, expectError, makePartners, registerCompany } from './helpers';

const invite = (token: string, companyId: string) => call('POST', '/api/v1/partnerships', { token, body: { companyId } });

describe('partnership lifecycle', () => {
  it('invite → pending, listed on both sides with direction and partner name', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const res = await invite(a.admin.token, b.company.id);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ status: 'pending', direction: 'sent', partner: { id: b.company.id, name: b.company.name } });
    const theirs = await call('GET', '/api/v1/partnerships', { token: b.admin.token });
    expect(theirs.body.data).toHaveLength(1);
    expect(theirs.body.data[0]).toMatchObject({
      id: res.body.data.id,
      direction: 'received',
      status: 'pending',
      partner: { id: a.company.id, name: a.company.name },
      requesterCompany: { id: a.company.id, name: a.company.name },
      targetCompany: { id: b.company.id, name: b.company.name },
    });
  });

  it('only the invited side accepts or declines; the inviting side gets 403; strangers 404', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const c = await registerCompany();
    const id = (await invite(a.admin.token, b.company.id)).body.data.id;
    expectError(await call('POST', `/api/v1/partnerships/${id}/accept`, { token: a.admin.token }), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/v1/partnerships/${id}/decline`, { token: a.admin.token }), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/v1/partnerships/${id}/accept`, { token: c.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('DELETE', `/api/v1/partnerships/${id}`, { token: c.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/v1/partnerships/${id}`, { token: c.admin.token }), 404, 'NOT_FOUND');
    const accepted = await call('POST', `/api/v1/partnerships/${id}/accept`, { token: b.admin.token });
    expect(accepted.status).toBe(200);
    expect(accepted.body.data.status).toBe('active');
    expect(accepted.body.data.respondedAt).toBeTruthy();
  });

  it('refuses transitions the state does not allow with 409', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const id = await makePartners(a, b);
    expectError(await call('POST', `/api/v1/partnerships/${id}/accept`, { token: b.admin.token }), 409, 'CONFLICT');
    expectError(await call('POST', `/api/v1/partnerships/${id}/decline`, { token: b.admin.token }), 409, 'CONFLICT');
    const ended = await call('DELETE', `/api/v1/partnerships/${id}`, { token: b.admin.token });
    expect(ended.body.data).toMatchObject({ status: 'ended' });
    expectError(await call('DELETE', `/api/v1/partnerships/${id}`, { token: a.admin.token }), 409, 'CONFLICT');
  });

  it('allows at most one pending or active partnership per pair, in either direction', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const first = await invite(a.admin.token, b.company.id);
    expectError(await invite(a.admin.token, b.company.id), 409, 'CONFLICT');
    expectError(await invite(b.admin.token, a.company.id), 409, 'CONFLICT');
    await call('POST', `/api/v1/partnerships/${first.body.data.id}/decline`, { token: b.admin.token });
    // Declined does not block a new invite.
    const second = await invite(b.admin.token, a.company.id);
    expect(second.status).toBe(201);
    await call('POST', `/api/v1/partnerships/${second.body.data.id}/accept`, { token: a.admin.token });
    expectError(await invite(a.admin.token, b.company.id), 409, 'CONFLICT');
    await call('DELETE', `/api/v1/partnerships/${second.body.data.id}`, { token: a.admin.token });
    expect((await invite(a.admin.token, b.company.id)).status).toBe(201);
  });

  it('refuses inviting yourself (400), an unknown company (404) and bad ids (400)', async () => {
    const a = await registerCompany();
    const self = await invite(a.admin.token, a.company.id);
    expectError(self, 400, 'VALIDATION_FAILED');
    expect(self.body.details[0].path).toBe('companyId');
    expectError(await invite(a.admin.token, crypto.randomUUID()), 404, 'NOT_FOUND');
    expectError(await invite(a.admin.token, 'nope'), 400, 'VALIDATION_FAILED');
  });

  it('cliente can view but not manage partnerships', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    await makePartners(a, b);
    const c = await addUser(a.company.id, 'cliente');
    expect((await call('GET', '/api/v1/partnerships', { token: c.token })).body.meta.total).toBe(1);
    expectError(await invite(c.token, b.company.id), 403, 'FORBIDDEN');
  });

  it('filters by status and lets staff see all', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const c = await registerCompany();
    await makePartners(a, b);
    await invite(a.admin.token, c.company.id);
    const active = await call('GET', '/api/v1/partnerships?status=active', { token: a.admin.token });
    expect(active.body.data.map((p: { status: string }) => p.status)).toEqual(['active']);
    const both = await call('GET', '/api/v1/partnerships?status=active,pending', { token: a.admin.token });
    expect(both.body.meta.total).toBe(2);
    const staff = await addStaff('admin');
    const all = await call('GET', '/api/v1/partnerships?limit=100', { token: staff.token });
    expect(all.body.meta.total).toBeGreaterThanOrEqual(2);
  });

  it('lets exactly one of two concurrent answers win, and records exactly one event', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const id = (await invite(a.admin.token, b.company.id)).body.data.id;
    const second = await addUser(b.company.id, 'admin_empresa');
    const results = await Promise.all([
      call('POST', `/api/v1/partnerships/${id}/accept`, { token: b.admin.token }),
      call('POST', `/api/v1/partnerships/${id}/decline`, { token: second.token }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const rows = await env.DB.prepare(
      "SELECT type FROM events WHERE json_extract(data, '$.partnershipId') = ? AND type != 'partnerships.invite.sent'",
    )
      .bind(id)
      .all<{ type: string }>();
    expect(rows.results).toHaveLength(1);
    const winner = results.find((r) => r.status === 200)!;
    expect(rows.results[0]!.type).toBe(winner.body.data.status === 'active' ? 'partnerships.partnership.accepted' : 'partnerships.partnership.declined');
  });

  it('records partnership events in the outbox with the other company as recipient', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const id = await makePartners(a, b);
    const rows = await env.DB.prepare(
      "SELECT type, company_id, partner_company_ids FROM events WHERE json_extract(data, '$.partnershipId') = ? ORDER BY created_at",
    )
      .bind(id)
      .all<{ type: string; company_id: string; partner_company_ids: string }>();
    expect(rows.results.map((r) => [r.type, r.company_id, JSON.parse(r.partner_company_ids)])).toEqual([
      ['partnerships.invite.sent', a.company.id, [b.company.id]],
      ['partnerships.partnership.accepted', b.company.id, [a.company.id]],
    ]);
  });
});
