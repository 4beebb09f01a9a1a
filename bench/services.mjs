// Services marketplace bench scenario: builds a realistic marketplace through the API on the bench dataset's companies
// (requests of every type and status, proposals, offerings), then measures the D1 cost of the services routes and
// loads the list as a member of a company with active partners (the full visibility rule), like the job list.
// Integration into bench/run.mjs is one call after the server is up:
//   const services = await servicesBench({ BASE, token, data, load, d1Cost, log, bare: http[0], quick: QUICK });
// It returns { dataset, costs, http, targets } in the shapes run.mjs already prints.
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

export async function servicesBench({ BASE, token, data, load, d1Cost, log, bare, quick = false, perCompany = quick ? 12 : 30 }) {
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
  const routes = [
    { name: 'services list (partner member)', path: '/api/v1/services', headers: auth, loaded: true, held: true },
    { name: 'services list + search', path: '/api/v1/services?search=manutencao%20preventiva', headers: auth, loaded: true, held: true },
    { name: 'services list, open, by type', path: '/api/v1/services?status=open&types=public,partners', headers: auth, held: true },
    { name: 'proposals of a request (requester)', path: `/api/v1/services/${targets[0].id}/proposals`, headers: { authorization: `Bearer ${token(admins.get(targets[0].companyId))}` } },
    { name: 'offerings list', path: '/api/v1/offerings', headers: auth },
    { name: 'engagements list', path: '/api/v1/engagements', headers: auth },
  ];
  const costs = [];
  for (const route of routes) costs.push(await d1Cost(route.name, route));
  const http = [];
  for (const route of routes.filter((x) => x.loaded)) http.push(await load(route.name, route));
  const list = http[0];
  const checks = [
    // The service request lists are held to the D1 budget; the other routes' costs are reported (their first request
    // also pays the caller's one-off revocation lookup, remembered for 5 s).
    ...costs
      .filter((c, i) => routes[i].held)
      .map((c) => [`${c.name}: ${c.status} in ≤ 2 round trips (${c.roundTrips}), rows read ≤ 3×${c.returned}+50 (${c.rowsRead})`, c.status === 200 && c.roundTrips <= 2 && c.rowsRead <= 3 * c.returned + 50]),
    [`services list answered 2xx under load (${list.non2xx + list.errors} did not)`, list.non2xx + list.errors === 0],
    ...(bare ? [[`services list ≥ 60% of bare req/s (${((list.rps / bare.rps) * 100).toFixed(0)}%)`, list.rps >= 0.6 * bare.rps]] : []),
  ];
  return { dataset, costs, http, targets: checks };
}
