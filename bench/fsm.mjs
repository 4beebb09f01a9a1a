// FSM bench scenario: builds one company's field service through the API on the bench dataset (technicians with
// shifts and home bases, customers with sites around São Paulo, a tray of unscheduled jobs, a busy day of visits with
// a few conflicts, and visits on other days), then measures the dispatch board's D1 cost (≤ 2 round trips, rows read
// about what it returns) and loads the board and a technician's optimized day; last, 20 dispatchers PATCH one visit
// at the same version at once: exactly one may win.
// bench/run.mjs calls `fsmSetup` once the server is up: the board and the optimized day join its interleaved HTTP
// rounds (routes), and `after` checks their D1 budgets and runs the race (lines and targets for the report).

/** Runs `work(i)` for i < n with at most `width` in flight. */
async function pool(n, width, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

async function api(BASE, auth, method, path, body) {
  const res = await fetch(`${BASE}${path}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const pad = (n) => String(n).padStart(2, '0');

/**
 * @param {{ BASE: string, token: (user: object) => string, data: { companies: object[], users: object[] },
 *   d1Cost: Function, log: Function, quick?: boolean, company?: number }} opts
 * @returns {Promise<{ routes: object[], after: () => Promise<{ lines: string[], targets: [string, boolean][] }> }>}
 */
export async function fsmSetup({ BASE, token, data, d1Cost, log, quick = false, company = 7 }) {
  const started = Date.now();
  const companyId = data.companies[company].id;
  const members = data.users.filter((u) => u.company_id === companyId && u.status === 'active');
  const admin = members.find((u) => u.role === 'admin_empresa');
  const adminAuth = { authorization: `Bearer ${token(admin)}` };
  const techUsers = members.filter((u) => u.role === 'cliente').slice(0, quick ? 8 : 15);
  const nCustomers = quick ? 20 : 60;
  const nTray = quick ? 40 : 120;
  const perTechToday = 6;
  const nOtherDays = quick ? 150 : 600;
  const date = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const skills = ['hvac', 'electrical', 'plumbing', 'refrigeration', 'gas'];

  await pool(techUsers.length, 8, async (i) => {
    // Every third technician has no shift on the bench day: their visits are "outside shift".
    const days = [0, 1, 2, 3, 4, 5, 6].filter((d) => i % 3 !== 2 || d !== weekday);
    await api(BASE, adminAuth, 'PUT', `/api/v1/fsm/technicians/${techUsers[i].id}`, {
      skills: [skills[i % skills.length], skills[(i + 1) % skills.length]],
      shifts: days.map((weekday) => ({ weekday, start: '11:00', end: '20:00' })),
      homeLat: -23.55 + ((i % 5) - 2) * 0.03,
      homeLng: -46.63 + ((i % 7) - 3) * 0.03,
    });
  });
  const places = [];
  await pool(nCustomers, 8, async (i) => {
    const c = (await api(BASE, adminAuth, 'POST', '/api/v1/fsm/customers', { name: `Cliente ${i} Ltda`, email: `cliente${i}@example.com`, phone: `+55 11 3000-${String(1000 + i)}` })).data;
    const s = (await api(BASE, adminAuth, 'POST', `/api/v1/fsm/customers/${c.id}/sites`, { name: `Unidade ${i}`, address: `Rua Exemplo ${100 + i}, São Paulo`, lat: -23.5 - (i % 17) * 0.01, lng: -46.55 - (i % 13) * 0.015 })).data;
    places[i] = { customerId: c.id, siteId: s.id };
  });
  const newJob = async (i, extra = {}) =>
    (await api(BASE, adminAuth, 'POST', '/api/v1/fsm/jobs', { ...places[i % nCustomers], title: `Chamado ${i}: ${['ar-condicionado', 'quadro elétrico', 'vazamento', 'câmara fria', 'gás'][i % 5]}`, requiredSkills: [skills[i % skills.length]], durationMin: 60, priority: ['low', 'medium', 'high'][i % 3], ...extra })).data;
  await pool(nTray, 8, async (i) => newJob(i));
  // The bench day: six one-hour visits per technician from 11:00 UTC, one hour apart; every fourth technician has two overlapping.
  const today = [];
  await pool(techUsers.length * perTechToday, 8, async (k) => {
    const t = Math.floor(k / perTechToday);
    const slot = k % perTechToday;
    const j = await newJob(1000 + k);
    const minute = t % 4 === 0 && slot === 1 ? '30' : '00';
    const hour = 11 + slot - (t % 4 === 0 && slot === 1 ? 1 : 0);
    today[k] = (await api(BASE, adminAuth, 'POST', '/api/v1/fsm/visits', { jobId: j.id, technicianIds: [techUsers[t].id], start: `${date}T${pad(hour)}:${minute}:00.000Z`, version: j.version })).data;
  });
  await pool(nOtherDays, 8, async (k) => {
    const j = await newJob(5000 + k);
    const day = new Date(Date.parse(`${date}T00:00:00Z`) + (1 + (k % 20)) * 86_400_000).toISOString().slice(0, 10);
    await api(BASE, adminAuth, 'POST', '/api/v1/fsm/visits', { jobId: j.id, technicianIds: [techUsers[k % techUsers.length].id], start: `${day}T${pad(11 + (k % 8))}:00:00.000Z` });
  });
  const dataset = { technicians: techUsers.length, customers: nCustomers, tray: nTray, visitsThatDay: today.length, visitsOtherDays: nOtherDays, seconds: (Date.now() - started) / 1000 };
  log(`fsm: ${JSON.stringify(dataset)} built through the API`);
  // Building it left hundreds of events (notifications, live delivery) in the queue: measure once they are done.
  const staff = data.staff?.[0];
  const drainUntil = Date.now() + 120_000;
  while (staff && Date.now() < drainUntil) {
    const backlog = (await api(BASE, { authorization: `Bearer ${token(staff)}` }, 'GET', '/api/v1/admin/outbox')).data.events.waiting;
    if (backlog === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }

  const tech = techUsers[0];
  const routes = [
    { name: 'fsm board (dispatcher)', path: `/api/v1/fsm/board?date=${date}`, headers: adminAuth, vsFloor: true },
    { name: "fsm technician's day (optimized)", path: `/api/v1/fsm/my-day?date=${date}&optimize=true`, headers: { authorization: `Bearer ${token(tech)}` } },
  ];
  const after = async () => {
    const board = (await api(BASE, adminAuth, 'GET', routes[0].path)).data;
    const boardRows = board.unassigned.length + board.lanes.length + board.lanes.reduce((n, l) => n + l.visits.length, 0);
    const costs = [];
    for (const r of routes) costs.push(await d1Cost(r.name, r));
    costs[0].returned = boardRows;

    // 20 dispatchers move the same visit at the same version at once: exactly one wins, the rest get 409.
    const target = today[2];
    const racing = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${BASE}/api/v1/fsm/visits/${target.id}`, { method: 'PATCH', headers: { ...adminAuth, 'content-type': 'application/json' }, body: JSON.stringify({ version: target.version, start: `${date}T${pad(11 + (i % 8))}:15:00.000Z` }) }).then((r) => r.status),
      ),
    );
    const won = racing.filter((s) => s === 200).length;
    const refused = racing.filter((s) => s === 409).length;
    const moved = (await api(BASE, adminAuth, 'GET', `/api/v1/fsm/visits/${target.id}`)).data;
    log(`fsm: board ${boardRows} rows (${board.conflicts.length} conflicts) in ${costs[0].roundTrips} round trips, ${costs[0].rowsRead} rows read; race: ${won} won, ${refused} refused, version ${moved.version}`);

    const targets = [
      [`fsm board: ≤ 2 round trips (${costs[0].roundTrips}), rows read ≤ 4×${boardRows}+50 (${costs[0].rowsRead})`, costs[0].status === 200 && costs[0].roundTrips <= 2 && costs[0].rowsRead <= 4 * boardRows + 50],
      [`fsm board: every conflict kind present (${[...new Set(board.conflicts.map((c) => c.kind))].sort().join(', ')})`, ['missing_skill', 'outside_shift', 'overlap'].every((k) => board.conflicts.some((c) => c.kind === k))],
      [`fsm technician's day: ≤ 2 round trips (${costs[1].roundTrips}), rows read ≤ 4×${costs[1].returned}+50 (${costs[1].rowsRead})`, costs[1].status === 200 && costs[1].roundTrips <= 2 && costs[1].rowsRead <= 4 * costs[1].returned + 50],
      [`fsm: 20 concurrent PATCHes at one version → one wins (${won} won, ${refused} got 409, version ${moved.version})`, won === 1 && refused === 19 && moved.version === target.version + 1],
    ];
    const lines = [`FSM (${dataset.technicians} technicians, ${dataset.tray} jobs in the tray, ${dataset.visitsThatDay} visits that day, ${dataset.visitsOtherDays} on other days): board ${boardRows} rows with ${board.conflicts.length} conflicts in ${costs[0].roundTrips} round trips, ${costs[0].rowsRead} rows read; technician's day ${costs[1].roundTrips} round trips, ${costs[1].rowsRead} rows read; 20 racing PATCHes: ${won} won, ${refused} got 409`];
    return { lines, targets };
  };
  return { routes, after };
}
