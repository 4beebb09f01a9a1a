import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { recordingD1 } from './d1-probe';
import { addStaff, addUser, call, expectError, makePartners, registerCompany, type Tenant } from './helpers';

type JobType = 'public' | 'internal' | 'partners';

const jobBody = (over: Record<string, unknown> = {}) => ({
  title: 'Maintenance technician',
  description: 'Keep our HVAC and electrical systems running.',
  types: ['public'] as JobType[],
  requiredSkills: ['hvac'],
  vacancies: 2,
  ...over,
});

async function postJob(t: Tenant, over: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/v1/jobs', { token: t.admin.token, body: jobBody(over) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: string; title: string; status: string; types: JobType[] };
}

/** One job of each type for a company, plus a closed public one. */
async function jobSet(t: Tenant) {
  return {
    pub: await postJob(t, { types: ['public'], title: 'Public role' }),
    internal: await postJob(t, { types: ['internal'], title: 'Internal role' }),
    partners: await postJob(t, { types: ['partners'], title: 'Partners role' }),
    closed: await (async () => {
      const j = await postJob(t, { types: ['public'], title: 'Closed role' });
      await call('PATCH', `/api/v1/jobs/${j.id}`, { token: t.admin.token, body: { status: 'closed' } });
      return j;
    })(),
  };
}

const visibleIds = async (token: string | undefined, companyId: string) => {
  const res = await call('GET', `/api/v1/jobs?companyId=${companyId}&limit=100`, { token });
  expect(res.status).toBe(200);
  return new Set<string>(res.body.data.map((j: { id: string }) => j.id));
};

