import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Caller } from '../src/core/auth/caller';
import { listZettels, tagCounts } from '../src/modules/zettels/zettels.queries';
import { zettelListQuery } from '../src/modules/zettels/zettels.schemas';
import { zettelViewerOf } from '../src/modules/zettels/zettels.visibility';
import { queryPlan, recordingD1 } from './d1-probe';
import { addStaff, addUser, makePartners, registerCompany, type Member, type Tenant } from './helpers';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const TAGS = `CASE i % 4 WHEN 0 THEN '["pumps","safety"]' WHEN 1 THEN '["safety"]' WHEN 2 THEN '["valves"]' ELSE '[]' END`;

/** `n` zettels written straight into D1 (the triggers index them exactly as the API's inserts do). */
async function bulk(companyId: string, authorId: string, n: number, visibility: string, title: string) {
  await env.DB.prepare(
    `WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?3)
     INSERT INTO zettels (id, company_id, author_id, title, title_key, body, tags, visibility, version, write_id, created_at, updated_at)
     SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-a' || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
       ?1, ?2, ?5 || ' ' || i, lower(?5) || ' ' || i, 'Body of ' || ?5 || ' number ' || i || '. Check the pump seals and the valve.', ${TAGS}, ?4, 1, 'seed', t, t
     FROM (SELECT i, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || abs(random() % 5000000) || ' seconds') AS t FROM c)`,
  )
    .bind(companyId, authorId, n, visibility, title)
    .run();
}

interface World {
  owner: Tenant;
  member: Member;
  partners: Tenant[];
  unrelated: Tenant;
  staff: Member;
}

let w: World;

beforeAll(async () => {
  const owner = await registerCompany();
  const member = await addUser(owner.company.id, 'cliente');
  const partners = [await registerCompany(), await registerCompany()];
  const unrelated = await registerCompany();
  for (const p of partners) await makePartners(owner, p);
  // The unrelated company shares with partners of its own: noise the partner arm must not walk through.
  const itsPartner = await registerCompany();
  await makePartners(unrelated, itsPartner);
  await bulk(owner.company.id, owner.admin.user.id, 400, 'company', 'Pump procedure');
  await bulk(owner.company.id, owner.admin.user.id, 150, 'partners', 'Shared valve guide');
  await bulk(owner.company.id, member.user.id, 60, 'personal', 'Member pump diary');
  await bulk(owner.company.id, owner.admin.user.id, 60, 'personal', 'Admin pump plan');
  for (const p of partners) {
    await bulk(p.company.id, p.admin.user.id, 200, 'partners', 'Partner pump note');
    await bulk(p.company.id, p.admin.user.id, 200, 'company', 'Partner internal pump');
  }
  // Many tags by several authors: the tags endpoint must not read a counter row per author and tag.
  for (let a = 0; a < 4; a++) {
    const author = await addUser(owner.company.id, 'cliente');
    await env.DB.prepare(
      `WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 40)
       INSERT INTO zettels (id, company_id, author_id, title, title_key, body, tags, visibility, version, write_id, created_at, updated_at)
       SELECT lower(hex(randomblob(16))), ?1, ?2, 'Tagged ' || i, 'tagged ' || i, '', json_array('topic-' || i, 'area-' || (i % 7)), CASE WHEN i % 2 THEN 'company' ELSE 'personal' END, 1, 'seed', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
       FROM c`,
    )
      .bind(owner.company.id, author.user.id)
      .run();
  }
  await bulk(unrelated.company.id, unrelated.admin.user.id, 800, 'partners', 'Other pump share');
  await bulk(unrelated.company.id, unrelated.admin.user.id, 300, 'company', 'Other pump internal');
  w = { owner, member, partners, unrelated, staff: await addStaff('DEV') };
});

const asCaller = (m: Member): Caller => ({ kind: 'user', id: m.user.id, companyId: m.user.companyId, role: m.user.role, scopes: null, exp: 0, authVersion: 0 });

/** Runs a read through a D1 that counts its cost and records every statement (for EXPLAIN QUERY PLAN). */
async function measured<T>(run: (db: ReturnType<typeof recordingD1>['db']) => Promise<T>) {
  const { db, stats, statements } = recordingD1();
  const result = await run(db);
  return { result, stats, statements };
}

