// Zettels bench scenario: builds a linked knowledge base through the API on the bench dataset, then measures the D1
// cost of every zettels read (round trips, rows read vs rows returned) and HTTP load on the list, search and one note.
// Integration into bench/run.mjs is one line after wrangler dev is up, e.g.
//   const zt = await zettelsBench({ BASE, token, data, load, d1Cost, log, quick: QUICK });
// and then `targets.push(...zt.targets)` and print `zt.lines` with the report.
import { rng } from './dataset.mjs';

const TOPICS = [
  'Manutenção preventiva da bomba',
  'Troca de selo mecânico',
  'Inspeção de válvulas',
  'HVAC filter change',
  'Lockout-tagout on line',
  'Calibração de sensores',
  'Compressor start-up',
  'Segurança em trabalho a quente',
  'Boiler water treatment',
  'Quadro elétrico: aperto de bornes',
];
const TAGS = ['procedure', 'safety', 'pumps', 'hvac', 'electrical', 'onboarding', 'checklist', 'manutenção'];

/** Runs `fn` over `items` with `n` requests in flight. */
async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/**
 * @param {{ BASE: string, token: (user: object) => string, data: object, load: Function, d1Cost: Function, log: Function, quick?: boolean }} bench
 * @returns {Promise<{ costs: object[], http: object[], targets: [string, boolean][], lines: string[] }>}
 */
