import { describe, expect, it } from 'vitest';
import { addStaff, addUser, call, expectError, registerCompany } from './helpers';

describe('settings', () => {
  it('are readable by any authenticated user and not by anonymous callers', async () => {
    const a = await registerCompany();
    const c = await addUser(a.company.id, 'cliente');
    const res = await call('GET', '/api/v1/settings', { token: c.token });
    expect(res.status).toBe(200);
    expect(typeof res.body.data.serviceFeePercent).toBe('number');
    expectError(await call('GET', '/api/v1/settings'), 401, 'UNAUTHENTICATED');
  });

  it('are writable by staff only, and the change is visible at once', async () => {
    const a = await registerCompany();
    expectError(await call('PATCH', '/api/v1/settings', { token: a.admin.token, body: { serviceFeePercent: 1 } }), 403, 'FORBIDDEN');
    const dev = await addStaff('DEV');
    const res = await call('PATCH', '/api/v1/settings', { token: dev.token, body: { serviceFeePercent: 7.5, defaultCurrency: 'BRL' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ serviceFeePercent: 7.5, defaultCurrency: 'BRL', updatedBy: dev.user.id });
    const read = await call('GET', '/api/v1/settings', { token: a.admin.token });
    expect(read.body.data).toMatchObject({ serviceFeePercent: 7.5, defaultCurrency: 'BRL' });
  });

  it('validate values and refuse unknown fields', async () => {
    const admin = await addStaff('admin');
    for (const body of [{ serviceFeePercent: 101 }, { serviceFeePercent: 50.5 }, { serviceFeePercent: -1 }, { serviceFeePercent: '5' }, { defaultCurrency: 'euro' }, { foo: 1 }, {}]) {
      expectError(await call('PATCH', '/api/v1/settings', { token: admin.token, body }), 400, 'VALIDATION_FAILED');
    }
  });
});
