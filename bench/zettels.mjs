// Zettels bench scenario: builds a linked knowledge base through the API on the bench dataset, then measures the D1
// cost of every zettels read (round trips, rows read vs rows returned) and HTTP load on the list, search and one note.
// bench/run.mjs calls `zettelsSetup` once the server is up and measures the routes it returns with its own.
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
 * @returns {Promise<{ routes: object[], lines: string[] }>}
 */
export async function zettelsSetup({ BASE, token, data, log, quick = false }) {
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
  // Held to the D1 budget (`read`), the search also to the /health floor; the others' cost is reported (`once`).
  const routes = [
    { name: 'zettel list (member)', path: '/api/v1/zettels', headers: auth, read: true },
    { name: 'zettel list, tag filter', path: `/api/v1/zettels?tag=${encodeURIComponent('manutenção')}`, headers: auth, read: true, once: true },
    { name: 'zettel list, by title', path: '/api/v1/zettels?sortBy=title&sortOrder=asc', headers: auth, read: true, once: true },
    { name: 'zettel list, author filter', path: `/api/v1/zettels?authorId=${admin.id}`, headers: auth, read: true, once: true },
    { name: 'zettel list (partner admin)', path: '/api/v1/zettels', headers: { authorization: `Bearer ${token(partnerAdmin)}` }, read: true, once: true },
    { name: 'zettel search', path: '/api/v1/zettels?search=manutencao%20preventiva', headers: auth, read: true, vsFloor: true },
    { name: 'zettel search + tag', path: '/api/v1/zettels?search=selo&tag=safety', headers: auth, read: true, once: true },
    { name: 'zettel search sorted by title', path: '/api/v1/zettels?search=valvulas&sortBy=title', headers: auth, once: true },
    { name: 'zettel tags', path: '/api/v1/zettels/tags', headers: auth, read: true, once: true },
    { name: 'zettel by id (links, backlinks, mentions)', path: `/api/v1/zettels/${hub.id}`, headers: auth },
    { name: 'zettel graph', path: '/api/v1/zettels/graph', headers: auth, once: true },
  ];
  return { routes, lines: [`Zettels: ${plan.length} created through the API in ${seconds.toFixed(1)} s`] };
}
