// Services marketplace bench scenario: builds a realistic marketplace through the API on the bench dataset's companies
// (requests of every type and status, proposals, offerings), then measures the D1 cost of the services routes and
// loads the list as a member of a company with active partners (the full visibility rule), like the job list.
// bench/run.mjs calls `servicesSetup` once the server is up and measures the routes it returns with its own (interleaved
// rounds against the /health floor, D1 cost of each; `once` routes are measured for their D1 cost only).
import { rng } from './dataset.mjs';

const TITLES = [
  'Manutenção preventiva de ar-condicionado',
  'Rooftop HVAC overhaul',
  'Inspeção elétrica anual',
  'Warehouse LED retrofit',
  'Network cabling for a new depot',
  'Emergency generator service',
  'Limpeza industrial pós-obra',
  'Forklift fleet maintenance',
  'Fire alarm system inspection',
  'Instalação de painéis solares',
];
const CATEGORIES = ['hvac', 'electrical', 'maintenance', 'networking', 'cleaning', 'solar', 'safety'];
const SENTENCES = [
  'Work must be done outside business hours.',
  'Relatório técnico assinado ao final do serviço.',
  'Parts and travel included in the price.',
  'Preventive maintenance plan for twelve months.',
  'Acesso ao local com agendamento prévio.',
];

/** Runs `work(i)` for i < n with at most `width` in flight. */
async function pool(n, width, work) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, n) }, async () => {
    while (next < n) await work(next++);
  }));
}

export async function servicesSetup({ BASE, token, data, log, quick = false, perCompany = quick ? 12 : 30 }) {
  const r = rng(7);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const admins = new Map();
  for (const u of data.users) if (u.role === 'admin_empresa' && u.status === 'active' && !admins.has(u.company_id)) admins.set(u.company_id, u);
  const companies = data.companies.filter((c) => admins.has(c.id));
  const json = (user) => ({ authorization: `Bearer ${token(user)}`, 'content-type': 'application/json' });
  const post = async (user, path, body, method = 'POST') => {
    const res = await fetch(`${BASE}${path}`, { method, headers: json(user), body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()).data;
  };

  const started = Date.now();
  const plan = companies.flatMap((c) => Array.from({ length: perCompany }, () => c));
  const requests = [];
  await pool(plan.length, 16, async (i) => {
    const c = plan[i];
    const roll = r();
    const types = roll < 0.45 ? ['public'] : roll < 0.65 ? ['partners'] : ['public', 'partners'];
    const title = `${pick(TITLES)} ${i}`;
    const created = await post(admins.get(c.id), '/api/v1/services', {
      title,
      description: `${title}: ${pick(SENTENCES)} ${pick(SENTENCES)}`,
      category: pick(CATEGORIES),
      budgetMin: 100_000,
      budgetMax: 100_000 + Math.floor(r() * 50) * 10_000,
      currency: 'EUR',
      types,
    });
    const status = r();
    if (status < 0.15) await post(admins.get(c.id), `/api/v1/services/${created.id}`, { status: 'closed' }, 'PATCH');
    else requests.push({ ...created, types });
  });
  // Proposals from other companies on a third of the open public requests.
  const targets = requests.filter((s) => s.types.includes('public')).filter(() => r() < 0.33);
  let proposals = 0;
  await pool(targets.length, 16, async (i) => {
    const s = targets[i];
    const bidders = companies.filter((c) => c.id !== s.companyId).sort(() => r() - 0.5).slice(0, 1 + Math.floor(r() * 3));
    for (const b of bidders) {
      await post(admins.get(b.id), `/api/v1/services/${s.id}/proposals`, { price: 100_000 + Math.floor(r() * 400) * 1000, timelineDays: 5 + Math.floor(r() * 60), message: 'Bench proposal.' });
      proposals++;
    }
  });
  await pool(companies.length, 8, (i) =>
    post(admins.get(companies[i].id), '/api/v1/offerings', { title: `${pick(TITLES)} plan`, description: `${pick(SENTENCES)} ${pick(SENTENCES)}`, category: pick(CATEGORIES), priceFrom: 50_000 }),
  );
  const dataset = { requests: plan.length, open: requests.length, proposals, offerings: companies.length, seconds: (Date.now() - started) / 1000 };
  log(`services: ${JSON.stringify(dataset)}`);

  // The viewer: a member of company 1 (active partners), as the job list bench.
  const member = data.users.find((u) => u.company_id === data.companies[1].id && u.role === 'cliente' && u.status === 'active');
  const auth = { authorization: `Bearer ${token(member)}` };
  // One request with one proposal kept aside, accepted once to price the accept (a write: one transaction).
  const requester = companies[0];
  const bidder = companies[1];
  const aside = await post(admins.get(requester.id), '/api/v1/services', { title: 'Bench accept', description: 'A request whose proposal the bench accepts.', category: 'maintenance', currency: 'EUR', types: ['public'] });
  const offer = await post(admins.get(bidder.id), `/api/v1/services/${aside.id}/proposals`, { price: 150_000, timelineDays: 10, message: 'Bench proposal to accept.' });
  return {
    routes: [
      { name: 'services list (partner member)', path: '/api/v1/services', headers: auth, read: true, vsFloor: true },
      { name: 'services list + search', path: '/api/v1/services?search=manutencao%20preventiva', headers: auth, read: true },
      { name: 'services list, open, by type', path: '/api/v1/services?status=open&types=public,partners', headers: auth, read: true },
      { name: 'proposals of a request (requester)', path: `/api/v1/services/${targets[0].id}/proposals`, headers: { authorization: `Bearer ${token(admins.get(targets[0].companyId))}` }, once: true },
      { name: 'offerings list', path: '/api/v1/offerings', headers: auth, once: true },
      { name: 'engagements list', path: '/api/v1/engagements', headers: auth, once: true },
      { name: 'accept a proposal', path: `/api/v1/proposals/${offer.id}/accept`, method: 'POST', headers: json(admins.get(requester.id)), write: true, once: true },
    ],
    lines: [`Services dataset: ${JSON.stringify(dataset)}`],
  };
}