export async function zettelsBench({ BASE, token, data, load, d1Cost, log, quick = false }) {
  const r = rng(7);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const home = data.companies[1];
  const active = (u) => u.status === 'active';
  const member = data.users.find((u) => u.company_id === home.id && u.role === 'cliente' && active(u));
  const admin = data.users.find((u) => u.company_id === home.id && u.role === 'admin_empresa' && active(u));
  const partnerIds = data.partnerships
    .filter((p) => p.status === 'active' && (p.requester_company_id === home.id || p.target_company_id === home.id))
    .map((p) => (p.requester_company_id === home.id ? p.target_company_id : p.requester_company_id));
  const authorsOf = (companyId) => data.users.filter((u) => u.company_id === companyId && active(u)).slice(0, 5);
  const homeJobs = data.jobs.filter((j) => j.company_id === home.id).map((j) => j.id);
  const others = data.companies.filter((c) => c.id !== home.id && !partnerIds.includes(c.id)).slice(0, 6);

  // Who writes what: the home company's knowledge base (every visibility), its partners' shared notes, and noise
  // from unrelated companies (also shared with partners of their own) that the home viewers must never read.
  const scale = quick ? 0.4 : 1;
  const plan = [
    ...Array.from({ length: Math.round(360 * scale) }, (_, i) => ({ company: home.id, i, visibility: i % 5 === 0 ? 'personal' : i % 3 === 0 ? 'partners' : 'company' })),
    ...partnerIds.flatMap((id) => Array.from({ length: Math.round(60 * scale) }, (_, i) => ({ company: id, i, visibility: i % 2 ? 'partners' : 'company' }))),
    ...others.flatMap((c) => Array.from({ length: Math.round(40 * scale) }, (_, i) => ({ company: c.id, i, visibility: i % 2 ? 'partners' : 'company' }))),
  ];
  const titles = new Map();
  const created = [];
  const started = Date.now();
  let failed = 0;
  await pool(plan, 16, async (p) => {
    const author = pick(authorsOf(p.company));
    const title = `${pick(TOPICS)} ${p.i}`;
    const earlier = titles.get(p.company) ?? [];
    const links = Array.from({ length: Math.min(3, earlier.length) }, () => `[[${pick(earlier)}]]`).join(', ');
    const mention = p.company === home.id && homeJobs.length ? ` Needs @job:${pick(homeJobs)}.` : '';
    const body = `# ${title}\n\nSteps: isolate, inspect, record. Veja também ${links || '[[Índice]]'}.${mention}\n\n\`\`\`\n[[not a link]]\n\`\`\``;
    const res = await fetch(`${BASE}/api/v1/zettels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token(author)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title, body, tags: [pick(TAGS), pick(TAGS)], visibility: p.visibility }),
    });
    if (res.status !== 201) {
      failed++;
      return;
    }
    const z = (await res.json()).data;
    titles.set(p.company, [...earlier, title]);
    if (p.company === home.id) created.push(z);
  });
  const seconds = (Date.now() - started) / 1000;
  log(`zettels: ${plan.length - failed}/${plan.length} created through the API in ${seconds.toFixed(1)} s (${((plan.length - failed) / seconds).toFixed(0)}/s)`);
  if (failed > 0) throw new Error(`${failed} zettel creations failed`);

  const auth = { authorization: `Bearer ${token(member)}` };
  const partnerAdmin = data.users.find((u) => u.company_id === partnerIds[0] && u.role === 'admin_empresa' && active(u));
  const hub = created.find((z) => z.visibility === 'company' && z.links.length > 0) ?? created[0];
  const routes = [
    { name: 'zettel list (member)', path: '/api/v1/zettels', headers: auth, budget: true },
    { name: 'zettel list, tag filter', path: `/api/v1/zettels?tag=${encodeURIComponent('manutenção')}`, headers: auth, budget: true },
    { name: 'zettel list, by title', path: '/api/v1/zettels?sortBy=title&sortOrder=asc', headers: auth, budget: true },
    { name: 'zettel list, author filter', path: `/api/v1/zettels?authorId=${admin.id}`, headers: auth, budget: true },
    { name: 'zettel list (partner admin)', path: '/api/v1/zettels', headers: { authorization: `Bearer ${token(partnerAdmin)}` }, budget: true },
    { name: 'zettel search', path: '/api/v1/zettels?search=manutencao%20preventiva', headers: auth, budget: true },
    { name: 'zettel search + tag', path: '/api/v1/zettels?search=selo&tag=safety', headers: auth, budget: true },
    { name: 'zettel search sorted by title', path: '/api/v1/zettels?search=valvulas&sortBy=title', headers: auth, budget: false },
    { name: 'zettel tags', path: '/api/v1/zettels/tags', headers: auth, budget: true },
    { name: 'zettel by id (links, backlinks, mentions)', path: `/api/v1/zettels/${hub.id}`, headers: auth, budget: false },
    { name: 'zettel graph', path: '/api/v1/zettels/graph', headers: auth, budget: false },
  ];
  const costs = [];
  for (const route of routes) costs.push({ ...(await d1Cost(route.name, route)), budget: route.budget });
  const http = [];
  for (const route of [routes[0], routes[5], routes[9]]) http.push(await load(route.name, route));

  const targets = [
    ...costs.filter((c) => c.budget).map((c) => [`${c.name}: ≤ 2 round trips (${c.roundTrips}), rows read ≤ 3×${c.returned}+50 (${c.rowsRead})`, c.status === 200 && c.roundTrips <= 2 && c.rowsRead <= 3 * c.returned + 50]),
    ...costs.filter((c) => !c.budget).map((c) => [`${c.name}: answers 200 in ≤ 3 round trips (${c.status}, ${c.roundTrips})`, c.status === 200 && c.roundTrips <= 3]),
    ...http.map((h) => [`${h.name}: every request 2xx (${h.non2xx + h.errors} not)`, h.non2xx + h.errors === 0]),
  ];
  const lines = [
    `Zettels: ${plan.length} created in ${seconds.toFixed(1)} s; D1 per request (round trips / rows read / rows returned):`,
    ...costs.map((c) => `  ${c.name}: ${c.roundTrips} / ${c.rowsRead} / ${c.returned} (per statement: ${c.perStatement})`),
    ...http.map((h) => `  load ${h.name}: ${h.rps.toFixed(0)} req/s, p50 ${h.p50} ms, p99 ${h.p99} ms`),
  ];
  return { costs, http, targets, lines };
}
