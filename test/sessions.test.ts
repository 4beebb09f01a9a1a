import { describe, expect, it } from 'vitest';
import { call, registerCompany } from './helpers';

const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32,64}$/;

describe('D1 sessions (read replicas with read-your-writes)', () => {
  it('returns a bookmark with every answer; sending it back reads the write it followed, and bookmarks only grow', async () => {
    const t = await registerCompany();
    const first = await call('POST', '/api/v1/jobs', { token: t.admin.token, body: { title: 'Bookmark one', description: 'Read your own writes.', types: ['internal'], vacancies: 1 } });
    const b1 = first.headers.get('x-d1-bookmark')!;
    expect(b1).toMatch(BOOKMARK);
    const read = await call('GET', `/api/v1/jobs/${first.body.data.id}`, { token: t.admin.token, headers: { 'x-d1-bookmark': b1 } });
    expect(read.status).toBe(200);
    expect(read.body.data.title).toBe('Bookmark one');
    expect(read.headers.get('x-d1-bookmark')! >= b1).toBe(true);
    const second = await call('POST', '/api/v1/jobs', { token: t.admin.token, headers: { 'x-d1-bookmark': b1 }, body: { title: 'Bookmark two', description: 'Read your own writes.', types: ['internal'], vacancies: 1 } });
    const b2 = second.headers.get('x-d1-bookmark')!;
    expect(b2 > b1).toBe(true);
    const list = await call('GET', `/api/v1/jobs?companyId=${t.company.id}`, { token: t.admin.token, headers: { 'x-d1-bookmark': b2 } });
    expect(list.body.data.map((j: { title: string }) => j.title)).toEqual(['Bookmark two', 'Bookmark one']);
  });

  it('ignores a bookmark it cannot use, and lets browsers read the header', async () => {
    for (const bad of ['nonsense', 'ffffffff-ffffffff-ffffffff-' + 'f'.repeat(32) + 'zz']) {
      const res = await call('GET', '/api/v1/jobs', { headers: { 'x-d1-bookmark': bad } });
      expect(res.status).toBe(200);
    }
    const cors = await call('GET', '/api/v1/jobs', { headers: { origin: 'https://app.example.com' } });
    expect(cors.headers.get('access-control-expose-headers')).toMatch(/X-D1-Bookmark/i);
  });
});