const plan = queryPlan;

describe('zettels: D1 cost of lists and searches', () => {
  it('reads at most 3 × rows returned + 50 in one round trip, for every viewer and filter', async () => {
    const viewers: Record<string, Caller> = {
      member: asCaller(w.member),
      admin: asCaller(w.owner.admin),
      partner: asCaller(w.partners[0]!.admin),
      staff: asCaller(w.staff),
      apiKey: { ...asCaller(w.owner.admin), kind: 'apiKey', scopes: ['zettels:read'] },
    };
    const queries: Record<string, string>[] = [
      {},
      { tag: 'pumps' },
      { tag: 'safety', sortBy: 'title', sortOrder: 'asc' },
      { sortBy: 'title' },
      { authorId: w.owner.admin.user.id },
      { authorId: w.partners[0]!.admin.user.id, tag: 'valves' },
      { visibility: 'partners' },
      { visibility: 'personal,company', tag: 'safety' },
      { page: '3', limit: '20' },
      { limit: '100' },
      { search: 'pump' },
      { search: 'valve guide', tag: 'safety' },
      { search: 'pump', visibility: 'partners' },
    ];
    const report: string[] = [];
    const failures: string[] = [];
    for (const [who, caller] of Object.entries(viewers)) {
      for (const q of queries) {
        const { result, stats } = await measured((db) => listZettels(db, zettelViewerOf(caller), zettelListQuery.parse(q)));
        const budget = 3 * result.rows.length + 50;
        const line = `${who} ${JSON.stringify(q)}: ${stats.rowsRead} rows read (${stats.perStatement?.join('+')}) for ${result.rows.length} returned (total ${result.total}), ${stats.roundTrips} round trip(s)`;
        report.push(line);
        if (stats.roundTrips > 1 || stats.rowsRead > budget) failures.push(line);
      }
    }
    expect(failures, report.join('\n')).toEqual([]);
  });

  it('answers the tags of what the viewer sees from the counters', async () => {
    for (const m of [w.member, w.partners[0]!.admin, w.staff]) {
      const { result, stats } = await measured((db) => tagCounts(db, zettelViewerOf(asCaller(m))));
      expect(result.length).toBeGreaterThan(0);
      expect(stats.rowsRead, JSON.stringify(result)).toBeLessThanOrEqual(3 * result.length + 50);
      expect(stats.roundTrips).toBe(1);
    }
    const { result } = await measured((db) => tagCounts(db, zettelViewerOf(asCaller(w.member))));
    // The member sees the company's 400 + 150, their own 60 personal, and the two partners' 200 partners zettels each.
    const seen = [400, 150, 60, 200, 200];
    const having = (...r: number[]) => seen.reduce((sum, n) => sum + Array.from({ length: n }, (_, k) => (k + 1) % 4).filter((x) => r.includes(x)).length, 0);
    const counts = Object.fromEntries(result.map((r) => [r.tag, r.count]));
    expect({ safety: counts.safety, pumps: counts.pumps, valves: counts.valves }).toEqual({ safety: having(0, 1), pumps: having(0), valves: having(2) });
    // The four extra authors' company zettels (odd i): topic-1 … topic-39 once per author.
    expect(counts['topic-1']).toBe(4);
    expect(counts['topic-2']).toBeUndefined();
  });

  it('never scans a zettels table: every statement is served by indexes', async () => {
    const offenders: string[] = [];
    for (const m of [w.member, w.staff]) {
      for (const q of [{}, { tag: 'pumps', sortBy: 'title' }, { authorId: w.member.user.id }, { search: 'pump' }, { visibility: 'partners' }]) {
        const { statements } = await measured((db) => listZettels(db, zettelViewerOf(asCaller(m)), zettelListQuery.parse(q)));
        for (const s of statements) {
          for (const line of await plan(s)) {
            if (/^SCAN (zettels|zettel_index|zettel_shares|zettel_counts|users)\b(?! USING (COVERING )?INDEX)/.test(line)) offenders.push(`${JSON.stringify(q)}: ${line}`);
          }
        }
      }
    }
    expect(offenders.join('\n')).toBe('');
  });
});
