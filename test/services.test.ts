import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { scopeOf } from '../src/core/tenancy/scope';
import { listServices } from '../src/modules/services/services.queries';
import { serviceListQuery } from '../src/modules/services/services.schemas';
import { ftsSourceView } from '../src/modules/services/services.visibility';
import { notifications } from '../src/modules/notifications/notifications.table';
import { addStaff, addUser, call, db, expectError, makePartners, registerCompany, type Member, type Tenant } from './helpers';
import { queryPlan, recordingD1 } from './d1-probe';
import { openSocket } from './realtime-helpers';

// Many companies and calls per test on a shared 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

// Let the queue finish this file's events (notifications, live delivery) before the test environment is torn down.
afterAll(async () => {
  for (let i = 0; i < 100; i++) {
    const waiting = await env.DB.prepare('SELECT count(*) AS n FROM events WHERE processed_at IS NULL AND dead_at IS NULL').first<{ n: number }>();
    if (!waiting?.n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}, 15_000);

type ServiceType = 'public' | 'partners';

const serviceBody = (over: Record<string, unknown> = {}) => ({
  title: 'Rooftop HVAC overhaul',
  description: 'Replace two rooftop units and service the ducts of our main warehouse.',
  category: 'hvac',
  budgetMin: 100_000,
  budgetMax: 500_000,
  currency: 'EUR',
  types: ['public'] as ServiceType[],
  ...over,
});

async function postService(t: Tenant, over: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/v1/services', { token: t.admin.token, body: serviceBody(over) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: string; title: string; status: string; currency: string; companyId: string; proposalCount: number };
}

async function propose(t: Tenant, serviceId: string, over: Record<string, unknown> = {}) {
  const res = await call('POST', `/api/v1/services/${serviceId}/proposals`, { token: t.admin.token, body: { price: 250_000, timelineDays: 14, message: 'We can start next week.', ...over } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: string; price: number; feePercent: number; feeAmount: number; netAmount: number; status: string };
}

let staff: Member | undefined;
async function setFee(serviceFeePercent: number) {
  staff ??= await addStaff('admin');
  const res = await call('PATCH', '/api/v1/settings', { token: staff.token, body: { serviceFeePercent } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const ids = (res: { body: { data: { id: string }[] } }) => new Set(res.body.data.map((r) => r.id));
const inbox = (userId: string) => db().select().from(notifications).where(eq(notifications.userId, userId));
const outbox = async (type: string, key: string, value: string) =>
  (
    await env.DB.prepare(`SELECT company_id AS companyId, partner_company_ids AS partners, data FROM events WHERE type = ? AND json_extract(data, '$.${key}') = ?`)
      .bind(type, value)
      .all<{ companyId: string; partners: string; data: string }>()
  ).results.map((r) => ({ companyId: r.companyId, partners: JSON.parse(r.partners) as string[], data: JSON.parse(r.data) as Record<string, unknown> }));

describe('service request visibility (list, get, search, propose)', () => {
  it('mirrors jobs: own always; others only while open, public to everyone signed in, partners to active partners; staff all; ended partnership hides at once', async () => {
    const owner = await registerCompany();
    const marker = `Wombat${crypto.randomUUID().slice(0, 8)}`;
    const made = {
      pub: await postService(owner, { types: ['public'], title: `${marker} public` }),
      partners: await postService(owner, { types: ['partners'], title: `${marker} partners` }),
      both: await postService(owner, { types: ['public', 'partners'], title: `${marker} both` }),
      closed: await (async () => {
        const s = await postService(owner, { types: ['public', 'partners'], title: `${marker} closed` });
        expect((await call('PATCH', `/api/v1/services/${s.id}`, { token: owner.admin.token, body: { status: 'closed' } })).status).toBe(200);
        return s;
      })(),
    };
    const unrelated = await registerCompany();
    const pendingPartner = await registerCompany();
    const partner = await registerCompany();
    const exPartner = await registerCompany();
    await call('POST', '/api/v1/partnerships', { token: owner.admin.token, body: { companyId: pendingPartner.company.id } });
    await makePartners(owner, partner);
    const ended = await makePartners(owner, exPartner);
    expect((await call('DELETE', `/api/v1/partnerships/${ended}`, { token: owner.admin.token })).status).toBe(200);
    const admin = await addStaff('DEV');
    const member = await addUser(owner.company.id, 'cliente');
    const partnerMember = await addUser(partner.company.id, 'cliente');

    const all = Object.keys(made) as (keyof typeof made)[];
    const expectations: [string, string, (keyof typeof made)[]][] = [
      ['own admin', owner.admin.token, all],
      ['own member', member.token, all],
      ['unrelated company', unrelated.admin.token, ['pub', 'both']],
      ['pending partner', pendingPartner.admin.token, ['pub', 'both']],
      ['active partner', partner.admin.token, ['pub', 'partners', 'both']],
      ['active partner member', partnerMember.token, ['pub', 'partners', 'both']],
      ['ended partner', exPartner.admin.token, ['pub', 'both']],
      ['staff', admin.token, all],
    ];
    for (const [who, token, visible] of expectations) {
      const listed = ids(await call('GET', `/api/v1/services?companyId=${owner.company.id}&limit=100`, { token }));
      const unfiltered = ids(await call('GET', '/api/v1/services?limit=100', { token }));
      const found = ids(await call('GET', `/api/v1/services?search=${marker}&limit=100`, { token }));
      for (const key of all) {
        const shouldSee = visible.includes(key);
        expect(listed.has(made[key].id), `${who} list ${key}`).toBe(shouldSee);
        expect(found.has(made[key].id), `${who} search ${key}`).toBe(shouldSee);
        if (!shouldSee) expect(unfiltered.has(made[key].id), `${who} unfiltered list ${key}`).toBe(false);
        const get = await call('GET', `/api/v1/services/${made[key].id}`, { token });
        expect(get.status, `${who} get ${key}`).toBe(shouldSee ? 200 : 404);
      }
    }
    // Anonymous visitors see nothing at all.
    expectError(await call('GET', '/api/v1/services'), 401, 'UNAUTHENTICATED');
    expectError(await call('GET', `/api/v1/services/${made.pub.id}`), 401, 'UNAUTHENTICATED');
    // Proposing follows the same rule: invisible → 404, visible → 201.
    expectError(await call('POST', `/api/v1/services/${made.partners.id}/proposals`, { token: unrelated.admin.token, body: { price: 100, timelineDays: 3, message: 'x' } }), 404, 'NOT_FOUND');
    expect((await call('POST', `/api/v1/services/${made.partners.id}/proposals`, { token: partner.admin.token, body: { price: 100, timelineDays: 3, message: 'x' } })).status).toBe(201);
    // Ending the partnership hides the partners-only request at once.
    const partnership = (await call('GET', '/api/v1/partnerships?limit=100', { token: owner.admin.token })).body.data.find(
      (p: { status: string; requesterCompanyId: string; targetCompanyId: string }) => p.status === 'active' && [p.requesterCompanyId, p.targetCompanyId].includes(partner.company.id),
    );
    expect((await call('DELETE', `/api/v1/partnerships/${partnership.id}`, { token: owner.admin.token })).status).toBe(200);
    expectError(await call('GET', `/api/v1/services/${made.partners.id}`, { token: partner.admin.token }), 404, 'NOT_FOUND');
    expect(ids(await call('GET', `/api/v1/services?companyId=${owner.company.id}`, { token: partner.admin.token })).has(made.partners.id)).toBe(false);
  }, 60_000);

  it('list totals equal the rows listed and searches list exactly the matching rows, for every viewer and filter', async () => {
    const owner = await registerCompany();
    const partner = await registerCompany();
    const outsider = await registerCompany();
    await makePartners(owner, partner);
    const marker = `Quoll${crypto.randomUUID().slice(0, 8)}`;
    const description = `Keep the ${marker} line running, preventive manutenção included.`;
    const made = [
      await postService(owner, { types: ['public'], category: 'electrical', description }),
      await postService(owner, { types: ['partners'], category: 'hvac', description }),
      await postService(owner, { types: ['public', 'partners'], category: 'Plumbing', description }),
      await postService(partner, { types: ['partners'], category: 'hvac', description }),
      await postService(outsider, { types: ['partners'], category: 'electrical', description }),
      await postService(outsider, { types: ['public'], category: 'electrical', description, title: 'Outsider request' }),
    ];
    const closeMe = await postService(owner, { types: ['public'], category: 'hvac', description });
    await call('PATCH', `/api/v1/services/${closeMe.id}`, { token: owner.admin.token, body: { status: 'cancelled' } });
    made.push(closeMe);
    const deleteMe = await postService(partner, { types: ['public'], category: 'hvac', description });
    await call('DELETE', `/api/v1/services/${deleteMe.id}`, { token: partner.admin.token });
    const madeIds = new Set(made.map((s) => s.id));
    const staffMember = await addStaff('admin');
    const viewers: [string, string][] = [
      ['owner', owner.admin.token],
      ['partner', partner.admin.token],
      ['outsider', outsider.admin.token],
      ['staff', staffMember.token],
    ];
    const filters = [
      '',
      'status=open',
      'status=cancelled,awarded,closed',
      'types=partners',
      'types=public',
      'category=hvac',
      'category=plumbing,electrical',
      `companyId=${owner.company.id}`,
      `companyId=${partner.company.id}&types=partners`,
      `companyId=${outsider.company.id}&category=electrical&status=open`,
    ];
    for (const [who, token] of viewers) {
      for (const f of filters) {
        const listed = new Set<string>();
        let total = -1;
        for (let page = 1; page < 50; page++) {
          const res = await call('GET', `/api/v1/services?limit=100&page=${page}&${f}`, { token });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          total = res.body.meta.total;
          for (const s of res.body.data) listed.add(s.id);
          if (res.body.data.length < 100) break;
        }
        expect(total, `total ${who} ${f}`).toBe(listed.size);
        expect(listed.has(deleteMe.id), `deleted ${who} ${f}`).toBe(false);
        // "manutencao" (no accents) matches "manutenção"; the search applies the same rule and filters.
        const found = await call('GET', `/api/v1/services?limit=100&search=${marker}%20manutencao&${f}`, { token });
        const expected = [...listed].filter((id) => madeIds.has(id)).sort();
        expect(found.body.data.map((s: { id: string }) => s.id).sort(), `search ${who} ${f}`).toEqual(expected);
        expect(found.body.meta.total, `search total ${who} ${f}`).toBe(expected.length);
      }
    }
    // Category is matched by the search too.
    const byCategory = await call('GET', `/api/v1/services?search=plumbing%20${marker}`, { token: owner.admin.token });
    expect(byCategory.body.data.map((s: { category: string }) => s.category)).toEqual(['plumbing']);
  }, 120_000);

  it('sorts by deadline and budget (missing values last) and validates list parameters', async () => {
    const t = await registerCompany();
    const soon = new Date(Date.now() + 86_400_000).toISOString();
    const later = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const a = await postService(t, { deadline: later, budgetMax: 900 , budgetMin: 100 });
    const b = await postService(t, { deadline: soon, budgetMax: 300, budgetMin: 100 });
    const c = await postService(t, { budgetMin: undefined, budgetMax: undefined });
    const order = async (qs: string) => (await call('GET', `/api/v1/services?companyId=${t.company.id}&${qs}`, { token: t.admin.token })).body.data.map((s: { id: string }) => s.id);
    expect(await order('sortBy=deadline&sortOrder=asc')).toEqual([b.id, a.id, c.id]);
    expect(await order('sortBy=budgetMax&sortOrder=desc')).toEqual([a.id, b.id, c.id]);
    expectError(await call('GET', '/api/v1/services?sortBy=title', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/services?status=pending', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/services?types=internal', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/services?search=%25%25', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/services?category=*', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
  });
});

describe('POST/PATCH/DELETE /services', () => {
  it('creates with the default currency, validates strictly and requires admin_empresa+', async () => {
    const t = await registerCompany();
    const { currency, ...noCurrency } = serviceBody();
    const created = await call('POST', '/api/v1/services', { token: t.admin.token, body: { ...noCurrency, category: '  HVAC ' } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ companyId: t.company.id, companyName: t.company.name, status: 'open', category: 'hvac', proposalCount: 0, awardedProposalId: null, types: ['public'] });
    expect(created.body.data.currency).toMatch(/^[A-Z]{3}$/);
    expect(currency).toBe('EUR');
    const bad: [string, Record<string, unknown>][] = [
      ['title', { title: 'x' }],
      ['types', { types: [] }],
      ['types.0', { types: ['internal'] }],
      ['budgetMin', { budgetMin: 900, budgetMax: 100 }],
      ['budgetMax', { budgetMax: 10.5 }],
      ['currency', { currency: 'euro' }],
      ['category', { category: '**' }],
      ['deadline', { deadline: '2020-01-01T00:00:00Z' }],
      ['companyId', { companyId: crypto.randomUUID() }],
    ];
    for (const [path, over] of bad) {
      const res = await call('POST', '/api/v1/services', { token: t.admin.token, body: serviceBody(over) });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(res.body.details ?? res.body.error), path).toContain(path === 'companyId' ? '' : path.split('.')[0]!);
    }
    const member = await addUser(t.company.id, 'cliente');
    expectError(await call('POST', '/api/v1/services', { token: member.token, body: serviceBody() }), 403, 'FORBIDDEN');
    expectError(await call('POST', '/api/v1/services', { body: serviceBody() }), 401, 'UNAUTHENTICATED');
    const listed = await call('GET', `/api/v1/services?companyId=${t.company.id}`, { token: t.admin.token });
    expect(listed.body.meta.total).toBe(1);
  });

  it('PATCH changes an open request; another company gets 403 (visible) or 404; ended requests are 409', async () => {
    const owner = await registerCompany();
    const other = await registerCompany();
    const pub = await postService(owner);
    const partnersOnly = await postService(owner, { types: ['partners'] });
    // budgetMin is checked against the stored budgetMax (500 000) when only one of them changes.
    expectError(await call('PATCH', `/api/v1/services/${pub.id}`, { token: owner.admin.token, body: { budgetMin: 600_000 } }), 400, 'VALIDATION_FAILED');
    const changed = await call('PATCH', `/api/v1/services/${pub.id}`, { token: owner.admin.token, body: { title: 'New title here', types: ['public', 'partners'], budgetMax: null } });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ title: 'New title here', types: ['public', 'partners'], budgetMax: null, status: 'open' });
    expectError(await call('PATCH', `/api/v1/services/${pub.id}`, { token: other.admin.token, body: { status: 'closed' } }), 403, 'FORBIDDEN');
    expectError(await call('PATCH', `/api/v1/services/${partnersOnly.id}`, { token: other.admin.token, body: { status: 'closed' } }), 404, 'NOT_FOUND');
    expectError(await call('PATCH', `/api/v1/services/${pub.id}`, { token: owner.admin.token, body: { status: 'awarded' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('PATCH', `/api/v1/services/${pub.id}`, { token: owner.admin.token, body: {} }), 400, 'VALIDATION_FAILED');
    expectError(await call('PATCH', `/api/v1/services/${pub.id}`, { token: owner.admin.token, body: { budgetMin: 600_000, budgetMax: 1000 } }), 400, 'VALIDATION_FAILED');
    const member = await addUser(owner.company.id, 'cliente');
    expectError(await call('PATCH', `/api/v1/services/${pub.id}`, { token: member.token, body: { status: 'closed' } }), 403, 'FORBIDDEN');

    // Closing rejects the submitted proposals (with events); accepting afterwards is 409; further changes are 409.
    const p = await propose(other, pub.id);
    const closed = await call('PATCH', `/api/v1/services/${pub.id}`, { token: owner.admin.token, body: { status: 'cancelled' } });
    expect(closed.body.data.status).toBe('cancelled');
    const mine = await call('GET', `/api/v1/proposals/mine?serviceId=${pub.id}`, { token: other.admin.token });
    expect(mine.body.data[0]).toMatchObject({ id: p.id, status: 'rejected' });
    expect(await outbox('services.proposal.rejected', 'proposalId', p.id)).toMatchObject([{ companyId: other.company.id, data: { reason: 'ended' } }]);
    expect(await outbox('services.service.closed', 'serviceId', pub.id)).toHaveLength(1);
    expectError(await call('POST', `/api/v1/proposals/${p.id}/accept`, { token: owner.admin.token }), 409, 'CONFLICT');
    expectError(await call('PATCH', `/api/v1/services/${pub.id}`, { token: owner.admin.token, body: { title: 'Too late now' } }), 409, 'CONFLICT');
    // Staff moderate any request.
    const admin = await addStaff('admin');
    expect((await call('PATCH', `/api/v1/services/${partnersOnly.id}`, { token: admin.token, body: { status: 'closed' } })).status).toBe(200);
    // …and may accept a proposal for the requesting company (the matrix's DEV/admin row); the bidder still may not.
    const forStaff = await postService(owner);
    const bid = await propose(other, forStaff.id);
    expectError(await call('POST', `/api/v1/proposals/${bid.id}/accept`, { token: other.admin.token }), 403, 'FORBIDDEN');
    const byStaff = await call('POST', `/api/v1/proposals/${bid.id}/accept`, { token: admin.token });
    expect(byStaff.status, JSON.stringify(byStaff.body)).toBe(200);
    expect(byStaff.body.data.engagement).toMatchObject({ serviceId: forStaff.id, clientCompanyId: owner.company.id, providerCompanyId: other.company.id });
  });

  it('DELETE soft-deletes: 404 for everyone afterwards; others 403/404; cliente 403', async () => {
    const owner = await registerCompany();
    const other = await registerCompany();
    const s = await postService(owner);
    const p = await propose(other, s.id);
    expectError(await call('DELETE', `/api/v1/services/${s.id}`, { token: other.admin.token }), 403, 'FORBIDDEN');
    const member = await addUser(owner.company.id, 'cliente');
    expectError(await call('DELETE', `/api/v1/services/${s.id}`, { token: member.token }), 403, 'FORBIDDEN');
    const del = await call('DELETE', `/api/v1/services/${s.id}`, { token: owner.admin.token });
    expect(del.status).toBe(200);
    for (const token of [owner.admin.token, other.admin.token, (await addStaff('DEV')).token]) {
      expectError(await call('GET', `/api/v1/services/${s.id}`, { token }), 404, 'NOT_FOUND');
    }
    expectError(await call('DELETE', `/api/v1/services/${s.id}`, { token: owner.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/v1/proposals/${p.id}/accept`, { token: owner.admin.token }), 404, 'NOT_FOUND');
    expect((await call('GET', `/api/v1/proposals/mine?serviceId=${s.id}`, { token: other.admin.token })).body.data[0].status).toBe('rejected');
  });
});

describe('proposals', () => {
  it('submits with the current fee; own request 403; duplicates 409; currency must match; cliente 403; withdraw then propose again', async () => {
    await setFee(12.5);
    const owner = await registerCompany();
    const bidder = await registerCompany();
    const s = await postService(owner);
    const p = await propose(bidder, s.id, { price: 123_45 });
    expect(p).toMatchObject({ status: 'submitted', feePercent: 12.5, feeAmount: 1543, netAmount: 12_345 - 1543 });
    expect((await call('GET', `/api/v1/services/${s.id}`, { token: owner.admin.token })).body.data.proposalCount).toBe(1);
    expectError(await call('POST', `/api/v1/services/${s.id}/proposals`, { token: owner.admin.token, body: { price: 100, timelineDays: 1, message: 'me' } }), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/v1/services/${s.id}/proposals`, { token: bidder.admin.token, body: { price: 100, timelineDays: 1, message: 'again' } }), 409, 'CONFLICT');
    const third = await registerCompany();
    const wrong = await call('POST', `/api/v1/services/${s.id}/proposals`, { token: third.admin.token, body: { price: 100, currency: 'USD', timelineDays: 1, message: 'usd' } });
    expectError(wrong, 400, 'VALIDATION_FAILED');
    expect(wrong.body.details[0].path).toBe('currency');
    for (const body of [{ price: 0, timelineDays: 1, message: 'x' }, { price: 1.5, timelineDays: 1, message: 'x' }, { price: 10, timelineDays: 0, message: 'x' }, { price: 10, timelineDays: 1 }, { price: 10, timelineDays: 1, message: 'x', status: 'accepted' }]) {
      expectError(await call('POST', `/api/v1/services/${s.id}/proposals`, { token: third.admin.token, body }), 400, 'VALIDATION_FAILED');
    }
    const thirdMember = await addUser(third.company.id, 'cliente');
    expectError(await call('POST', `/api/v1/services/${s.id}/proposals`, { token: thirdMember.token, body: { price: 100, timelineDays: 1, message: 'x' } }), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/v1/services/${crypto.randomUUID()}/proposals`, { token: third.admin.token, body: { price: 100, timelineDays: 1, message: 'x' } }), 404, 'NOT_FOUND');

    const withdrawn = await call('POST', `/api/v1/proposals/${p.id}/withdraw`, { token: bidder.admin.token });
    expect(withdrawn.body.data.status).toBe('withdrawn');
    expect((await call('GET', `/api/v1/services/${s.id}`, { token: owner.admin.token })).body.data.proposalCount).toBe(0);
    expectError(await call('POST', `/api/v1/proposals/${p.id}/withdraw`, { token: bidder.admin.token }), 409, 'CONFLICT');
    const again = await propose(bidder, s.id, { price: 200 });
    expect(again.id).not.toBe(p.id);
    expect((await call('GET', `/api/v1/services/${s.id}`, { token: owner.admin.token })).body.data.proposalCount).toBe(1);
  });

  it('two concurrent proposals of one company: exactly one is stored, the other 409', async () => {
    const owner = await registerCompany();
    const bidder = await registerCompany();
    const s = await postService(owner);
    const body = { price: 500, timelineDays: 5, message: 'Racing' };
    const results = await Promise.all([0, 1, 2].map(() => call('POST', `/api/v1/services/${s.id}/proposals`, { token: bidder.admin.token, body })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const stored = await env.DB.prepare('SELECT count(*) AS n FROM proposals WHERE service_id = ?').bind(s.id).first<{ n: number }>();
    expect(stored!.n).toBe(1);
  });

  it('lists: requester all (with ratings); a proposer only its own; others 403; invisible 404; /proposals/mine', async () => {
    const owner = await registerCompany();
    const a = await registerCompany();
    const b = await registerCompany();
    const c = await registerCompany();
    const s = await postService(owner);
    const pa = await propose(a, s.id, { price: 300 });
    const pb = await propose(b, s.id, { price: 200 });
    const all = await call('GET', `/api/v1/services/${s.id}/proposals?sortBy=price&sortOrder=asc`, { token: owner.admin.token });
    expect(all.body.data.map((p: { id: string }) => p.id)).toEqual([pb.id, pa.id]);
    expect(all.body.data[0]).toMatchObject({ companyName: b.company.name, rating: { average: null, count: 0 }, serviceTitle: s.title });
    const ownerMember = await addUser(owner.company.id, 'cliente');
    expect((await call('GET', `/api/v1/services/${s.id}/proposals`, { token: ownerMember.token })).body.meta.total).toBe(2);
    const aView = await call('GET', `/api/v1/services/${s.id}/proposals`, { token: a.admin.token });
    expect(aView.body.data.map((p: { id: string }) => p.id)).toEqual([pa.id]);
    expectError(await call('GET', `/api/v1/services/${s.id}/proposals`, { token: c.admin.token }), 403, 'FORBIDDEN');
    const hidden = await postService(owner, { types: ['partners'] });
    expectError(await call('GET', `/api/v1/services/${hidden.id}/proposals`, { token: c.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/v1/services/${s.id}/proposals?status=maybe`, { token: owner.admin.token }), 400, 'VALIDATION_FAILED');
    const mine = await call('GET', '/api/v1/proposals/mine', { token: b.admin.token });
    expect(mine.body.data.map((p: { id: string }) => p.id)).toEqual([pb.id]);
    expect((await call('GET', '/api/v1/proposals/mine', { token: owner.admin.token })).body.data).toEqual([]);
    expectError(await call('GET', '/api/v1/proposals/mine?serviceId=nope', { token: b.admin.token }), 400, 'VALIDATION_FAILED');
  });

  it('PATCH: the proposer while submitted (new price, current fee); the requester 403; others 404', async () => {
    await setFee(10);
    const owner = await registerCompany();
    const bidder = await registerCompany();
    const s = await postService(owner);
    const p = await propose(bidder, s.id, { price: 1000 });
    await setFee(20);
    const changed = await call('PATCH', `/api/v1/proposals/${p.id}`, { token: bidder.admin.token, body: { price: 2000, message: 'Revised offer' } });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ price: 2000, feePercent: 20, feeAmount: 400, netAmount: 1600, message: 'Revised offer' });
    expectError(await call('PATCH', `/api/v1/proposals/${p.id}`, { token: owner.admin.token, body: { price: 1 } }), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/v1/proposals/${p.id}/withdraw`, { token: owner.admin.token }), 403, 'FORBIDDEN');
    const stranger = await registerCompany();
    expectError(await call('PATCH', `/api/v1/proposals/${p.id}`, { token: stranger.admin.token, body: { price: 1 } }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/v1/proposals/${p.id}/withdraw`, { token: stranger.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('PATCH', `/api/v1/proposals/${p.id}`, { token: bidder.admin.token, body: { currency: 'USD' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('PATCH', `/api/v1/proposals/${p.id}`, { token: bidder.admin.token, body: {} }), 400, 'VALIDATION_FAILED');
    const member = await addUser(bidder.company.id, 'cliente');
    expectError(await call('PATCH', `/api/v1/proposals/${p.id}`, { token: member.token, body: { price: 5 } }), 403, 'FORBIDDEN');
    expect(await outbox('services.proposal.updated', 'proposalId', p.id)).toMatchObject([{ companyId: owner.company.id }]);
    await setFee(10);
  });
});

describe('POST /proposals/:id/accept', () => {
  it('in one step: accepted, awarded, the others rejected, an engagement with the fee of that moment, frozen afterwards', async () => {
    await setFee(10);
    const owner = await registerCompany();
    const a = await registerCompany();
    const b = await registerCompany();
    const s = await postService(owner, { types: ['public', 'partners'] });
    await makePartners(owner, b);
    const pa = await propose(a, s.id, { price: 10_005 });
    const pb = await propose(b, s.id, { price: 9_000 });
    const quitter = await registerCompany();
    const withdrawnOne = await propose(quitter, s.id, { price: 1 });
    await call('POST', `/api/v1/proposals/${withdrawnOne.id}/withdraw`, { token: quitter.admin.token });
    await setFee(7.5);

    expectError(await call('POST', `/api/v1/proposals/${pa.id}/accept`, { token: a.admin.token }), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/v1/proposals/${pa.id}/accept`, { token: (await registerCompany()).admin.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/v1/proposals/${pa.id}/accept`, { token: (await addUser(owner.company.id, 'cliente')).token }), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/v1/proposals/${crypto.randomUUID()}/accept`, { token: owner.admin.token }), 404, 'NOT_FOUND');

    const res = await call('POST', `/api/v1/proposals/${pa.id}/accept`, { token: owner.admin.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // round(10005 × 7.5 / 100) = round(750.375) = 750
    expect(res.body.data).toMatchObject({ id: pa.id, status: 'accepted', feePercent: 7.5, feeAmount: 750, netAmount: 9255 });
    const engagement = res.body.data.engagement;
    expect(engagement).toMatchObject({
      serviceId: s.id,
      proposalId: pa.id,
      clientCompanyId: owner.company.id,
      clientCompanyName: owner.company.name,
      providerCompanyId: a.company.id,
      providerCompanyName: a.company.name,
      title: s.title,
      price: 10_005,
      currency: 'EUR',
      feePercent: 7.5,
      feeAmount: 750,
      netAmount: 9255,
      status: 'active',
      completedAt: null,
    });
    const service = (await call('GET', `/api/v1/services/${s.id}`, { token: owner.admin.token })).body.data;
    expect(service).toMatchObject({ status: 'awarded', awardedProposalId: pa.id });
    const proposals = (await call('GET', `/api/v1/services/${s.id}/proposals`, { token: owner.admin.token })).body.data;
    expect(Object.fromEntries(proposals.map((p: { id: string; status: string }) => [p.id, p.status]))).toEqual({ [pa.id]: 'accepted', [pb.id]: 'rejected', [withdrawnOne.id]: 'withdrawn' });
    // Awarded: no longer visible to other companies (open only), no more proposals, a second accept is 409.
    expectError(await call('GET', `/api/v1/services/${s.id}`, { token: b.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/v1/proposals/${pb.id}/accept`, { token: owner.admin.token }), 409, 'CONFLICT');
    expectError(await call('POST', `/api/v1/proposals/${pa.id}/withdraw`, { token: a.admin.token }), 409, 'CONFLICT');

    // Events: accepted to the winner, rejected to the other proposer, the award to the requester (with partners).
    expect(await outbox('services.proposal.accepted', 'proposalId', pa.id)).toMatchObject([{ companyId: a.company.id, data: { engagementId: engagement.id, feeAmount: 750 } }]);
    expect(await outbox('services.proposal.rejected', 'proposalId', pb.id)).toMatchObject([{ companyId: b.company.id, data: { reason: 'awarded' } }]);
    expect(await outbox('services.proposal.rejected', 'proposalId', withdrawnOne.id)).toEqual([]);
    const award = (await outbox('services.service.updated', 'serviceId', s.id)).filter((e) => e.data.status === 'awarded');
    expect(award).toMatchObject([{ companyId: owner.company.id, partners: [b.company.id] }]);
    await vi.waitFor(async () => expect((await inbox(a.admin.user.id)).map((n) => n.type)).toContain('services.proposal.accepted'), { timeout: 8000 });
    await vi.waitFor(async () => expect((await inbox(b.admin.user.id)).map((n) => n.type)).toContain('services.proposal.rejected'), { timeout: 8000 });
    await vi.waitFor(async () => expect((await inbox(owner.admin.user.id)).map((n) => n.type)).toContain('services.proposal.submitted'), { timeout: 8000 });
    // The requester's admin is not told about their own accept.
    expect((await inbox(owner.admin.user.id)).map((n) => n.type)).not.toContain('services.proposal.accepted');

    // The fee never changes after acceptance.
    await setFee(30);
    const later = await call('GET', `/api/v1/engagements/${engagement.id}`, { token: a.admin.token });
    expect(later.body.data).toMatchObject({ feePercent: 7.5, feeAmount: 750, netAmount: 9255, price: 10_005 });
    const acceptedNow = (await call('GET', `/api/v1/proposals/mine`, { token: a.admin.token })).body.data[0];
    expect(acceptedNow).toMatchObject({ feePercent: 7.5, feeAmount: 750 });
    await setFee(10);
  }, 60_000);

  it('two concurrent accepts of two different proposals of one request: exactly one engagement, the other 409', async () => {
    for (let round = 0; round < 3; round++) {
      const owner = await registerCompany();
      const s = await postService(owner);
      const bidders = [await registerCompany(), await registerCompany(), await registerCompany()];
      const ps = [];
      for (const b of bidders) ps.push(await propose(b, s.id));
      const results = await Promise.all(ps.map((p) => call('POST', `/api/v1/proposals/${p.id}/accept`, { token: owner.admin.token })));
      expect(results.map((r) => r.status).sort(), JSON.stringify(results.map((r) => r.body))).toEqual([200, 409, 409]);
      const rows = await env.DB.prepare('SELECT count(*) AS n FROM engagements WHERE service_id = ?').bind(s.id).first<{ n: number }>();
      expect(rows!.n).toBe(1);
      const statuses = (await env.DB.prepare('SELECT status FROM proposals WHERE service_id = ? ORDER BY status').bind(s.id).all<{ status: string }>()).results.map((r) => r.status);
      expect(statuses).toEqual(['accepted', 'rejected', 'rejected']);
      const winner = results.find((r) => r.status === 200)!.body.data;
      const accepted = await outbox('services.proposal.accepted', 'serviceId', s.id);
      expect(accepted.map((e) => e.data.proposalId)).toEqual([winner.id]);
    }
  }, 60_000);

  it('the same proposal accepted twice at once: one engagement, one 409', async () => {
    const owner = await registerCompany();
    const bidder = await registerCompany();
    const s = await postService(owner);
    const p = await propose(bidder, s.id);
    const results = await Promise.all([1, 2].map(() => call('POST', `/api/v1/proposals/${p.id}/accept`, { token: owner.admin.token })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const rows = await env.DB.prepare('SELECT count(*) AS n FROM engagements WHERE service_id = ?').bind(s.id).first<{ n: number }>();
    expect(rows!.n).toBe(1);
  });

  it('an accept racing an edit of the proposal never freezes a stale price', async () => {
    const owner = await registerCompany();
    const bidder = await registerCompany();
    const s = await postService(owner);
    const p = await propose(bidder, s.id, { price: 1000 });
    const [accepted, edited] = await Promise.all([
      call('POST', `/api/v1/proposals/${p.id}/accept`, { token: owner.admin.token }),
      call('PATCH', `/api/v1/proposals/${p.id}`, { token: bidder.admin.token, body: { price: 5000 } }),
    ]);
    const engagement = await env.DB.prepare('SELECT price FROM engagements WHERE service_id = ?').bind(s.id).first<{ price: number }>();
    const proposal = await env.DB.prepare('SELECT price, status FROM proposals WHERE id = ?').bind(p.id).first<{ price: number; status: string }>();
    if (accepted.status === 200) expect(engagement!.price).toBe(proposal!.price);
    else {
      expect(accepted.status).toBe(409);
      expect(edited.status).toBe(200);
      expect(engagement).toBeNull();
    }
  });
});

describe('engagements', () => {
  async function engaged() {
    const client = await registerCompany();
    const provider = await registerCompany();
    const s = await postService(client);
    const p = await propose(provider, s.id, { price: 10_000 });
    const res = await call('POST', `/api/v1/proposals/${p.id}/accept`, { token: client.admin.token });
    expect(res.status).toBe(200);
    return { client, provider, engagement: res.body.data.engagement as { id: string } };
  }

  it('lists either side (role filter), hides from others, completes (client only) and then reviews once per side', async () => {
    const { client, provider, engagement } = await engaged();
    const outsider = await registerCompany();
    expect(ids(await call('GET', '/api/v1/engagements', { token: client.admin.token })).has(engagement.id)).toBe(true);
    expect(ids(await call('GET', '/api/v1/engagements?role=provider', { token: client.admin.token })).has(engagement.id)).toBe(false);
    expect(ids(await call('GET', '/api/v1/engagements?role=provider', { token: provider.admin.token })).has(engagement.id)).toBe(true);
    const providerMember = await addUser(provider.company.id, 'cliente');
    expect((await call('GET', `/api/v1/engagements/${engagement.id}`, { token: providerMember.token })).status).toBe(200);
    expect((await call('GET', '/api/v1/engagements', { token: outsider.admin.token })).body.data).toEqual([]);
    expectError(await call('GET', `/api/v1/engagements/${engagement.id}`, { token: outsider.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/v1/engagements?role=buyer', { token: client.admin.token }), 400, 'VALIDATION_FAILED');

    expectError(await call('POST', `/api/v1/engagements/${engagement.id}/review`, { token: client.admin.token, body: { rating: 5 } }), 409, 'CONFLICT');
    expectError(await call('POST', `/api/v1/engagements/${engagement.id}/complete`, { token: provider.admin.token }), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/v1/engagements/${engagement.id}/complete`, { token: outsider.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/v1/engagements/${engagement.id}/complete`, { token: (await addUser(client.company.id, 'cliente')).token }), 403, 'FORBIDDEN');
    const done = await call('POST', `/api/v1/engagements/${engagement.id}/complete`, { token: client.admin.token });
    expect(done.body.data).toMatchObject({ status: 'completed', reviewedByClient: false });
    expect(done.body.data.completedAt).toEqual(expect.any(String));
    expectError(await call('POST', `/api/v1/engagements/${engagement.id}/complete`, { token: client.admin.token }), 409, 'CONFLICT');
    expectError(await call('POST', `/api/v1/engagements/${engagement.id}/cancel`, { token: client.admin.token, body: { reason: 'Changed our mind' } }), 409, 'CONFLICT');

    for (const body of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, {}, { rating: 5, extra: true }]) {
      expectError(await call('POST', `/api/v1/engagements/${engagement.id}/review`, { token: client.admin.token, body }), 400, 'VALIDATION_FAILED');
    }
    expectError(await call('POST', `/api/v1/engagements/${engagement.id}/review`, { token: outsider.admin.token, body: { rating: 1 } }), 404, 'NOT_FOUND');
    const r1 = await call('POST', `/api/v1/engagements/${engagement.id}/review`, { token: client.admin.token, body: { rating: 5, comment: 'Great job' } });
    expect(r1.status).toBe(201);
    expect(r1.body.data).toMatchObject({ engagementId: engagement.id, reviewerCompanyId: client.company.id, revieweeCompanyId: provider.company.id, rating: 5, comment: 'Great job' });
    const dup = await Promise.all([1, 2].map(() => call('POST', `/api/v1/engagements/${engagement.id}/review`, { token: client.admin.token, body: { rating: 1 } })));
    expect(dup.map((r) => r.status)).toEqual([409, 409]);
    expect((await call('POST', `/api/v1/engagements/${engagement.id}/review`, { token: provider.admin.token, body: { rating: 4 } })).status).toBe(201);
    expect((await call('GET', `/api/v1/engagements/${engagement.id}`, { token: client.admin.token })).body.data).toMatchObject({ reviewedByClient: true, reviewedByProvider: true });

    // Ratings (reviews received) in the directory, on proposals and on offerings.
    const second = await engaged();
    // A second engagement for the same provider, rated 2: average (5 + 2) / 2.
    const s2 = await postService(second.client);
    const p2 = await propose(provider, s2.id);
    const e2 = (await call('POST', `/api/v1/proposals/${p2.id}/accept`, { token: second.client.admin.token })).body.data.engagement;
    await call('POST', `/api/v1/engagements/${e2.id}/complete`, { token: second.client.admin.token });
    expect((await call('POST', `/api/v1/engagements/${e2.id}/review`, { token: second.client.admin.token, body: { rating: 2 } })).status).toBe(201);
    const dir = await call('GET', `/api/v1/companies/directory?search=${encodeURIComponent(provider.company.name)}`, { token: outsider.admin.token });
    expect(dir.body.data[0]).toMatchObject({ id: provider.company.id, rating: { average: 3.5, count: 2 } });
    const dirClient = await call('GET', `/api/v1/companies/directory?search=${encodeURIComponent(client.company.name)}`, { token: outsider.admin.token });
    expect(dirClient.body.data[0].rating).toEqual({ average: 4, count: 1 });
    const offering = await call('POST', '/api/v1/offerings', { token: provider.admin.token, body: { title: 'HVAC maintenance', description: 'Quarterly maintenance of HVAC units.', category: 'hvac', priceFrom: 50_000 } });
    expect(offering.body.data.rating).toEqual({ average: 3.5, count: 2 });
    const s3 = await postService(outsider);
    await propose(provider, s3.id);
    const compared = await call('GET', `/api/v1/services/${s3.id}/proposals`, { token: outsider.admin.token });
    expect(compared.body.data[0].rating).toEqual({ average: 3.5, count: 2 });

    // Engagement events: one per side, each company's admins notified (not the actor).
    const completed = await outbox('services.engagement.completed', 'engagementId', engagement.id);
    expect(completed.map((e) => e.companyId).sort()).toEqual([client.company.id, provider.company.id].sort());
    expect((await outbox('services.engagement.reviewed', 'engagementId', engagement.id)).length).toBe(4);
    await vi.waitFor(async () => expect((await inbox(provider.admin.user.id)).map((n) => n.type)).toEqual(expect.arrayContaining(['services.engagement.completed', 'services.engagement.reviewed'])), { timeout: 8000 });
  }, 90_000);

  it('cancel: either side, reason required; final afterwards', async () => {
    const { client, provider, engagement } = await engaged();
    expectError(await call('POST', `/api/v1/engagements/${engagement.id}/cancel`, { token: provider.admin.token, body: {} }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', `/api/v1/engagements/${engagement.id}/cancel`, { token: provider.admin.token, body: { reason: '  ' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('POST', `/api/v1/engagements/${engagement.id}/cancel`, { token: (await registerCompany()).admin.token, body: { reason: 'Not mine' } }), 404, 'NOT_FOUND');
    const staffMember = await addStaff('admin');
    expect((await call('GET', `/api/v1/engagements/${engagement.id}`, { token: staffMember.token })).status).toBe(200);
    expectError(await call('POST', `/api/v1/engagements/${engagement.id}/cancel`, { token: staffMember.token, body: { reason: 'Moderation' } }), 403, 'FORBIDDEN');
    const cancelled = await call('POST', `/api/v1/engagements/${engagement.id}/cancel`, { token: provider.admin.token, body: { reason: 'Crew unavailable' } });
    expect(cancelled.body.data).toMatchObject({ status: 'cancelled', cancelReason: 'Crew unavailable' });
    expectError(await call('POST', `/api/v1/engagements/${engagement.id}/complete`, { token: client.admin.token }), 409, 'CONFLICT');
    expectError(await call('POST', `/api/v1/engagements/${engagement.id}/cancel`, { token: client.admin.token, body: { reason: 'Again please' } }), 409, 'CONFLICT');
    expectError(await call('POST', `/api/v1/engagements/${engagement.id}/review`, { token: client.admin.token, body: { rating: 3 } }), 409, 'CONFLICT');
    const events = await outbox('services.engagement.cancelled', 'engagementId', engagement.id);
    expect(events.map((e) => e.companyId).sort()).toEqual([client.company.id, provider.company.id].sort());
    expect(events[0]!.data).toMatchObject({ reason: 'Crew unavailable' });
    const concurrent = await engaged();
    const both = await Promise.all([
      call('POST', `/api/v1/engagements/${concurrent.engagement.id}/complete`, { token: concurrent.client.admin.token }),
      call('POST', `/api/v1/engagements/${concurrent.engagement.id}/cancel`, { token: concurrent.provider.admin.token, body: { reason: 'Racing cancel' } }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

describe('offerings', () => {
  it('CRUD by the owning company; active ones visible to every signed-in company; inactive only to its own', async () => {
    const owner = await registerCompany();
    const other = await registerCompany();
    const marker = `Numbat${crypto.randomUUID().slice(0, 6)}`;
    const created = await call('POST', '/api/v1/offerings', { token: owner.admin.token, body: { title: `${marker} panel upgrades`, description: 'Electrical panel upgrades and inspections.', category: 'Electrical', priceFrom: 80_000 } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ companyId: owner.company.id, companyName: owner.company.name, category: 'electrical', active: true, rating: { average: null, count: 0 } });
    const id = created.body.data.id;
    const hidden = (await call('POST', '/api/v1/offerings', { token: owner.admin.token, body: { title: `${marker} draft`, description: 'Not published yet, still a draft.', category: 'electrical', active: false } })).body.data;
    const otherSees = ids(await call('GET', `/api/v1/offerings?search=${marker}`, { token: other.admin.token }));
    expect([otherSees.has(id), otherSees.has(hidden.id)]).toEqual([true, false]);
    const ownerSees = ids(await call('GET', `/api/v1/offerings?search=${marker}`, { token: owner.admin.token }));
    expect([ownerSees.has(id), ownerSees.has(hidden.id)]).toEqual([true, true]);
    expect(ids(await call('GET', `/api/v1/offerings?search=${marker}&active=true`, { token: owner.admin.token })).has(hidden.id)).toBe(false);
    // A one-letter search is ignored (the list rule), not a filter on every "q".
    const all = await call('GET', `/api/v1/offerings?companyId=${owner.company.id}`, { token: owner.admin.token });
    const oneLetter = await call('GET', `/api/v1/offerings?companyId=${owner.company.id}&search=q`, { token: owner.admin.token });
    expect(all.body.meta.total).toBe(2);
    expect(oneLetter.body.meta.total).toBe(2);
    expect(ids(await call('GET', `/api/v1/offerings?companyId=${owner.company.id}&category=electrical`, { token: other.admin.token })).has(id)).toBe(true);
    expectError(await call('GET', `/api/v1/offerings/${hidden.id}`, { token: other.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/v1/offerings'), 401, 'UNAUTHENTICATED');

    expectError(await call('PATCH', `/api/v1/offerings/${id}`, { token: other.admin.token, body: { title: 'Hijacked offering' } }), 403, 'FORBIDDEN');
    expectError(await call('PATCH', `/api/v1/offerings/${hidden.id}`, { token: other.admin.token, body: { title: 'Hijacked offering' } }), 404, 'NOT_FOUND');
    expectError(await call('DELETE', `/api/v1/offerings/${id}`, { token: other.admin.token }), 403, 'FORBIDDEN');
    expectError(await call('POST', '/api/v1/offerings', { token: (await addUser(owner.company.id, 'cliente')).token, body: { title: 'Member offering', description: 'Members cannot publish these.', category: 'x1' } }), 403, 'FORBIDDEN');
    for (const body of [{ title: 'x', description: 'Long enough description.', category: 'ok' }, { title: 'Valid title', description: 'Long enough description.', category: 'ok', priceFrom: -1 }, { title: 'Valid title', description: 'Long enough description.', category: 'ok', companyId: other.company.id }]) {
      expectError(await call('POST', '/api/v1/offerings', { token: owner.admin.token, body }), 400, 'VALIDATION_FAILED');
    }
    const patched = await call('PATCH', `/api/v1/offerings/${id}`, { token: owner.admin.token, body: { priceFrom: null, active: false } });
    expect(patched.body.data).toMatchObject({ priceFrom: null, active: false });
    expectError(await call('GET', `/api/v1/offerings/${id}`, { token: other.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('PATCH', `/api/v1/offerings/${id}`, { token: owner.admin.token, body: {} }), 400, 'VALIDATION_FAILED');
    expect((await call('DELETE', `/api/v1/offerings/${id}`, { token: owner.admin.token })).status).toBe(200);
    expectError(await call('GET', `/api/v1/offerings/${id}`, { token: owner.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/v1/offerings?sortBy=rating', { token: owner.admin.token }), 400, 'VALIDATION_FAILED');
  });
});

describe('GET /services/fee-preview', () => {
  it('computes round(price × fee / 100) and the net with the current settings; validates price', async () => {
    await setFee(12.5);
    const t = await registerCompany();
    const member = await addUser(t.company.id, 'cliente');
    const res = await call('GET', '/api/v1/services/fee-preview?price=12345', { token: member.token });
    expect(res.body.data).toEqual({ price: 12_345, feePercent: 12.5, feeAmount: 1543, netAmount: 10_802 });
    await setFee(0);
    expect((await call('GET', '/api/v1/services/fee-preview?price=999', { token: member.token })).body.data).toMatchObject({ feeAmount: 0, netAmount: 999 });
    for (const qs of ['', '?price=', '?price=-5', '?price=1.5', '?price=abc']) {
      expectError(await call('GET', `/api/v1/services/fee-preview${qs}`, { token: member.token }), 400, 'VALIDATION_FAILED');
    }
    expectError(await call('GET', '/api/v1/services/fee-preview?price=1'), 401, 'UNAUTHENTICATED');
    await setFee(10);
  });
});

describe('live events and partner fan-out', () => {
  it('request events reach partners only for partner-visible requests; proposal events go to the company that acts on them', async () => {
    const owner = await registerCompany();
    const partner = await registerCompany();
    await makePartners(owner, partner);
    const shared = await postService(owner, { types: ['partners'] });
    const pub = await postService(owner, { types: ['public'] });
    expect(await outbox('services.service.created', 'serviceId', shared.id)).toMatchObject([{ companyId: owner.company.id, partners: [partner.company.id] }]);
    expect(await outbox('services.service.created', 'serviceId', pub.id)).toMatchObject([{ companyId: owner.company.id, partners: [] }]);
    const p = await propose(partner, pub.id);
    expect(await outbox('services.proposal.submitted', 'proposalId', p.id)).toMatchObject([{ companyId: owner.company.id, partners: [], data: { actorId: partner.admin.user.id } }]);
    await vi.waitFor(async () => expect((await inbox(owner.admin.user.id)).find((n) => n.type === 'services.proposal.submitted')?.title).toContain(partner.company.name), { timeout: 8000 });
  });
});

describe('live delivery', () => {
  it("the requester's admins see a proposal arrive live; its members and the bidder's sockets do not; both sides hear the accept", async () => {
    const owner = await registerCompany();
    const bidder = await registerCompany();
    const s = await postService(owner);
    const ownerMember = await addUser(owner.company.id, 'cliente');
    const [adminSocket, memberSocket, bidderSocket] = await Promise.all([openSocket({ token: owner.admin.token }), openSocket({ token: ownerMember.token }), openSocket({ token: bidder.admin.token })]);
    for (const socket of [adminSocket, memberSocket, bidderSocket]) await socket.waitFor((m) => m.type === 'realtime.ready');
    const p = await propose(bidder, s.id);
    const arrived = await adminSocket.waitFor((m) => m.type === 'services.proposal.submitted');
    expect(arrived.data).toMatchObject({ proposalId: p.id, serviceId: s.id, proposerCompanyId: bidder.company.id });
    const accepted = await call('POST', `/api/v1/proposals/${p.id}/accept`, { token: owner.admin.token });
    await bidderSocket.waitFor((m) => m.type === 'services.proposal.accepted' && m.data.engagementId === accepted.body.data.engagement.id);
    await memberSocket.waitFor((m) => m.type === 'services.service.updated' && m.data.status === 'awarded');
    expect(memberSocket.messages.map((m) => m.type)).not.toContain('services.proposal.submitted');
    expect(bidderSocket.messages.map((m) => m.type)).not.toContain('services.proposal.submitted');
    for (const socket of [adminSocket, memberSocket, bidderSocket]) socket.ws.close(1000);
  });
});

describe('search index and query plans', () => {
  it('the migrated search view is exactly what services.visibility.ts renders from the rule', async () => {
    const normalize = (s: string) => s.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
    const row = await env.DB.prepare("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'services_fts_source'").first<{ sql: string }>();
    expect(normalize(row!.sql)).toBe(normalize(ftsSourceView()));
  });

  it('never table-scans service_requests for any viewer or filter, and a realistic list reads ≤ 3 × returned + 50 rows in one round trip', async () => {
    // A realistic slice: 12 companies × 40 requests (mixed types and statuses), the viewer with 3 active partners.
    const companies: string[] = [];
    const stmts: D1PreparedStatement[] = [];
    const now = Date.now();
    const viewer = await registerCompany();
    const partners = [await registerCompany(), await registerCompany(), await registerCompany()];
    for (const p of partners) await makePartners(viewer, p);
    companies.push(viewer.company.id, ...partners.map((p) => p.company.id));
    for (let i = 0; i < 8; i++) companies.push((await registerCompany()).company.id);
    let n = 0;
    for (const company of companies) {
      for (let i = 0; i < 40; i++, n++) {
        const types = n % 4;
        const status = n % 5 === 0 ? 'closed' : n % 7 === 0 ? 'awarded' : 'open';
        const at = new Date(now - n * 60_000).toISOString();
        stmts.push(
          env.DB.prepare(
            'INSERT INTO service_requests (id, company_id, title, description, category, currency, is_public, is_partners, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          ).bind(crypto.randomUUID(), company, `Manutenção preventiva ${n}`, 'Preventive maintenance of production lines and HVAC units.', ['hvac', 'electrical', 'plumbing'][n % 3], 'EUR', types === 1 ? 0 : 1, types === 0 ? 0 : 1, status, at, at),
        );
      }
    }
    for (let i = 0; i < stmts.length; i += 50) await env.DB.batch(stmts.slice(i, i + 50));

    const admin = await addStaff('DEV');
    const viewers = { member: { ...viewer.admin.user, exp: 0 }, partner: { ...partners[0]!.admin.user, exp: 0 }, staff: { ...admin.user, exp: 0 } };
    // `budget`: held to ≤ 3 × returned + 50 rows. Not held: a category or type filter (not in the arms' indexes: the
    // arms read the rows they skip, as many as the data puts between two matches), an explicit sort (deadline has no index order; a search sorted by a column joins every match
    // to sort it), and staff with filters (one unrestricted arm walks the time index and skips what does not match).
    const filters: { f: Record<string, string>; budget: boolean }[] = [
      { f: {}, budget: true },
      { f: { status: 'open' }, budget: true },
      { f: { types: 'partners' }, budget: false },
      { f: { companyId: partners[1]!.company.id }, budget: true },
      { f: { companyId: viewer.company.id }, budget: true },
      { f: { search: 'manutencao' }, budget: true },
      { f: { search: 'preventive hvac', status: 'open' }, budget: true },
      { f: { category: 'hvac,plumbing' }, budget: false },
      { f: { search: 'preventive hvac', sortBy: 'createdAt' }, budget: false },
      { f: { sortBy: 'deadline', sortOrder: 'asc' }, budget: false },
    ];
    const offenders: string[] = [];
    const costs: string[] = [];
    for (const [who, v] of Object.entries(viewers)) {
      for (const { f, budget } of filters) {
        const { db: probe, stats, statements: captured } = recordingD1();
        const page = await listServices(probe, scopeOf(v as never), serviceListQuery.parse(f));
        expect(page.rows.length, `${who} ${JSON.stringify(f)}`).toBeGreaterThan(0);
        expect(stats.roundTrips, `${who} ${JSON.stringify(f)} round trips`).toBe(1);
        const held = budget && (who !== 'staff' || Object.keys(f).length === 0);
        if (held && stats.rowsRead > 3 * page.rows.length + 50) costs.push(`${who} ${JSON.stringify(f)}: ${stats.rowsRead} rows read for ${page.rows.length}`);
        for (const q of captured) {
          for (const detail of await queryPlan(q)) {
            const tableScan = /^SCAN (service_requests|proposals|service_counts)\b(?! USING (COVERING )?INDEX)/.test(detail);
            const anyScan = /^SCAN (service_requests|proposals)\b/.test(detail);
            if (tableScan || (anyScan && who !== 'staff')) offenders.push(`${who} ${JSON.stringify(f)}: ${detail}`);
          }
        }
      }
    }
    expect(offenders.join('\n')).toBe('');
    expect(costs.join('\n')).toBe('');
  }, 120_000);

  it('uses indexes for proposals, engagements and offerings lists', async () => {
    const plan = async (q: string) => (await env.DB.prepare(`EXPLAIN QUERY PLAN ${q}`).bind('x').all<{ detail: string }>()).results.map((r) => r.detail);
    const lines = [
      ...(await plan("SELECT * FROM proposals WHERE service_id = ? AND status IN ('submitted') ORDER BY created_at DESC LIMIT 20")),
      ...(await plan('SELECT * FROM proposals WHERE company_id = ? ORDER BY created_at DESC LIMIT 20')),
      ...(await plan('SELECT * FROM engagements WHERE client_company_id = ? ORDER BY created_at DESC LIMIT 20')),
      ...(await plan('SELECT * FROM offerings WHERE company_id = ? AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 20')),
    ];
    expect(lines.filter((l) => /^SCAN (proposals|engagements|offerings)\b/.test(l))).toEqual([]);
  });
});
