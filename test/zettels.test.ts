import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { notifications } from '../src/modules/notifications/notifications.table';
import { addStaff, addUser, call, db, expectError, makePartners, registerCompany, type Member, type Tenant } from './helpers';
import { openSocket, sleep } from './realtime-helpers';

// Most tests register several companies (a password hash each) on a machine shared with other suites.
vi.setConfig({ testTimeout: 30_000 });

type Visibility = 'personal' | 'company' | 'partners';
interface Zettel {
  id: string;
  title: string;
  body: string;
  version: number;
  visibility: Visibility;
  tags: string[];
  links: { id: string; title: string }[];
  unresolvedLinks: string[];
  mentions: { kind: string; id: string; title: string }[];
  unresolvedMentions: { kind: string; id: string }[];
  backlinks: { id: string; title: string }[];
  canEdit: boolean;
}

const tokenOf = (who: Member | Tenant) => ('admin' in who ? who.admin.token : who.token);

async function make(who: Member | Tenant, over: Record<string, unknown> = {}): Promise<Zettel> {
  const res = await call('POST', '/api/v1/zettels', { token: tokenOf(who), body: { title: `Note ${crypto.randomUUID().slice(0, 8)}`, body: '', visibility: 'company', ...over } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
}

async function read(who: Member | Tenant | undefined, id: string) {
  return call('GET', `/api/v1/zettels/${id}`, { token: who ? tokenOf(who) : undefined });
}

async function save(who: Member | Tenant, z: { id: string; version: number }, change: Record<string, unknown>) {
  return call('PATCH', `/api/v1/zettels/${z.id}`, { token: tokenOf(who), body: { version: z.version, ...change } });
}

async function listIds(who: Member | Tenant, query = '') {
  const res = await call('GET', `/api/v1/zettels?limit=100${query}`, { token: tokenOf(who) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ids: new Set<string>(res.body.data.map((z: { id: string }) => z.id)), total: res.body.meta.total as number, body: res.body };
}

const word = () => `w${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}`;

describe('zettels: create, read, save, trash', () => {
  it('creates (201), reads, saves a new version, lists, trashes and restores', async () => {
    const t = await registerCompany();
    const created = await make(t, { title: 'Pump start-up', body: 'Check the seals first.', tags: ['#Pumps', ' Safety  First '], visibility: 'company' });
    expect(created).toMatchObject({ title: 'Pump start-up', version: 1, visibility: 'company', tags: ['pumps', 'safety first'], canEdit: true, authorId: t.admin.user.id, deletedAt: null });

    const got = await read(t, created.id);
    expect(got.status).toBe(200);
    expect(got.body.data).toMatchObject({ id: created.id, body: 'Check the seals first.', links: [], backlinks: [] });

    const saved = await save(t, created, { body: 'Check the seals, then the valves.' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.data).toMatchObject({ version: 2, body: 'Check the seals, then the valves.', updatedBy: t.admin.user.id });

    // Saving nothing new keeps the version.
    const same = await save(t, saved.body.data, { body: 'Check the seals, then the valves.' });
    expect(same.body.data.version).toBe(2);

    const listed = await listIds(t);
    expect(listed.ids.has(created.id)).toBe(true);
    expect(listed.body.data[0]).toMatchObject({ id: created.id, excerpt: 'Check the seals, then the valves.', version: 2 });
    expect(listed.body.data[0].body).toBeUndefined();

    const removed = await call('DELETE', `/api/v1/zettels/${created.id}`, { token: t.admin.token });
    expect(removed.status).toBe(200);
    expect(removed.body.data.deletedAt).not.toBeNull();
    expectError(await read(t, created.id), 404, 'NOT_FOUND');
    expect((await listIds(t)).ids.has(created.id)).toBe(false);
    expectError(await save(t, saved.body.data, { title: 'x' }), 404, 'NOT_FOUND');
    const trash = await call('GET', '/api/v1/zettels/trash', { token: t.admin.token });
    expect(trash.body.data.map((z: { id: string }) => z.id)).toEqual([created.id]);

    const restored = await call('POST', `/api/v1/zettels/${created.id}/restore`, { token: t.admin.token });
    expect(restored.status).toBe(200);
    expect(restored.body.data).toMatchObject({ deletedAt: null, version: 2 });
    expectError(await call('POST', `/api/v1/zettels/${created.id}/restore`, { token: t.admin.token }), 409, 'CONFLICT');
    expect((await listIds(t)).ids.has(created.id)).toBe(true);
  });

  it("lists show the author's current name", async () => {
    const t = await registerCompany();
    const member = await addUser(t.company.id, 'cliente');
    const z = await make(member, { visibility: 'company' });
    expect((await listIds(t)).body.data[0]).toMatchObject({ id: z.id, authorName: 'cliente user' });
    expect((await call('PATCH', `/api/v1/employees/${member.user.id}`, { token: t.admin.token, body: { name: 'Renamed Person' } })).status).toBe(200);
    expect((await listIds(t)).body.data[0].authorName).toBe('Renamed Person');
    expect((await read(t, z.id)).body.data.authorName).toBe('Renamed Person');
  });

  it('defaults to personal visibility', async () => {
    const t = await registerCompany();
    const res = await call('POST', '/api/v1/zettels', { token: t.admin.token, body: { title: 'Just mine' } });
    expect(res.body.data).toMatchObject({ visibility: 'personal', body: '', tags: [] });
  });

  it('refuses invalid input with 400 and changes nothing', async () => {
    const t = await registerCompany();
    const z = await make(t, { title: 'Stable' });
    const bad: [string, unknown][] = [
      ['title', { body: 'no title' }],
      ['title', { title: '' }],
      ['title', { title: 'a [[link]] title' }],
      ['title', { title: 'x'.repeat(201) }],
      ['body', { title: 'ok', body: 'x'.repeat(100_001) }],
      ['tags', { title: 'ok', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
      ['tags.0', { title: 'ok', tags: ['no,commas'] }],
      ['visibility', { title: 'ok', visibility: 'public' }],
      ['(root)', { title: 'ok', companyId: crypto.randomUUID() }],
      ['(root)', { title: 'ok', authorId: crypto.randomUUID() }],
      ['(root)', { title: 'ok', version: 3 }],
    ];
    for (const [path, body] of bad) {
      const res = await call('POST', '/api/v1/zettels', { token: t.admin.token, body });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details.map((d: { path: string }) => d.path), JSON.stringify(body).slice(0, 80)).toContain(path);
    }
    // A body of exactly 100,000 characters is fine.
    expect((await call('POST', '/api/v1/zettels', { token: t.admin.token, body: { title: 'Max', body: 'x'.repeat(100_000) } })).status).toBe(201);
    for (const patch of [{ title: 'No version' }, { version: 1 }, { version: 0, title: 'x' }, { version: '1', title: 'x' }, { version: 1, companyId: t.company.id }]) {
      expectError(await call('PATCH', `/api/v1/zettels/${z.id}`, { token: t.admin.token, body: patch }), 400, 'VALIDATION_FAILED');
    }
    expectError(await call('PATCH', `/api/v1/zettels/${z.id}`, { token: t.admin.token, rawBody: '{bad', headers: { 'content-type': 'application/json' } }), 400, 'BAD_REQUEST');
    expectError(await call('GET', '/api/v1/zettels?sortBy=createdAt', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/zettels?visibility=secret', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/v1/zettels?authorId=nope', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
    const after = await read(t, z.id);
    expect(after.body.data).toMatchObject({ title: 'Stable', version: 1 });
    expect((await listIds(t)).total).toBe(2);
  });

  it('answers 404 for unknown and malformed ids and revision numbers', async () => {
    const t = await registerCompany();
    const z = await make(t);
    expectError(await read(t, crypto.randomUUID()), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/v1/zettels/not-a-uuid', { token: t.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/v1/zettels/${z.id}/revisions/abc/restore`, { token: t.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/v1/zettels/${z.id}/revisions/0/restore`, { token: t.admin.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/v1/zettels/${z.id}/revisions/7/restore`, { token: t.admin.token }), 404, 'NOT_FOUND');
  });

  it('stores a body of 10,000 links and reads it back quickly', async () => {
    const t = await registerCompany();
    await make(t, { title: 'n7' });
    const body = Array.from({ length: 10_000 }, (_, i) => `[[n${i}]]`).join(' ').slice(0, 100_000);
    const started = Date.now();
    const created = await make(t, { title: 'Hub', body });
    const got = await read(t, created.id);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(got.body.data.links.map((l: { title: string }) => l.title)).toEqual(['n7']);
    expect(got.body.data.unresolvedLinks.length).toBeGreaterThanOrEqual(9_899);
  }, 30_000);
});

/** One company with an admin (the author of most notes) and members, its partners in every state, and staff. */
async function world() {
  const owner = await registerCompany();
  const member = await addUser(owner.company.id, 'cliente');
  const partner = await registerCompany();
  const pending = await registerCompany();
  const ended = await registerCompany();
  const unrelated = await registerCompany();
  const partnershipId = await makePartners(owner, partner);
  const pendingId = (await call('POST', '/api/v1/partnerships', { token: owner.admin.token, body: { companyId: pending.company.id } })).body.data.id as string;
  const endedId = await makePartners(ended, owner);
  expect((await call('DELETE', `/api/v1/partnerships/${endedId}`, { token: owner.admin.token })).status).toBe(200);
  const staff = await addStaff('admin');
  return { owner, member, partner, pending, ended, unrelated, staff, partnershipId, pendingId };
}

describe('zettels: visibility matrix', () => {
  it('personal → author; company → company; partners → also active partners; staff all; pending/ended/unrelated none', async () => {
    const w = await world();
    const marker = word();
    const notes = {
      personal: await make(w.owner, { title: `${marker} personal`, visibility: 'personal', tags: [marker] }),
      company: await make(w.owner, { title: `${marker} company`, visibility: 'company', tags: [marker] }),
      partners: await make(w.owner, { title: `${marker} partners`, visibility: 'partners', tags: [marker] }),
      memberPersonal: await make(w.member, { title: `${marker} member personal`, visibility: 'personal', tags: [marker] }),
    };
    const expectations: [string, Member | Tenant, (keyof typeof notes)[]][] = [
      ['author', w.owner, ['personal', 'company', 'partners']],
      ['member', w.member, ['company', 'partners', 'memberPersonal']],
      ['active partner', w.partner, ['partners']],
      ['pending partner', w.pending, []],
      ['ended partner', w.ended, []],
      ['unrelated', w.unrelated, []],
      ['staff', w.staff, ['personal', 'company', 'partners', 'memberPersonal']],
    ];
    for (const [who, viewer, visible] of expectations) {
      const listed = await listIds(viewer, `&tag=${marker}`);
      const searched = await listIds(viewer, `&search=${marker}`);
      const tags = (await call('GET', '/api/v1/zettels/tags', { token: tokenOf(viewer) })).body.data as { tag: string; count: number }[];
      const graph = (await call('GET', `/api/v1/zettels/graph?tag=${marker}`, { token: tokenOf(viewer) })).body.data as { nodes: { id: string }[] };
      for (const key of Object.keys(notes) as (keyof typeof notes)[]) {
        const should = visible.includes(key);
        expect((await read(viewer, notes[key].id)).status, `${who} get ${key}`).toBe(should ? 200 : 404);
        expect(listed.ids.has(notes[key].id), `${who} list ${key}`).toBe(should);
        expect(searched.ids.has(notes[key].id), `${who} search ${key}`).toBe(should);
        expect(graph.nodes.some((n) => n.id === notes[key].id), `${who} graph ${key}`).toBe(should);
      }
      expect(listed.total, `${who} total`).toBe(visible.length);
      expect(tags.find((x) => x.tag === marker)?.count ?? 0, `${who} tag count`).toBe(visible.length);
    }

    // Ending the partnership hides the partners zettel from the partner at once.
    expect((await call('DELETE', `/api/v1/partnerships/${w.partnershipId}`, { token: w.partner.admin.token })).status).toBe(200);
    expectError(await read(w.partner, notes.partners.id), 404, 'NOT_FOUND');
    expect((await listIds(w.partner, `&search=${marker}`)).ids.size).toBe(0);
    expect((await listIds(w.partner, `&tag=${marker}`)).total).toBe(0);

    // A partnership accepted later shares the partners zettels that already exist, at once.
    expect((await call('POST', `/api/v1/partnerships/${w.pendingId}/accept`, { token: w.pending.admin.token })).status).toBe(200);
    const nowShared = await listIds(w.pending, `&tag=${marker}`);
    expect([...nowShared.ids]).toEqual([notes.partners.id]);
    expect(nowShared.total).toBe(1);
    expect((await read(w.pending, notes.partners.id)).status).toBe(200);
    const pendingTags = (await call('GET', '/api/v1/zettels/tags', { token: w.pending.admin.token })).body.data as { tag: string; count: number }[];
    expect(pendingTags).toEqual([{ tag: marker, count: 1 }]);
  });

  it('an API key never sees personal zettels (the scope rule)', async () => {
    const { zettelViewerOf } = await import('../src/modules/zettels/zettels.visibility');
    const { listZettels, getZettelRow } = await import('../src/modules/zettels/zettels.queries');
    const { zettelListQuery } = await import('../src/modules/zettels/zettels.schemas');
    const t = await registerCompany();
    const mine = await make(t, { visibility: 'personal' });
    const shared = await make(t, { visibility: 'company' });
    const key = { kind: 'apiKey' as const, id: crypto.randomUUID(), companyId: t.company.id, role: 'admin_empresa' as const, scopes: ['zettels:read'], exp: 0, authVersion: 0 };
    const viewer = zettelViewerOf(key);
    expect(viewer).toEqual({ kind: 'company', companyId: t.company.id, userId: null });
    expect(await getZettelRow(db(), viewer, mine.id)).toBeUndefined();
    expect(await getZettelRow(db(), viewer, shared.id)).toBeDefined();
    const page = await listZettels(db(), viewer, zettelListQuery.parse({}));
    expect(page.rows.map((r) => r.id)).toEqual([shared.id]);
    expect(page.total).toBe(1);
    expect((await listZettels(db(), viewer, zettelListQuery.parse({ visibility: 'personal' }))).total).toBe(0);
    expect((await listZettels(db(), viewer, zettelListQuery.parse({ search: mine.title }))).rows).toEqual([]);
  });
});

describe('zettels: edit rights', () => {
  it('author edits own; admin_empresa edits shared ones; members, partners and staff get 403; outsiders 404', async () => {
    const w = await world();
    const member2 = await addUser(w.owner.company.id, 'cliente');
    const byAdmin = await make(w.owner, { visibility: 'partners' });
    const byMember = await make(w.member, { visibility: 'company' });
    const memberPersonal = await make(w.member, { visibility: 'personal' });

    expectError(await save(member2, byMember, { title: 'Taken over' }), 403, 'FORBIDDEN');
    expectError(await save(w.member, byAdmin, { title: 'Taken over' }), 403, 'FORBIDDEN');
    expectError(await save(w.partner, byAdmin, { title: 'Partner edit' }), 403, 'FORBIDDEN');
    expectError(await call('DELETE', `/api/v1/zettels/${byAdmin.id}`, { token: w.partner.admin.token }), 403, 'FORBIDDEN');
    expectError(await save(w.staff, byAdmin, { title: 'Staff edit' }), 403, 'FORBIDDEN');
    expectError(await save(w.unrelated, byAdmin, { title: 'Outsider' }), 404, 'NOT_FOUND');
    expectError(await save(w.owner, memberPersonal, { title: 'Not yours' }), 404, 'NOT_FOUND');
    expect((await read(w.partner, byAdmin.id)).body.data.canEdit).toBe(false);
    expect((await read(member2, byMember.id)).body.data.canEdit).toBe(false);

    const adminEdit = await save(w.owner, byMember, { body: 'Reviewed by the admin' });
    expect(adminEdit.status).toBe(200);
    expect(adminEdit.body.data).toMatchObject({ version: 2, updatedBy: w.owner.admin.user.id, authorId: w.member.user.id });
    // Only the author makes a zettel personal.
    expectError(await save(w.owner, adminEdit.body.data, { visibility: 'personal' }), 403, 'FORBIDDEN');
    expect((await save(w.member, adminEdit.body.data, { visibility: 'personal' })).body.data.visibility).toBe('personal');

    // Delete and restore follow the same rights.
    const again = await make(w.member, { visibility: 'company' });
    expectError(await call('DELETE', `/api/v1/zettels/${again.id}`, { token: member2.token }), 403, 'FORBIDDEN');
    expect((await call('DELETE', `/api/v1/zettels/${again.id}`, { token: w.owner.admin.token })).status).toBe(200);
    expectError(await call('POST', `/api/v1/zettels/${again.id}/restore`, { token: member2.token }), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/v1/zettels/${again.id}/restore`, { token: w.unrelated.admin.token }), 404, 'NOT_FOUND');
    const memberTrash = await call('GET', '/api/v1/zettels/trash', { token: w.member.token });
    expect(memberTrash.body.data.map((z: { id: string }) => z.id)).toEqual([again.id]);
    expect((await call('GET', '/api/v1/zettels/trash', { token: member2.token })).body.data).toEqual([]);
    expect((await call('POST', `/api/v1/zettels/${again.id}/restore`, { token: w.member.token })).status).toBe(200);
  });
});

describe('zettels: optimistic concurrency', () => {
  it('a stale version is 409 with the current zettel in data', async () => {
    const t = await registerCompany();
    const member = await addUser(t.company.id, 'cliente');
    const z = await make(member, { body: 'v1' });
    expect((await save(member, z, { body: 'v2 [[Elsewhere]]' })).status).toBe(200);
    const res = await save(member, z, { body: 'my stale edit' });
    expectError(res, 409, 'CONFLICT');
    expect(res.body.data).toMatchObject({ id: z.id, version: 2, body: 'v2 [[Elsewhere]]', unresolvedLinks: ['Elsewhere'] });
    expect((await read(member, z.id)).body.data.body).toBe('v2 [[Elsewhere]]');
  });

  it('of two saves based on the same version exactly one wins, with its own links and one event', async () => {
    const t = await registerCompany();
    const z = await make(t, { body: 'start' });
    const [a, b] = await Promise.all([save(t, z, { body: 'A wins [[Alpha]]' }), save(t, z, { body: 'B wins [[Beta]]' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 'Alpha' : 'Beta';
    const got = (await read(t, z.id)).body.data as Zettel;
    expect(got.version).toBe(2);
    expect(got.unresolvedLinks).toEqual([winner]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.data).toMatchObject({ version: 2 });
    const revisions = await call('GET', `/api/v1/zettels/${z.id}/revisions`, { token: t.admin.token });
    expect(revisions.body.data.map((r: { version: number; body: string }) => [r.version, r.body])).toEqual([[1, 'start']]);
    const events = await env.DB.prepare("SELECT count(*) AS n FROM events WHERE type = 'zettels.zettel.updated' AND json_extract(data, '$.zettelId') = ?").bind(z.id).first<{ n: number }>();
    expect(events!.n).toBe(1);
  });
});

describe('zettels: links and backlinks', () => {
  it('resolve case- and accent-insensitively; unresolved ones resolve when the zettel appears or is renamed', async () => {
    const t = await registerCompany();
    const member = await addUser(t.company.id, 'cliente');
    const source = await make(t, { title: 'Index', body: 'See [[MANUTENCAO preventiva]], [[Later note|later]] and [[Renamed]].' });
    expect(source.unresolvedLinks).toEqual(['MANUTENCAO preventiva', 'Later note', 'Renamed']);
    const target = await make(member, { title: 'Manutenção Preventiva' });
    const later = await make(member, { title: 'later  NOTE' });
    const byId = await make(member, { title: 'By id', body: `Back to [[${source.id}]]` });
    const got = (await read(t, source.id)).body.data as Zettel;
    expect(got.links).toEqual([
      { id: target.id, title: 'Manutenção Preventiva' },
      { id: later.id, title: 'later  NOTE' },
    ]);
    expect(got.unresolvedLinks).toEqual(['Renamed']);
    expect(got.backlinks).toEqual([{ id: byId.id, title: 'By id' }]);
    expect((await read(member, target.id)).body.data.backlinks).toEqual([{ id: source.id, title: 'Index' }]);

    // Renaming moves the match: the old title's links stop resolving, the new title's start.
    const renamed = await save(member, later, { title: 'Renamed' });
    expect(renamed.status).toBe(200);
    const after = (await read(t, source.id)).body.data as Zettel;
    expect(after.links.map((l) => l.id)).toEqual([target.id, later.id]);
    expect(after.unresolvedLinks).toEqual(['Later note']);

    // A trashed target stops resolving; restored, it resolves again.
    await call('DELETE', `/api/v1/zettels/${target.id}`, { token: member.token });
    expect(((await read(t, source.id)).body.data as Zettel).unresolvedLinks).toContain('MANUTENCAO preventiva');
    await call('POST', `/api/v1/zettels/${target.id}/restore`, { token: member.token });
    expect(((await read(t, source.id)).body.data as Zettel).links[0]!.id).toBe(target.id);

    // The graph has the same edges.
    const graph = (await call('GET', '/api/v1/zettels/graph', { token: t.admin.token })).body.data;
    expect(graph.edges).toEqual(expect.arrayContaining([{ from: source.id, to: target.id }, { from: source.id, to: later.id }, { from: byId.id, to: source.id }]));
    expect(graph.edges).toHaveLength(3);
  });

  it('link only to zettels both the author and the reader can see; backlinks only from visible zettels', async () => {
    const w = await world();
    const secret = word();
    const adminPrivate = await make(w.owner, { title: `Plan ${secret}`, visibility: 'personal' });
    const memberPrivate = await make(w.member, { title: `Diary ${secret}`, visibility: 'personal' });
    const shared = await make(w.owner, { title: `Shared ${secret}`, visibility: 'company', body: `Links: [[Plan ${secret}]] and [[Diary ${secret}]]` });

    // The author sees their own personal target; the member does not (and the admin cannot see the member's diary).
    expect(((await read(w.owner, shared.id)).body.data as Zettel).links).toEqual([{ id: adminPrivate.id, title: `Plan ${secret}` }]);
    const forMember = (await read(w.member, shared.id)).body.data as Zettel;
    expect(forMember.links).toEqual([]);
    expect(forMember.unresolvedLinks).toEqual([`Plan ${secret}`, `Diary ${secret}`]);
    // Staff see every zettel, but a link resolves only to what its author could see.
    expect(((await read(w.staff, shared.id)).body.data as Zettel).links.map((l) => l.id)).toEqual([adminPrivate.id]);
    expect(((await read(w.member, memberPrivate.id)).body.data as Zettel).backlinks).toEqual([]);
    expect(((await read(w.owner, adminPrivate.id)).body.data as Zettel).backlinks).toEqual([{ id: shared.id, title: `Shared ${secret}` }]);

    // Across an active partnership: the partner's partners note links to ours and shows as our backlink.
    const ours = await make(w.owner, { title: `Joint procedure ${secret}`, visibility: 'partners' });
    const theirs = await make(w.partner, { title: `Their notes ${secret}`, visibility: 'partners', body: `Follow [[joint procedure ${secret}]]` });
    const internal = await make(w.partner, { title: `Internal ${secret}`, visibility: 'company', body: `Also [[joint procedure ${secret}]]` });
    expect(((await read(w.partner, theirs.id)).body.data as Zettel).links.map((l) => l.id)).toEqual([ours.id]);
    expect(((await read(w.owner, ours.id)).body.data as Zettel).backlinks).toEqual([{ id: theirs.id, title: `Their notes ${secret}` }]);
    expect(((await read(w.partner, ours.id)).body.data as Zettel).backlinks.map((b) => b.id).sort()).toEqual([internal.id, theirs.id].sort());

    // Ended: neither side resolves the other's notes any more.
    await call('DELETE', `/api/v1/partnerships/${w.partnershipId}`, { token: w.owner.admin.token });
    expect(((await read(w.partner, theirs.id)).body.data as Zettel).links).toEqual([]);
    expect(((await read(w.owner, ours.id)).body.data as Zettel).backlinks).toEqual([]);
  });
});

describe('zettels: mentions', () => {
  it('resolve per reader through the jobs rule and never leak the title of a job the reader cannot see', async () => {
    const w = await world();
    const postJob = async (types: string[], title: string) => {
      const res = await call('POST', '/api/v1/jobs', { token: w.owner.admin.token, body: { title, description: 'A job mentioned in a note.', types, vacancies: 1 } });
      expect(res.status).toBe(201);
      return res.body.data.id as string;
    };
    const internalTitle = `Confidential ${word()}`;
    const internalJob = await postJob(['internal'], internalTitle);
    const publicJob = await postJob(['public'], 'Public technician');
    const partnersJob = await postJob(['partners'], 'Partner electrician');
    const asset = crypto.randomUUID();
    const missing = crypto.randomUUID();
    const z = await make(w.owner, {
      visibility: 'partners',
      body: `Jobs: @job:${internalJob}, @job:${publicJob}, @job:${partnersJob}, @job:${missing}; asset @asset:${asset}; \`@job:${internalJob}\` in code.`,
    });
    expect(z.mentions).toEqual([
      { kind: 'job', id: internalJob, title: internalTitle },
      { kind: 'job', id: publicJob, title: 'Public technician' },
      { kind: 'job', id: partnersJob, title: 'Partner electrician' },
    ]);
    expect(z.unresolvedMentions).toEqual([
      { kind: 'job', id: missing },
      { kind: 'asset', id: asset },
    ]);
    const forPartner = await read(w.partner, z.id);
    expect(forPartner.body.data.mentions).toEqual([
      { kind: 'job', id: publicJob, title: 'Public technician' },
      { kind: 'job', id: partnersJob, title: 'Partner electrician' },
    ]);
    expect(forPartner.body.data.unresolvedMentions).toEqual([
      { kind: 'job', id: internalJob },
      { kind: 'job', id: missing },
      { kind: 'asset', id: asset },
    ]);
    expect(JSON.stringify(forPartner.body)).not.toContain(internalTitle);
    // Closing the partners job hides it from the partner at once (the jobs module's own rule).
    await call('PATCH', `/api/v1/jobs/${partnersJob}`, { token: w.owner.admin.token, body: { status: 'closed' } });
    const later = await read(w.partner, z.id);
    expect(later.body.data.mentions.map((m: { id: string }) => m.id)).toEqual([publicJob]);
  });

  it('unknown kinds resolve to nothing until their module registers a resolver', async () => {
    const { resolveMentions } = await import('../src/modules/zettels/zettels.mentions');
    const t = await registerCompany();
    const ctx = { db: db() } as never;
    const caller = { kind: 'user' as const, id: t.admin.user.id, companyId: t.company.id, role: 'admin_empresa' as const, scopes: null, exp: 0, authVersion: 0 };
    const asset = crypto.randomUUID();
    const none = await resolveMentions(ctx, caller, [{ kind: 'asset', id: asset }]);
    expect(none).toEqual({ resolved: [], unresolved: [{ kind: 'asset', id: asset }] });
    // A resolver answering more than it was asked cannot smuggle titles in.
    const plugged = await resolveMentions(ctx, caller, [{ kind: 'asset', id: asset }], {
      asset: async () => [
        { id: asset, title: 'Pump 7' },
        { id: crypto.randomUUID(), title: 'Not asked for' },
      ],
    });
    expect(plugged).toEqual({ resolved: [{ kind: 'asset', id: asset, title: 'Pump 7' }], unresolved: [] });
  });
});

describe('zettels: revisions', () => {
  it('keeps every earlier version; restoring one saves it as a new version with its links', async () => {
    const t = await registerCompany();
    const z = await make(t, { title: 'Procedure', body: 'v1 see [[First]]', tags: ['a'] });
    const v2 = (await save(t, z, { body: 'v2 see [[Second]]', tags: ['b'] })).body.data;
    const v3 = (await save(t, v2, { title: 'Procedure (new)', body: 'v3' })).body.data;
    const list = await call('GET', `/api/v1/zettels/${z.id}/revisions`, { token: t.admin.token });
    expect(list.status).toBe(200);
    expect(list.body.meta.total).toBe(2);
    expect(list.body.data.map((r: { version: number; title: string; body: string; tags: string[] }) => [r.version, r.title, r.body, r.tags])).toEqual([
      [2, 'Procedure', 'v2 see [[Second]]', ['b']],
      [1, 'Procedure', 'v1 see [[First]]', ['a']],
    ]);
    expect(list.body.data[1].editedBy).toBe(t.admin.user.id);
    const restored = await call('POST', `/api/v1/zettels/${z.id}/revisions/1/restore`, { token: t.admin.token });
    expect(restored.status).toBe(200);
    expect(restored.body.data).toMatchObject({ version: 4, title: 'Procedure', body: 'v1 see [[First]]', tags: ['a'], unresolvedLinks: ['First'] });
    expect(v3.version).toBe(3);
    const asc = await call('GET', `/api/v1/zettels/${z.id}/revisions?sortOrder=asc&limit=2&page=2`, { token: t.admin.token });
    expect(asc.body.data.map((r: { version: number }) => r.version)).toEqual([3]);
    expect(asc.body.meta).toMatchObject({ total: 3, totalPages: 2 });
  });

  it('a version saved while personal stays its author’s; non-editors cannot restore', async () => {
    const t = await registerCompany();
    const member = await addUser(t.company.id, 'cliente');
    const other = await addUser(t.company.id, 'cliente');
    const z = await make(member, { visibility: 'personal', body: 'private draft' });
    const shared = (await save(member, z, { visibility: 'company', body: 'shared text' })).body.data;
    await save(member, shared, { body: 'shared text, edited' });
    const forOther = await call('GET', `/api/v1/zettels/${z.id}/revisions`, { token: other.token });
    expect(forOther.body.data.map((r: { version: number }) => r.version)).toEqual([2]);
    expect(JSON.stringify(forOther.body)).not.toContain('private draft');
    const forAuthor = await call('GET', `/api/v1/zettels/${z.id}/revisions`, { token: member.token });
    expect(forAuthor.body.data.map((r: { version: number }) => r.version)).toEqual([2, 1]);
    expectError(await call('POST', `/api/v1/zettels/${z.id}/revisions/2/restore`, { token: other.token }), 403, 'FORBIDDEN');
    // The admin may edit it, but version 1 (personal then) is not theirs to see.
    expectError(await call('POST', `/api/v1/zettels/${z.id}/revisions/1/restore`, { token: t.admin.token }), 404, 'NOT_FOUND');
    expect((await call('POST', `/api/v1/zettels/${z.id}/revisions/2/restore`, { token: t.admin.token })).body.data.body).toBe('shared text');
    const outsider = await registerCompany();
    expectError(await call('GET', `/api/v1/zettels/${z.id}/revisions`, { token: outsider.admin.token }), 404, 'NOT_FOUND');
  });
});

describe('zettels: search, filters, tags', () => {
  it('searches title, body and tags with accent folding, ranked by relevance', async () => {
    const t = await registerCompany();
    const w = word();
    const inBody = await make(t, { title: `Checklist ${w}`, body: 'Fazer a manutenção preventiva mensal.' });
    const inTitle = await make(t, { title: `Manutenção preventiva ${w}`, body: 'Steps.' });
    const inTag = await make(t, { title: `Tagged ${w}`, tags: ['segurança'] });
    const hits = (await call('GET', `/api/v1/zettels?search=${encodeURIComponent('manutencao preventiva')}`, { token: t.admin.token })).body.data.map((z: { id: string }) => z.id);
    expect(hits).toEqual([inTitle.id, inBody.id]);
    const tagHit = await call('GET', '/api/v1/zettels?search=seguranca', { token: t.admin.token });
    expect(tagHit.body.data.map((z: { id: string }) => z.id)).toEqual([inTag.id]);
    const sorted = await call('GET', `/api/v1/zettels?search=${w}&sortBy=title&sortOrder=asc`, { token: t.admin.token });
    expect(sorted.body.data.map((z: { id: string }) => z.id)).toEqual([inBody.id, inTitle.id, inTag.id]);
    expect(sorted.body.meta.total).toBe(3);
    expectError(await call('GET', '/api/v1/zettels?search=%21%21', { token: t.admin.token }), 400, 'VALIDATION_FAILED');
  });

  it('filters by tag, author and visibility, sorts by updatedAt or title, and totals what it lists', async () => {
    const w = await world();
    const m = word();
    const made = [
      await make(w.owner, { title: 'b-one', tags: [m, 'x'], visibility: 'company' }),
      await make(w.owner, { title: 'A-two', tags: [m], visibility: 'personal' }),
      await make(w.member, { title: 'c-three', tags: [m], visibility: 'partners' }),
      await make(w.member, { title: 'd-four', tags: ['x'], visibility: 'personal' }),
      await make(w.partner, { title: 'e-five', tags: [m], visibility: 'partners' }),
      await make(w.partner, { title: 'f-six', tags: [m], visibility: 'company' }),
    ];
    const ids = (list: { body: { data: { id: string }[] } }) => list.body.data.map((z) => z.id);
    const byTitle = await call('GET', `/api/v1/zettels?tag=${m}&sortBy=title&sortOrder=asc`, { token: w.member.token });
    expect(ids(byTitle)).toEqual([made[0]!.id, made[2]!.id, made[4]!.id]);
    expect(byTitle.body.meta.total).toBe(3);
    const recent = await call('GET', `/api/v1/zettels?tag=${m}`, { token: w.owner.admin.token });
    expect(ids(recent)).toEqual([made[4]!.id, made[2]!.id, made[1]!.id, made[0]!.id]);
    const cases: [Member | Tenant, string, number][] = [
      [w.owner, `&tag=${m}&authorId=${w.member.user.id}`, 1],
      [w.owner, `&tag=${m}&authorId=${w.owner.admin.user.id}`, 2],
      [w.member, `&tag=${m}&authorId=${w.owner.admin.user.id}`, 1],
      [w.owner, `&tag=${m}&visibility=partners`, 2],
      [w.owner, `&tag=${m}&visibility=personal,company`, 2],
      [w.partner, `&tag=${m}`, 3],
      [w.partner, `&tag=${m}&visibility=company`, 1],
      [w.staff, `&tag=${m}`, 5],
      [w.staff, `&tag=${m}&authorId=${w.member.user.id}`, 1],
      [w.staff, `&tag=x&authorId=${w.member.user.id}`, 1],
      [w.staff, `&tag=${m}&visibility=personal`, 1],
    ];
    for (const [who, query, n] of cases) {
      const res = await listIds(who, query);
      expect(res.ids.size, query).toBe(n);
      expect(res.total, `total ${query}`).toBe(n);
    }
    // Paging: pages never overlap and the total holds.
    const p1 = await call('GET', `/api/v1/zettels?tag=${m}&limit=2`, { token: w.owner.admin.token });
    const p2 = await call('GET', `/api/v1/zettels?tag=${m}&limit=2&page=2`, { token: w.owner.admin.token });
    expect([...ids(p1), ...ids(p2)]).toEqual(ids(recent));
    expect(p2.body.meta).toMatchObject({ total: 4, totalPages: 2 });
    // Counters follow tag changes and trashing.
    await save(w.owner, made[0]!, { tags: ['x'] });
    await call('DELETE', `/api/v1/zettels/${made[2]!.id}`, { token: w.member.token });
    expect((await listIds(w.owner, `&tag=${m}`)).total).toBe(2);
    const tags = (await call('GET', '/api/v1/zettels/tags', { token: w.owner.admin.token })).body.data as { tag: string; count: number }[];
    expect(tags.find((x) => x.tag === m)?.count).toBe(2);
    expect(tags.find((x) => x.tag === 'x')?.count).toBe(1);
  });
});

describe('zettels: graph', () => {
  it('is bounded to 2,000 nodes (most recently updated) and says so', async () => {
    const t = await registerCompany();
    // 2,010 zettels written directly (the triggers index them as the API's inserts would).
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2010)
       INSERT INTO zettels (id, company_id, author_id, title, title_key, body, tags, visibility, version, write_id, created_at, updated_at)
       SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-a' || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
         ?1, ?2, 'Bulk ' || i, 'bulk ' || i, '', '[]', 'company', 1, 'seed', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (3000 - i) || ' seconds'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (3000 - i) || ' seconds')
       FROM n`,
    )
      .bind(t.company.id, t.admin.user.id)
      .run();
    const newest = await make(t, { title: 'Newest', body: '[[Bulk 2010]] [[Bulk 1]]' });
    const res = await call('GET', '/api/v1/zettels/graph', { token: t.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.data.nodes).toHaveLength(2000);
    expect(res.body.data.truncated).toBe(true);
    expect(res.body.data.nodes[0].id).toBe(newest.id);
    const titles = new Set(res.body.data.nodes.map((n: { title: string }) => n.title));
    expect(titles.has('Bulk 1')).toBe(false);
    // Only edges between two nodes of the graph.
    expect(res.body.data.edges).toHaveLength(1);
    expect((await call('GET', '/api/v1/zettels', { token: t.admin.token })).body.meta.total).toBe(2011);
  }, 60_000);
});

describe('zettels: events', () => {
  it('address personal zettels to their author, company ones to the company, partners ones also to partners', async () => {
    const w = await world();
    const personal = await make(w.member, { visibility: 'personal' });
    const company = await make(w.owner, { visibility: 'company' });
    const partners = await make(w.owner, { visibility: 'partners' });
    const narrowed = (await save(w.owner, partners, { visibility: 'company' })).body.data;
    const rows = await env.DB.prepare(
      "SELECT type, json_extract(data, '$.zettelId') AS zettel, json_extract(data, '$.title') AS title, audience, partner_company_ids AS partners FROM events WHERE type LIKE 'zettels.%' AND company_id = ? ORDER BY created_at",
    )
      .bind(w.owner.company.id)
      .all<{ type: string; zettel: string; title: string | null; audience: string; partners: string }>();
    const of = (id: string, type: string) => rows.results.find((r) => r.zettel === id && r.type === type)!;
    expect(JSON.parse(of(personal.id, 'zettels.zettel.created').audience)).toEqual({ kind: 'users', users: [{ id: w.member.user.id, companyId: w.owner.company.id }] });
    expect(of(personal.id, 'zettels.zettel.created').title).toBeNull();
    expect(JSON.parse(of(company.id, 'zettels.zettel.created').audience)).toEqual({ kind: 'company' });
    expect(JSON.parse(of(company.id, 'zettels.zettel.created').partners)).toEqual([]);
    expect(JSON.parse(of(partners.id, 'zettels.zettel.created').partners)).toEqual([w.partner.company.id]);
    // Narrowed from partners to company: the partners still hear it (it disappears for them).
    const update = of(narrowed.id, 'zettels.zettel.updated');
    expect(JSON.parse(update.partners)).toEqual([w.partner.company.id]);
    expect(update.title).toBe(narrowed.title);
  });

  it('reach another editor of the same zettel live (the "newer version" banner), and never another company', async () => {
    const t = await registerCompany();
    const member = await addUser(t.company.id, 'cliente');
    const stranger = await registerCompany();
    // The member's company zettel: the admin may edit it too, so they are both its editors.
    const z = await make(member, { visibility: 'company' });
    const mine = await make(member, { visibility: 'personal' });
    const editor = await openSocket({ token: t.admin.token });
    const outsider = await openSocket({ token: stranger.admin.token });
    await editor.waitFor((m) => m.type === 'realtime.ready');
    await outsider.waitFor((m) => m.type === 'realtime.ready');
    expect((await save(member, z, { body: 'saved by the member' })).status).toBe(200);
    const heard = await editor.waitFor((m) => m.type === 'zettels.zettel.updated' && m.data.zettelId === z.id);
    expect(heard.data).toMatchObject({ version: 2, actorId: member.user.id, changes: ['body'], title: z.title });
    await save(member, mine, { body: 'private' });
    await sleep(300);
    expect(editor.messages.some((m) => m.data?.zettelId === mine.id)).toBe(false);
    expect(outsider.messages.some((m) => m.type.startsWith('zettels.'))).toBe(false);
    editor.ws.close(1000);
    outsider.ws.close(1000);
  });

  it("notify the author when an admin changes or trashes their zettel", async () => {
    const t = await registerCompany();
    const member = await addUser(t.company.id, 'cliente');
    const z = await make(member, { title: 'Shift handover', visibility: 'company' });
    await save(t, z, { body: 'Admin addition' });
    await vi.waitFor(
      async () => {
        const rows = await db().select().from(notifications).where(eq(notifications.userId, member.user.id));
        expect(rows.map((n) => n.title)).toContain('Your note “Shift handover” was changed');
      },
      { timeout: 8000 },
    );
    // Their own saves notify nobody.
    const own = await make(t, { title: 'Own note' });
    await save(t, own, { body: 'x' });
    await sleep(500);
    const adminInbox = await db().select().from(notifications).where(eq(notifications.userId, t.admin.user.id));
    expect(adminInbox.filter((n) => n.type.startsWith('zettels.'))).toEqual([]);
  });
});

describe('zettels: views', () => {
  it('the migrated views are exactly what zettels.visibility.ts generates', async () => {
    const { GENERATED_VIEWS } = await import('../src/modules/zettels/zettels.visibility');
    const normalize = (s: string) => s.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
    for (const [name, generate] of Object.entries(GENERATED_VIEWS)) {
      const row = await env.DB.prepare("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?").bind(name).first<{ sql: string }>();
      expect(row, name).not.toBeNull();
      expect(normalize(row!.sql)).toBe(normalize(generate()));
    }
  });
});

describe('zettels: demo data', () => {
  it("records the same links and mentions as the server's parser would", async () => {
    const { parseBody, titleKey } = await import('../src/modules/zettels/zettels.parser');
    // @ts-expect-error: a plain ES module of the seed scripts (no types).
    const demo = (await import('../scripts/demo-zettels.mjs')) as {
      ZETTELS: { title: string; body: string }[];
      demoRefs(body: string): unknown;
      titleKey(t: string): string;
    };
    expect(demo.ZETTELS.length).toBeGreaterThan(5);
    for (const z of demo.ZETTELS) {
      expect(demo.demoRefs(z.body), z.title).toEqual(parseBody(z.body));
      expect(demo.titleKey(z.title)).toBe(titleKey(z.title));
    }
  });

  it('documents the conflict answer and its data in OpenAPI', async () => {
    const doc = (await call('GET', '/api/v1/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/v1/zettels/{id}'].patch.responses)).toContain('409');
    expect(doc.components.schemas.Error.properties.data.description).toMatch(/409 CONFLICT/);
    expect(doc.paths['/api/v1/zettels/graph'].get.description).toMatch(/2,000/);
  });
});
