// CMMS bench scenario: `cmmsSetup` builds a maintenance dataset for one company through the API and returns the routes
// bench/run.mjs measures (the work-order and asset lists, a status change's D1 cost); its `after` sends 1,000 meter
// readings in bulk requests while the cron fires, and checks that every due PM work order was generated exactly once.

/** Runs `task(i)` for i < n with `width` requests in flight. */
async function pool(n, width, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

async function api(BASE, auth, method, path, body) {
  const res = await fetch(`${BASE}${path}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * @param {{ BASE: string, token: (user: object) => string, data: { companies: object[], users: object[] }, log: Function,
 *   company?: number, assets?: number, workOrders?: number, meters?: number }} opts
 * @returns {Promise<{ routes: object[], after: () => Promise<{ lines: string[], targets: [string, boolean][] }> }>}
 */
export async function cmmsSetup({ BASE, token, data, log, company = 5, assets: nAssets = 200, workOrders: nWorkOrders = 1000, meters: nMeters = 20 }) {
  const companyId = data.companies[company].id;
  const admin = data.users.find((u) => u.company_id === companyId && u.role === 'admin_empresa' && u.status === 'active');
  const tech = data.users.find((u) => u.company_id === companyId && u.role === 'cliente' && u.status === 'active');
  const adminAuth = { authorization: `Bearer ${token(admin)}` };
  const techAuth = { authorization: `Bearer ${token(tech)}` };
  const started = Date.now();

  const locations = [];
  for (const name of ['Plant', 'Hall A', 'Hall B', 'Utilities', 'Warehouse']) {
    locations.push((await api(BASE, adminAuth, 'POST', '/api/v1/cmms/locations', { name, ...(locations[0] ? { parentId: locations[0].id } : {}) })).data);
  }
  const assets = [];
  await pool(nAssets, 16, async (i) => {
    const body = { name: `Asset ${i} ${['pump', 'compressor', 'conveyor', 'chiller', 'press'][i % 5]}`, code: `A-${String(i).padStart(4, '0')}`, locationId: locations[i % locations.length].id, criticality: ['low', 'medium', 'high'][i % 3], status: i % 25 === 0 ? 'down' : 'operational' };
    assets[i] = (await api(BASE, adminAuth, 'POST', '/api/v1/cmms/assets', body)).data;
  });
  const day = 86_400_000;
  await pool(nWorkOrders, 16, async (i) => {
    await api(BASE, adminAuth, 'POST', '/api/v1/cmms/workorders', {
      title: `Work order ${i}: ${['replace belt', 'inspect bearings', 'fix leak', 'lubricate', 'calibrate'][i % 5]}`,
      assetId: assets[i % assets.length].id,
      priority: ['none', 'low', 'medium', 'high'][i % 4],
      assigneeIds: i % 3 === 0 ? [tech.id] : [],
      dueAt: new Date(Date.now() + ((i % 20) - 6) * day).toISOString(),
      checklist: i % 4 === 0 ? ['Isolate', 'Repair', 'Test'] : [],
    });
  });
  log(`cmms: ${locations.length} locations, ${assets.length} assets, ${nWorkOrders} work orders created through the API in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const sample = (await api(BASE, adminAuth, 'GET', '/api/v1/cmms/workorders?status=open&limit=1')).data[0];
  const routes = [
    { name: 'cmms work-order list', path: '/api/v1/cmms/workorders', headers: techAuth, read: true, vsFloor: true },
    { name: 'cmms work-order list (open)', path: '/api/v1/cmms/workorders?status=open,in_progress,on_hold', headers: techAuth, read: true },
    { name: 'cmms asset list', path: '/api/v1/cmms/assets', headers: techAuth, read: true },
    { name: 'work-order status change', path: `/api/v1/cmms/workorders/${sample.id}/status`, method: 'POST', headers: { ...adminAuth, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'in_progress' }), write: true, once: true },
  ];
  return { routes, after: () => bulkReadings({ BASE, adminAuth, techAuth, assets, nMeters, log }) };
}

/** 1,000 readings in 40 bulk requests while the cron fires: every due PM work order exactly once. */
async function bulkReadings({ BASE, adminAuth, techAuth, assets, nMeters, log }) {

  // Meter-based PM under bulk readings: each meter's schedule is due every 100 units; two bulk requests of 25 readings
  // per meter (0…240, then 250…490) cross 100 and then 300: exactly two work orders per schedule.
  const meters = [];
  await pool(nMeters, 8, async (i) => {
    const meter = (await api(BASE, adminAuth, 'POST', `/api/v1/cmms/assets/${assets[i].id}/meters`, { name: 'Running hours', unit: 'h' })).data;
    const schedule = (await api(BASE, adminAuth, 'POST', '/api/v1/cmms/schedules', { assetId: assets[i].id, title: `Service ${i}`, everyMeterUnits: 100, meterId: meter.id, nextDueMeter: 100 })).data;
    meters[i] = { meter, schedule };
  });
  const expected = nMeters * 2;
  const perRequest = 25;
  const sendStart = Date.now();
  let firing = true;
  const cronFires = (async () => {
    // The per-minute cron, fired continuously while readings arrive: it must never add a duplicate.
    while (firing) {
      await fetch(`${BASE.replace(/\/$/, '')}/cdn-cgi/local/scheduled`).then((r) => r.text()).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  let readingsSent = 0;
  await pool(nMeters, 8, async (i) => {
    for (const part of [0, 1]) {
      const readings = Array.from({ length: perRequest }, (_, k) => ({ value: (part * perRequest + k) * 10 }));
      await api(BASE, techAuth, 'POST', `/api/v1/cmms/meters/${meters[i].meter.id}/readings`, { readings });
      readingsSent += readings.length;
    }
  });
  const sentAfter = (Date.now() - sendStart) / 1000;
  let generated = 0;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    generated = (await api(BASE, adminAuth, 'GET', '/api/v1/cmms/workorders?type=preventive&limit=1')).meta.total;
    if (generated >= expected) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const allGeneratedAfter = (Date.now() - sendStart) / 1000;
  // Let the cron and any re-delivered events run a while longer: the count must not move.
  await new Promise((r) => setTimeout(r, 3000));
  firing = false;
  await cronFires;
  const finalCount = (await api(BASE, adminAuth, 'GET', '/api/v1/cmms/workorders?type=preventive&limit=1')).meta.total;
  const perSchedule = [];
  for (let page = 1; page <= Math.ceil(nMeters / 100); page++) {
    perSchedule.push(...(await api(BASE, adminAuth, 'GET', `/api/v1/cmms/schedules?limit=100&page=${page}`)).data.map((s) => s.generatedCount));
  }
  const duplicates = finalCount - expected;
  const readings = { readingsSent, requests: nMeters * 2, expected, generated: finalCount, duplicates, sentSeconds: sentAfter, allGeneratedSeconds: allGeneratedAfter, schedulesOff: perSchedule.filter((n) => n !== 2).length };
  log(`cmms readings: ${readingsSent} readings in ${readings.requests} requests (${sentAfter.toFixed(1)} s); ${finalCount}/${expected} PM work orders, all after ${allGeneratedAfter.toFixed(1)} s`);

  const targets = [
    [`cmms: ${readingsSent} bulk readings → every due PM work order generated (${finalCount}/${expected})`, readingsSent === nMeters * 2 * perRequest && finalCount >= expected],
    [`cmms: … exactly once (${Math.max(0, duplicates)} duplicates; ${readings.schedulesOff} schedules off count)`, duplicates === 0 && readings.schedulesOff === 0],
  ];
  return {
    lines: [`CMMS bulk readings: ${readingsSent} readings in ${readings.requests} requests (${sentAfter.toFixed(1)} s); ${finalCount}/${expected} PM work orders, all after ${allGeneratedAfter.toFixed(1)} s, ${Math.max(0, duplicates)} duplicates`],
    targets,
  };
}