describe('job visibility matrix (list, get, search, apply)', () => {
  it('applies the rule for anonymous, own company, unrelated, pending/active/ended partner, and staff', async () => {
    const owner = await registerCompany();
    const jobs = await jobSet(owner);
    const unrelated = await registerCompany();
    const pendingPartner = await registerCompany();
    const partner = await registerCompany();
    await call('POST', '/api/v1/partnerships', { token: owner.admin.token, body: { companyId: pendingPartner.company.id } });
    const partnershipId = await makePartners(owner, partner);
    const staff = await addStaff('admin');
    const member = await addUser(owner.company.id, 'cliente');

    const expectations: [string, string | undefined, (keyof typeof jobs)[]][] = [
      ['anonymous', undefined, ['pub']],
      ['own admin', owner.admin.token, ['pub', 'internal', 'partners', 'closed']],
      ['own member', member.token, ['pub', 'internal', 'partners', 'closed']],
      ['unrelated company', unrelated.admin.token, ['pub']],
      ['pending partner', pendingPartner.admin.token, ['pub']],
      ['active partner', partner.admin.token, ['pub', 'partners']],
      ['staff', staff.token, ['pub', 'internal', 'partners', 'closed']],
    ];
    for (const [who, token, visible] of expectations) {
      const listed = await visibleIds(token, owner.company.id);
      for (const key of Object.keys(jobs) as (keyof typeof jobs)[]) {
        const shouldSee = visible.includes(key);
        expect(listed.has(jobs[key].id), `${who} list ${key}`).toBe(shouldSee);
        const get = await call('GET', `/api/v1/jobs/${jobs[key].id}`, { token });
        expect(get.status, `${who} get ${key}`).toBe(shouldSee ? 200 : 404);
        const search = await call('GET', `/api/v1/jobs?search=${encodeURIComponent(jobs[key].title)}&companyId=${owner.company.id}`, { token });
        expect(search.body.data.some((j: { id: string }) => j.id === jobs[key].id), `${who} search ${key}`).toBe(shouldSee);
      }
    }

    // Apply follows the same rule: invisible → 404; visible but closed → 409.
    expectError(await call('POST', `/api/v1/jobs/${jobs.internal.id}/apply`, { token: unrelated.admin.token, body: {} }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/v1/jobs/${jobs.partners.id}/apply`, { token: pendingPartner.admin.token, body: {} }), 404, 'NOT_FOUND');
    expect((await call('POST', `/api/v1/jobs/${jobs.partners.id}/apply`, { token: partner.admin.token, body: {} })).status).toBe(201);
    expectError(await call('POST', `/api/v1/jobs/${jobs.closed.id}/apply`, { token: member.token, body: {} }), 409, 'CONFLICT');
    expectError(await call('POST', `/api/v1/jobs/${jobs.pub.id}/apply`, { body: {} }), 401, 'UNAUTHENTICATED');

    // Ending the partnership hides partner jobs at once.
    await call('DELETE', `/api/v1/partnerships/${partnershipId}`, { token: partner.admin.token });
    expect((await visibleIds(partner.admin.token, owner.company.id)).has(jobs.partners.id)).toBe(false);
    expectError(await call('GET', `/api/v1/jobs/${jobs.partners.id}`, { token: partner.admin.token }), 404, 'NOT_FOUND');
  });

  it('shows a job typed public+partners to anonymous visitors too, once', async () => {
    const owner = await registerCompany();
    const partner = await registerCompany();
    await makePartners(owner, partner);
    const both = await postJob(owner, { types: ['public', 'partners'] });
    const listed = await call('GET', `/api/v1/jobs?companyId=${owner.company.id}`, { token: partner.admin.token });
    expect(listed.body.data.filter((j: { id: string }) => j.id === both.id)).toHaveLength(1);
    expect(listed.body.meta.total).toBe(1);
    expect((await visibleIds(undefined, owner.company.id)).has(both.id)).toBe(true);
  });
});

describe('POST /jobs', () => {
  it('creates an open job with audit fields, for admin_empresa and staff; cliente is 403', async () => {
    const t = await registerCompany();
    const job = await postJob(t, { types: ['internal', 'partners'], isSpecialized: true });
    expect(job).toMatchObject({ status: 'open', types: ['internal', 'partners'], companyId: t.company.id, companyName: t.company.name, createdBy: t.admin.user.id, isSpecialized: true });
    const c = await addUser(t.company.id, 'cliente');
    expectError(await call('POST', '/api/v1/jobs', { token: c.token, body: jobBody() }), 403, 'FORBIDDEN');
    expectError(await call('POST', '/api/v1/jobs', { body: jobBody() }), 401, 'UNAUTHENTICATED');
  });

  it.each([
    ['title too short', { title: 'ab' }, 'title'],
    ['title too long', { title: 'x'.repeat(201) }, 'title'],
    ['description too short', { description: 'short' }, 'description'],
    ['description too long', { description: 'x'.repeat(10_001) }, 'description'],
    ['no types', { types: [] }, 'types'],
    ['duplicate types', { types: ['public', 'public'] }, 'types'],
    ['unknown type', { types: ['secret'] }, 'types.0'],
    ['too many types', { types: ['public', 'internal', 'partners', 'public'] }, 'types'],
    ['vacancies 0', { vacancies: 0 }, 'vacancies'],
    ['vacancies 1001', { vacancies: 1001 }, 'vacancies'],
    ['vacancies not integer', { vacancies: 1.5 }, 'vacancies'],
    ['too many skills', { requiredSkills: Array.from({ length: 51 }, (_, i) => `s${i}`) }, 'requiredSkills'],
    ['skill too long', { requiredSkills: ['x'.repeat(51)] }, 'requiredSkills.0'],
    ['empty skill', { requiredSkills: [''] }, 'requiredSkills.0'],
    ['status on create', { status: 'filled' }, '(root)'],
    ['companyId mass assignment', { companyId: crypto.randomUUID() }, '(root)'],
  ])('%s → 400', async (_name, over, path) => {
    const t = await registerCompany();
    const res = await call('POST', '/api/v1/jobs', { token: t.admin.token, body: jobBody(over) });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect((await call('GET', `/api/v1/jobs?companyId=${t.company.id}`, { token: t.admin.token })).body.meta.total).toBe(0);
  });
});

describe('PATCH and DELETE /jobs/:id', () => {
  it('updates fields, closes and reopens', async () => {
    const t = await registerCompany();
    const job = await postJob(t);
    const res = await call('PATCH', `/api/v1/jobs/${job.id}`, { token: t.admin.token, body: { title: 'Senior technician', types: ['internal'], vacancies: 3 } });
    expect(res.body.data).toMatchObject({ title: 'Senior technician', types: ['internal'], vacancies: 3, updatedBy: t.admin.user.id });
    expect((await call('PATCH', `/api/v1/jobs/${job.id}`, { token: t.admin.token, body: { status: 'closed' } })).body.data.status).toBe('closed');
    expect((await call('PATCH', `/api/v1/jobs/${job.id}`, { token: t.admin.token, body: { status: 'open' } })).body.data.status).toBe('open');
    expectError(await call('PATCH', `/api/v1/jobs/${job.id}`, { token: t.admin.token, body: { status: 'filled' } }), 400, 'VALIDATION_FAILED');
  });

  it("is 403 on another company's visible job, 404 on an invisible one, and changes nothing", async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const pub = await postJob(b, { types: ['public'] });
    const internal = await postJob(b, { types: ['internal'] });
    expectError(await call('PATCH', `/api/v1/jobs/${pub.id}`, { token: a.admin.token, body: { title: 'Hijacked' } }), 403, 'FORBIDDEN');
    expectError(await call('DELETE', `/api/v1/jobs/${pub.id}`, { token: a.admin.token }), 403, 'FORBIDDEN');
    expectError(await call('PATCH', `/api/v1/jobs/${internal.id}`, { token: a.admin.token, body: { title: 'Hijacked' } }), 404, 'NOT_FOUND');
    expectError(await call('DELETE', `/api/v1/jobs/${internal.id}`, { token: a.admin.token }), 404, 'NOT_FOUND');
    const after = await call('GET', `/api/v1/jobs/${pub.id}`, { token: b.admin.token });
    expect(after.body.data).toMatchObject({ title: pub.title, companyName: b.company.name });
  });

  it('soft-deletes: gone from list, get and search', async () => {
    const t = await registerCompany();
    const job = await postJob(t, { title: 'Zyxwv unique title' });
    expect((await call('DELETE', `/api/v1/jobs/${job.id}`, { token: t.admin.token })).status).toBe(200);
    expectError(await call('GET', `/api/v1/jobs/${job.id}`, { token: t.admin.token }), 404, 'NOT_FOUND');
    expect((await call('GET', '/api/v1/jobs?search=Zyxwv', { token: t.admin.token })).body.data).toEqual([]);
    expectError(await call('DELETE', `/api/v1/jobs/${job.id}`, { token: t.admin.token }), 404, 'NOT_FOUND');
  });

  it('refuses mass assignment of companyId, id and audit fields', async () => {
    const a = await registerCompany();
    const b = await registerCompany();
    const job = await postJob(a);
    for (const body of [{ companyId: b.company.id }, { id: crypto.randomUUID() }, { createdBy: b.admin.user.id }]) {
      expectError(await call('PATCH', `/api/v1/jobs/${job.id}`, { token: a.admin.token, body }), 400, 'VALIDATION_FAILED');
    }
    expect((await call('GET', `/api/v1/jobs/${job.id}`, { token: a.admin.token })).body.data.companyId).toBe(a.company.id);
  });
});

describe('applications', () => {
  it('apply once (409 the second time), review, and fill the job when vacancies are reached', async () => {
    const owner = await registerCompany();
    const job = await postJob(owner, { vacancies: 1 });
    const a = await registerCompany();
    const b = await registerCompany();
    const first = await call('POST', `/api/v1/jobs/${job.id}/apply`, { token: a.admin.token, body: { coverLetter: 'Hire me' } });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ status: 'pending', jobId: job.id, applicantId: a.admin.user.id, coverLetter: 'Hire me' });
    expectError(await call('POST', `/api/v1/jobs/${job.id}/apply`, { token: a.admin.token, body: {} }), 409, 'CONFLICT');
    const second = await call('POST', `/api/v1/jobs/${job.id}/apply`, { token: b.admin.token, body: {} });

    const listed = await call('GET', `/api/v1/jobs/${job.id}/applications`, { token: owner.admin.token });
    expect(listed.body.meta).toMatchObject({ total: 2, accepted: 0, vacanciesLeft: 1 });
    expect(listed.body.data[0].applicantName).toBeTruthy();
    // The reviewer sees who applied from which company, and their skills next to the job's.
    expect(listed.body.data.find((x: { id: string }) => x.id === first.body.data.id)).toMatchObject({ applicantCompanyName: a.company.name, applicantSkills: [] });
    const pending = await call('GET', '/api/v1/applications/pending-counts', { token: owner.admin.token });
    expect(pending.body.data).toEqual([{ jobId: job.id, pending: 2 }]);
    expect((await call('GET', '/api/v1/applications/pending-counts', { token: a.admin.token })).body.data).toEqual([]);

    const accepted = await call('PATCH', `/api/v1/jobs/${job.id}/applications/${first.body.data.id}`, { token: owner.admin.token, body: { status: 'accepted' } });
    expect(accepted.body.data).toMatchObject({ status: 'accepted', jobStatus: 'filled', reviewedBy: owner.admin.user.id });
    expect((await call('GET', `/api/v1/jobs/${job.id}`, { token: owner.admin.token })).body.data.status).toBe('filled');
    expectError(await call('PATCH', `/api/v1/jobs/${job.id}/applications/${first.body.data.id}`, { token: owner.admin.token, body: { status: 'rejected' } }), 409, 'CONFLICT');
    expectError(await call('PATCH', `/api/v1/jobs/${job.id}/applications/${second.body.data.id}`, { token: owner.admin.token, body: { status: 'accepted' } }), 409, 'CONFLICT');
    expect((await call('PATCH', `/api/v1/jobs/${job.id}/applications/${second.body.data.id}`, { token: owner.admin.token, body: { status: 'rejected' } })).status).toBe(200);

    // A filled job is invisible to other companies and refuses applications from its own.
    const colleague = await addUser(owner.company.id, 'cliente');
    expectError(await call('POST', `/api/v1/jobs/${job.id}/apply`, { token: colleague.token, body: {} }), 409, 'CONFLICT');
    expectError(await call('PATCH', `/api/v1/jobs/${job.id}`, { token: owner.admin.token, body: { status: 'open' } }), 409, 'CONFLICT');
    expect((await call('PATCH', `/api/v1/jobs/${job.id}`, { token: owner.admin.token, body: { status: 'open', vacancies: 2 } })).body.data.status).toBe('open');

    const received = await call('GET', '/api/v1/applications/received?status=pending,rejected', { token: owner.admin.token });
    expect(received.body.data.map((r: { applicantId: string }) => r.applicantId)).toEqual([b.admin.user.id]);
    expect(received.body.data[0]).toMatchObject({ jobTitle: job.title, status: 'rejected' });
    expect((await call('GET', '/api/v1/applications/received', { token: a.admin.token })).body.meta.total).toBe(0);
    const mine = await call('GET', '/api/v1/applications/mine', { token: a.admin.token });
    expect(mine.body.data).toEqual([expect.objectContaining({ jobId: job.id, status: 'accepted', jobTitle: job.title })]);
  });

  it('only the job company reviews: another company is 403 (visible job) or 404 (invisible job); cliente is 403', async () => {
    const owner = await registerCompany();
    const pub = await postJob(owner, { types: ['public'] });
    const internal = await postJob(owner, { types: ['internal'] });
    const other = await registerCompany();
    const app = await call('POST', `/api/v1/jobs/${pub.id}/apply`, { token: other.admin.token, body: {} });
    expectError(await call('GET', `/api/v1/jobs/${pub.id}/applications`, { token: other.admin.token }), 403, 'FORBIDDEN');
    expectError(await call('PATCH', `/api/v1/jobs/${pub.id}/applications/${app.body.data.id}`, { token: other.admin.token, body: { status: 'accepted' } }), 403, 'FORBIDDEN');
    expectError(await call('GET', `/api/v1/jobs/${internal.id}/applications`, { token: other.admin.token }), 404, 'NOT_FOUND');
    const c = await addUser(owner.company.id, 'cliente');
    expectError(await call('GET', `/api/v1/jobs/${pub.id}/applications`, { token: c.token }), 403, 'FORBIDDEN');
    // An application id from another job is 404 on this one.
    expectError(await call('PATCH', `/api/v1/jobs/${internal.id}/applications/${app.body.data.id}`, { token: owner.admin.token, body: { status: 'accepted' } }), 404, 'NOT_FOUND');
    expectError(await call('PATCH', `/api/v1/jobs/${pub.id}/applications/${app.body.data.id}`, { token: owner.admin.token, body: { status: 'maybe' } }), 400, 'VALIDATION_FAILED');
    expect((await call('GET', '/api/v1/applications/mine', { token: owner.admin.token })).body.data).toEqual([]);
  });
});

describe('list rules and search', () => {
  it('paginates with correct totals, sorts, filters and refuses unknown sortBy', async () => {
    const t = await registerCompany();
    for (let i = 0; i < 5; i++) await postJob(t, { title: `Job number ${i}`, vacancies: i + 1, types: i % 2 ? ['internal'] : ['public'], isSpecialized: i === 4 });
    const base = `/api/v1/jobs?companyId=${t.company.id}`;
    const p1 = await call('GET', `${base}&limit=2&page=1&sortBy=vacancies&sortOrder=asc`, { token: t.admin.token });
    expect(p1.body.meta).toEqual({ total: 5, page: 1, limit: 2, totalPages: 3 });
    expect(p1.body.data.map((j: { vacancies: number }) => j.vacancies)).toEqual([1, 2]);
    const p3 = await call('GET', `${base}&limit=2&page=3&sortBy=vacancies&sortOrder=asc`, { token: t.admin.token });
    expect(p3.body.data.map((j: { vacancies: number }) => j.vacancies)).toEqual([5]);
    const past = await call('GET', `${base}&limit=2&page=9`, { token: t.admin.token });
    expect(past.body).toMatchObject({ data: [], meta: { total: 5, totalPages: 3 } });
    expect((await call('GET', `${base}&types=internal`, { token: t.admin.token })).body.meta.total).toBe(2);
    expect((await call('GET', `${base}&types=internal,public`, { token: t.admin.token })).body.meta.total).toBe(5);
    expect((await call('GET', `${base}&isSpecialized=true`, { token: t.admin.token })).body.meta.total).toBe(1);
    const byTitle = await call('GET', `${base}&sortBy=title&sortOrder=desc`, { token: t.admin.token });
    expect(byTitle.body.data[0].title).toBe('Job number 4');
    expectError(await call('GET', `${base}&sortBy=salary`), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', `${base}&types=secret`), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', `${base}&status=archived`), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/jobs?search=%22%2A%28'), 400, 'VALIDATION_FAILED');
  });

  it('folds accents and case, and ranks title matches first', async () => {
    const t = await registerCompany();
    const tech = await postJob(t, { title: 'Técnico de manutenção', description: 'Manutenção preventiva de máquinas industriais.' });
    const other = await postJob(t, { title: 'Operador de empilhadeira', description: 'Apoio ao técnico responsável pelo armazém.' });
    const res = await call('GET', `/api/v1/jobs?search=${encodeURIComponent('TECNICO')}&companyId=${t.company.id}`);
    expect(res.body.data.map((j: { id: string }) => j.id)).toEqual([tech.id, other.id]);
    // With sortBy, the matches come in that order instead of by relevance.
    const byTitle = await call('GET', `/api/v1/jobs?search=tecnico&sortBy=title&sortOrder=asc&companyId=${t.company.id}`);
    expect(byTitle.body.data.map((j: { id: string }) => j.id)).toEqual([other.id, tech.id]);
    expect(byTitle.body.meta).toEqual({ total: 2, page: 1, limit: 20, totalPages: 1 });
    const both = await call('GET', `/api/v1/jobs?search=tecnico%20manutencao&companyId=${t.company.id}`);
    expect(both.body.data.map((j: { id: string }) => j.id)).toEqual([tech.id]);
    const skills = await postJob(t, { title: 'Electrician', requiredSkills: ['soldering'] });
    const bySkill = await call('GET', `/api/v1/jobs?search=solder&companyId=${t.company.id}`);
    expect(bySkill.body.data.map((j: { id: string }) => j.id)).toEqual([skills.id]);
    // An edit re-indexes.
    await call('PATCH', `/api/v1/jobs/${skills.id}`, { token: t.admin.token, body: { requiredSkills: ['plumbing'] } });
    expect((await call('GET', `/api/v1/jobs?search=solder&companyId=${t.company.id}`)).body.data).toEqual([]);
  });

  it('counts a search exactly up to 30 matches past the page, then estimates and says so', async () => {
    const t = await registerCompany();
    const word = `Wombat${crypto.randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 40; i++) await postJob(t, { title: `${word} operator ${i}` });
    const base = `/api/v1/jobs?search=${word}&limit=5`;
    // Page 1 counts up to 5 + 30 = 35 matches: 40 exist, so the total is an estimate (never below what was counted).
    const broad = await call('GET', base);
    expect(broad.body.data).toHaveLength(5);
    expect(broad.body.meta.totalEstimated).toBe(true);
    expect(broad.body.meta.total).toBeGreaterThanOrEqual(35);
    // Deeper pages count further: from page 3 (cap 10 + 5 + 30 = 45 > 40) the total is exact, and paging ends there.
    const seen = new Set<string>();
    for (let page = 1; page <= 8; page++) {
      const res = await call('GET', `${base}&page=${page}`);
      for (const j of res.body.data) seen.add(j.id);
      if (page >= 3) expect(res.body.meta, `page ${page}`).toEqual({ total: 40, page, limit: 5, totalPages: 8 });
    }
    expect(seen.size).toBe(40);
    // A narrower search is counted exactly and not flagged.
    const narrow = await call('GET', `/api/v1/jobs?search=${word}%20operator%2039&limit=5`);
    expect(narrow.body.meta).toEqual({ total: 1, page: 1, limit: 5, totalPages: 1 });
  }, 30_000);
});

describe('events', () => {
  it('records job and application events in the outbox; partner fan-out only for partner jobs', async () => {
    const owner = await registerCompany();
    const partner = await registerCompany();
    await makePartners(owner, partner);
    const shared = await postJob(owner, { types: ['partners'] });
    const pub = await postJob(owner, { types: ['public'] });
    const rows = await env.DB.prepare(
      "SELECT json_extract(data, '$.jobId') AS job, partner_company_ids AS partners FROM events WHERE type = 'jobs.job.created' AND company_id = ?",
    )
      .bind(owner.company.id)
      .all<{ job: string; partners: string }>();
    const byJob = Object.fromEntries(rows.results.map((r) => [r.job, JSON.parse(r.partners)]));
    expect(byJob[shared.id]).toEqual([partner.company.id]);
    expect(byJob[pub.id]).toEqual([]);
  });
});

describe('query plans', () => {
  const plan = async (sqlText: string, params: unknown[]) => {
    const res = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).bind(...params).all<{ detail: string }>();
    return res.results.map((r) => r.detail);
  };

  it('never table-scans jobs for any list filter or viewer (index searches only, except staff browsing everything)', async () => {
    const owner = await registerCompany();
    const partner = await registerCompany();
    await makePartners(owner, partner);
    await postJob(owner, { types: ['partners'] });
    const staff = await addStaff('DEV');
    const { listJobs } = await import('../src/modules/jobs/jobs.queries');
    const { jobListQuery } = await import('../src/modules/jobs/jobs.schemas');
    const { scopeOf } = await import('../src/core/tenancy/scope');
    // Capture the SQL the list issues.
    const { db, statements: captured } = recordingD1();
    const viewers = { anonymous: undefined, member: { ...partner.admin.user, exp: 0 }, staff: { ...staff.user, exp: 0 } };
    const filters: Record<string, string>[] = [
      {},
      { status: 'open' },
      { types: 'partners,internal' },
      { companyId: owner.company.id },
      { isSpecialized: 'true' },
      { search: 'technician' },
      { sortBy: 'title' },
      { sortBy: 'vacancies', sortOrder: 'asc' },
    ];
    const offenders: string[] = [];
    for (const [who, viewer] of Object.entries(viewers)) {
      for (const f of filters) {
        captured.length = 0;
        await listJobs(db, scopeOf(viewer as never), jobListQuery.parse(f));

        expect(captured.length).toBeGreaterThan(0);
        for (const q of captured) {
          for (const line of await plan(q.sql, q.params)) {
            // Never a table scan. Staff see every job, so an ordered index walk is their unfiltered list's floor;
            // any other viewer must be served by index searches only.
            const tableScan = /^SCAN (jobs|applications)\b(?! USING (COVERING )?INDEX)/.test(line);
            const anyScan = /^SCAN (jobs|applications)\b/.test(line);
            if (tableScan || (anyScan && who !== 'staff')) offenders.push(`${who} ${JSON.stringify(f)}: ${line}`);
          }
        }
      }
    }
    expect(offenders.join('\n')).toBe('');
  });

  it('uses indexes for application lists', async () => {
    const byJob = await plan("SELECT * FROM applications WHERE job_id = ? AND status IN ('pending') ORDER BY created_at DESC LIMIT 20", ['x']);
    const mine = await plan('SELECT * FROM applications WHERE applicant_id = ? ORDER BY created_at DESC LIMIT 20', ['x']);
    expect([...byJob, ...mine].filter((l) => /^SCAN applications\b/.test(l))).toEqual([]);
  });
});

describe('list totals (job_counts kept by triggers)', () => {
  it('keep a status change and a delete to a handful of counter rows, however many counters exist', async () => {
    // 25 companies with a job each: ~80 counter rows. Decrements used to scan them all (3,052 rows in the #7 bench).
    const companies = [];
    for (let i = 0; i < 25; i++) companies.push(await registerCompany());
    for (const t of companies) await postJob(t, { types: ['public', 'partners'] });
    const counters = await env.DB.prepare('SELECT count(*) AS n FROM job_counts').first<{ n: number }>();
    expect(counters!.n).toBeGreaterThan(60);
    const job = await postJob(companies[0]!, { types: ['public'] });
    const close = await env.DB.prepare("UPDATE jobs SET status = 'closed' WHERE id = ?").bind(job.id).run();
    const remove = await env.DB.prepare('DELETE FROM jobs WHERE id = ?').bind(job.id).run();
    expect(close.meta.rows_read, 'status change').toBeLessThan(30);
    expect(remove.meta.rows_read, 'delete').toBeLessThan(30);
  }, 30_000);

  it('equal the number of rows actually listed, for every viewer and filter, through updates and deletes', async () => {
    const owner = await registerCompany();
    const partner = await registerCompany();
    const outsider = await registerCompany();
    await makePartners(owner, partner);
    const marker = `Quokka${crypto.randomUUID().slice(0, 8)}`;
    const withMarker = (over: Record<string, unknown>) => postJob(owner, { description: `Keep the ${marker} line running.`, ...over });
    const made = [
      await withMarker({ types: ['public'], isSpecialized: true }),
      await withMarker({ types: ['internal'] }),
      await withMarker({ types: ['partners'] }),
      await withMarker({ types: ['public', 'partners'] }),
      await postJob(partner, { types: ['partners'], title: `${marker} partner job` }),
      await postJob(outsider, { types: ['internal', 'partners'], requiredSkills: [marker] }),
    ];
    const madeIds = new Set(made.map((j) => j.id));
    const staff = await addStaff('DEV');
    const viewers: [string, string | undefined][] = [
      ['anonymous', undefined],
      ['owner', owner.admin.token],
      ['partner', partner.admin.token],
      ['outsider', outsider.admin.token],
      ['staff', staff.token],
    ];
    const filters = ['', 'status=open,closed,filled&types=public,internal,partners&isSpecialized=false', 'status=open', 'status=closed,filled', 'types=partners', 'types=internal,public', 'isSpecialized=true', `companyId=${owner.company.id}`, `companyId=${partner.company.id}&types=partners`];
    const check = async (label: string) => {
      for (const [who, token] of viewers) {
        for (const f of filters) {
          const ids = new Set<string>();
          let total = -1;
          for (let page = 1; page < 50; page++) {
            const res = await call('GET', `/api/v1/jobs?limit=100&page=${page}&${f}`, { token });
            expect(res.status).toBe(200);
            total = res.body.meta.total;
            for (const j of res.body.data) ids.add(j.id);
            if (res.body.data.length < 100) break;
          }
          expect(total, `${label} ${who} ${f}`).toBe(ids.size);
          // A search applies the same rule and filters from the index's tags: it must list exactly the listed jobs
          // that contain the word (every job made here does), with an exact total.
          const found = await call('GET', `/api/v1/jobs?limit=100&search=${marker}&${f}`, { token });
          expect(found.status).toBe(200);
          const expected = [...ids].filter((id) => madeIds.has(id)).sort();
          expect(found.body.data.map((j: { id: string }) => j.id).sort(), `${label} search ${who} ${f}`).toEqual(expected);
          expect(found.body.meta, `${label} search total ${who} ${f}`).toMatchObject({ total: expected.length });
          expect(found.body.meta.totalEstimated).toBeUndefined();
        }
      }
    };
    await check('initial');
    await call('PATCH', `/api/v1/jobs/${made[0]!.id}`, { token: owner.admin.token, body: { status: 'closed', types: ['internal', 'partners'] } });
    await call('PATCH', `/api/v1/jobs/${made[2]!.id}`, { token: owner.admin.token, body: { types: ['public'], isSpecialized: true } });
    await call('DELETE', `/api/v1/jobs/${made[3]!.id}`, { token: owner.admin.token });
    await check('after changes');
    // Ending the partnership hides the partner's shared jobs from list and search at once.
    const partnershipId = (await call('GET', '/api/v1/partnerships', { token: owner.admin.token })).body.data[0].id as string;
    expect((await call('DELETE', `/api/v1/partnerships/${partnershipId}`, { token: owner.admin.token })).status).toBe(200);
    await check('after the partnership ended');
    // A company rename reaches its jobs' companyName.
    await call('PATCH', `/api/v1/companies/${owner.company.id}`, { token: owner.admin.token, body: { name: 'Renamed Owner Co' } });
    expect((await call('GET', `/api/v1/jobs/${made[1]!.id}`, { token: owner.admin.token })).body.data.companyName).toBe('Renamed Owner Co');
  }, 120_000);
});
