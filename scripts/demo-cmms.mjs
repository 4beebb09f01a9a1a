// Demo CMMS for Acme: a plant with locations, ~20 assets, meters with readings, PM schedules (by time, by meter, both,
// from completion), open, overdue and finished work orders, parts (one low), requests, downtime for the KPIs, and one
// work order contracted to Globex. Fixed ids and INSERT OR IGNORE, so seeding twice changes nothing.
import { randomBytes } from 'node:crypto';
import { demoId, insert } from './demo-data.mjs';

const DAY = 86_400_000;
const at = (days) => new Date(Date.now() + days * DAY).toISOString();
const acme = demoId('company:acme');
const globex = demoId('company:globex');
const owner = demoId('user:owner@acme.test');
const staff = demoId('user:staff@acme.test');
const id = (kind, key) => demoId(`cmms:${kind}:${key}`);
const audit = (created, by = owner) => ({ created_at: at(created), updated_at: at(created), created_by: by, updated_by: by });

const LOCATIONS = [
  ['plant', 'Acme Plant São Paulo', null, 'Av. Industrial 1200, São Paulo'],
  ['hall-a', 'Production Hall A', 'plant'],
  ['line-1', 'Line 1 (machining)', 'hall-a'],
  ['line-2', 'Line 2 (assembly)', 'hall-a'],
  ['hall-b', 'Production Hall B (packaging)', 'plant'],
  ['utilities', 'Utilities building', 'plant'],
  ['warehouse', 'Warehouse', 'plant'],
  ['offices', 'Offices', 'plant'],
];

// key, name, code, category, location, criticality, status, serial
const ASSETS = [
  ['cmp-1', 'Screw compressor 1', 'CMP-01', 'Compressed air', 'utilities', 'high', 'operational', 'AC-GA37-1182'],
  ['cmp-2', 'Screw compressor 2', 'CMP-02', 'Compressed air', 'utilities', 'high', 'down', 'AC-GA37-1190'],
  ['dryer', 'Refrigerated air dryer', 'DRY-01', 'Compressed air', 'utilities', 'medium', 'operational', null],
  ['boiler', 'Steam boiler', 'BLR-01', 'Steam', 'utilities', 'high', 'operational', 'BW-5500-07'],
  ['chiller', 'Chiller 300 kW', 'CHL-01', 'HVAC', 'utilities', 'high', 'operational', 'CR-300-2211'],
  ['genset', 'Standby generator 500 kVA', 'GEN-01', 'Electrical', 'utilities', 'high', 'operational', 'CAT-C15-8812'],
  ['cnc-1', 'CNC lathe', 'CNC-01', 'Machining', 'line-1', 'high', 'operational', 'MZ-QT200-551'],
  ['cnc-2', 'CNC machining centre', 'CNC-02', 'Machining', 'line-1', 'high', 'operational', 'HA-VF2-3390'],
  ['press', 'Hydraulic press 100 t', 'PRS-01', 'Forming', 'line-1', 'medium', 'operational', null],
  ['conv-1', 'Assembly conveyor', 'CNV-01', 'Material handling', 'line-2', 'medium', 'operational', null],
  ['robot', 'Welding robot', 'ROB-01', 'Assembly', 'line-2', 'high', 'operational', 'FN-ARC-7721'],
  ['torque', 'Torque station', 'TRQ-01', 'Assembly', 'line-2', 'low', 'operational', null],
  ['filler', 'Filling machine', 'FIL-01', 'Packaging', 'hall-b', 'high', 'operational', 'KR-F12-0092'],
  ['wrapper', 'Stretch wrapper', 'WRP-01', 'Packaging', 'hall-b', 'medium', 'operational', null],
  ['labeler', 'Labeling machine', 'LBL-01', 'Packaging', 'hall-b', 'low', 'operational', null],
  ['forklift-1', 'Forklift 2.5 t', 'FLT-01', 'Vehicles', 'warehouse', 'medium', 'operational', 'TY-8FG25-3301'],
  ['forklift-2', 'Forklift 1.8 t (electric)', 'FLT-02', 'Vehicles', 'warehouse', 'low', 'operational', 'TY-8FBE18-0912'],
  ['dock', 'Dock leveller 3', 'DCK-03', 'Building', 'warehouse', 'low', 'operational', null],
  ['hvac-office', 'Office rooftop unit', 'HVAC-01', 'HVAC', 'offices', 'medium', 'operational', null],
  ['elevator', 'Passenger elevator', 'ELV-01', 'Building', 'offices', 'medium', 'operational', 'OT-GEN2-4410'],
  ['old-press', 'Mechanical press (retired)', 'PRS-00', 'Forming', 'line-1', 'low', 'retired', null],
];

// key, asset, name, unit, kind, readings [daysAgo, value]
const METERS = [
  ['cmp-1-hours', 'cmp-1', 'Running hours', 'h', 'cumulative', [[30, 1510], [25, 1610], [20, 1700], [15, 1790], [10, 1860], [5, 1930], [1, 1990]]],
  ['cmp-2-hours', 'cmp-2', 'Running hours', 'h', 'cumulative', [[30, 2210], [20, 2380], [10, 2550], [3, 2640]]],
  ['genset-hours', 'genset', 'Running hours', 'h', 'cumulative', [[60, 118], [30, 121], [2, 126]]],
  ['forklift-1-hours', 'forklift-1', 'Hour meter', 'h', 'cumulative', [[28, 4410], [21, 4452], [14, 4496], [7, 4541], [1, 4580]]],
  ['chiller-temp', 'chiller', 'Supply water temperature', '°C', 'gauge', [[6, 7.2], [5, 7.0], [4, 7.6], [3, 8.9], [2, 7.1], [1, 6.9]]],
  ['filler-cycles', 'filler', 'Cycle counter', 'cycles', 'cumulative', [[20, 1_210_000], [10, 1_335_000], [1, 1_452_000]]],
];

// key, asset, title, checklist, priority, everyDays, everyUnits, meter, basis, leadDays, nextDue (days), nextDueMeter, cycle, assignees
const SCHEDULES = [
  ['cmp-1-oil', 'cmp-1', 'Compressor 1: oil and separator change', ['Drain oil', 'Replace oil filter', 'Replace separator', 'Refill and test run'], 'high', null, 500, 'cmp-1-hours', 'schedule', 0, null, 2000, 3, [staff]],
  ['hvac-filters', 'hvac-office', 'Rooftop unit: replace filters', ['Switch off', 'Replace filters', 'Check belt tension'], 'medium', 30, null, null, 'schedule', 3, 12, null, 6, [staff]],
  ['boiler-inspection', 'boiler', 'Boiler: quarterly inspection', ['Check safety valves', 'Inspect burner', 'Water treatment sample'], 'high', 90, null, null, 'schedule', 7, 40, null, 4, []],
  ['forklift-service', 'forklift-1', 'Forklift 1: service (90 days or 250 h)', ['Engine oil', 'Hydraulic oil level', 'Brakes', 'Forks and chains'], 'medium', 90, 250, 'forklift-1-hours', 'schedule', 0, 35, 4700, 8, [staff]],
  ['genset-test', 'genset', 'Generator: monthly load test', ['Start on load', 'Run 30 minutes', 'Log voltages'], 'high', 30, null, null, 'completion', 0, 9, null, 11, []],
  ['elevator-check', 'elevator', 'Elevator: monthly safety check', ['Door sensors', 'Emergency phone', 'Brake test'], 'medium', 30, null, null, 'schedule', 0, 2, null, 14, []],
];

// key, title, asset, type, status, priority, due (days), assignees, checklist [label, done], extra
const WORK_ORDERS = [
  ['wo-1', 'Compressor 2 trips on high temperature', 'cmp-2', 'corrective', 'in_progress', 'high', -1, [staff], [['Check cooler fins', true], ['Check thermostatic valve', false]], { started: -2 }],
  ['wo-2', 'Replace conveyor drive belt', 'conv-1', 'corrective', 'open', 'medium', -4, [staff], [], {}],
  ['wo-3', 'Hydraulic leak on press cylinder', 'press', 'corrective', 'on_hold', 'high', -2, [staff], [['Isolate press', true], ['Replace seal kit', false]], { started: -3, hold: 'Waiting for the seal kit from the supplier' }],
  ['wo-4', 'Calibrate torque station', 'torque', 'preventive', 'open', 'low', 6, [], [['Reference wrench check', false]], {}],
  ['wo-5', 'Filling machine nozzle cleaning', 'filler', 'corrective', 'complete', 'medium', -3, [staff], [['Disassemble nozzles', true], ['Ultrasonic clean', true]], { started: -4, completed: -3 }],
  ['wo-6', 'Dock leveller 3 hydraulic pump noise', 'dock', 'corrective', 'open', 'medium', -9, [], [], {}],
  ['wo-7', 'Chiller condenser coil cleaning (contracted to Globex)', 'chiller', 'preventive', 'open', 'high', 5, [], [['Isolate the chiller', false], ['Clean the coils', false], ['Test run', false]], { contractor: globex }],
  ['wo-8', 'Replace worn welding torch liner', 'robot', 'corrective', 'closed', 'medium', -12, [staff], [], { started: -14, completed: -13 }],
  ['wo-9', 'Labeler misfeeds after format change', 'labeler', 'corrective', 'cancelled', 'low', -6, [], [], { cancel: 'Operator error, no fault found' }],
  ['wo-10', 'Elevator: monthly safety check', 'elevator', 'preventive', 'open', 'medium', -1, [], [['Door sensors', false], ['Emergency phone', false], ['Brake test', false]], { schedule: 'elevator-check', cycle: 13 }],
  ['wo-11', 'Lathe chuck jaw replacement', 'cnc-1', 'corrective', 'in_progress', 'high', 1, [staff], [], { started: -1 }],
  ['wo-12', 'Office AC not cooling (from a request)', 'hvac-office', 'request', 'open', 'medium', 2, [staff], [], { request: 'req-converted' }],
  ['wo-13', 'Rooftop unit: replace filters', 'hvac-office', 'preventive', 'closed', 'medium', -18, [staff], [['Switch off', true], ['Replace filters', true], ['Check belt tension', true]], { schedule: 'hvac-filters', cycle: 5, started: -19, completed: -19 }],
  ['wo-14', 'Generator: monthly load test', 'genset', 'preventive', 'closed', 'high', -21, [], [['Start on load', true], ['Run 30 minutes', true], ['Log voltages', true]], { schedule: 'genset-test', cycle: 10, started: -21.2, completed: -21.1 }],
  ['wo-15', 'Boiler: quarterly inspection', 'boiler', 'preventive', 'complete', 'high', -10, [staff], [['Check safety valves', true], ['Inspect burner', true], ['Water treatment sample', true]], { schedule: 'boiler-inspection', cycle: 3, started: -9, completed: -8 }],
];

const PARTS = [
  ['oil-filter', 'Compressor oil filter', 'AC-OF-37', 8, 3, 4590, 'BRL'],
  ['separator', 'Air/oil separator element', 'AC-SEP-37', 2, 2, 38900, 'BRL'],
  ['belt', 'Conveyor drive belt V-1200', 'BLT-V1200', 5, 2, 12900, 'BRL'],
  ['seal-kit', 'Hydraulic cylinder seal kit', 'HYD-SK-100', 0, 1, 65000, 'BRL'],
  ['hvac-filter', 'Rooftop filter G4 592×592', 'FLT-G4-592', 24, 8, 3900, 'BRL'],
  ['torch-liner', 'Welding torch liner 1.2 mm', 'WLD-LN-12', 6, 2, 8900, 'BRL'],
];

export function cmmsSeedStatements() {
  const out = [];
  LOCATIONS.forEach(([key, name, parent, address], i) =>
    out.push(insert('cmms_locations', { id: id('location', key), company_id: acme, name, parent_id: parent ? id('location', parent) : null, address: address ?? null, ...audit(-120 + i) })),
  );
  ASSETS.forEach(([key, name, code, category, loc, criticality, status, serial], i) =>
    out.push(
      insert('cmms_assets', {
        id: id('asset', key),
        company_id: acme,
        name,
        code,
        category,
        location_id: id('location', loc),
        parent_id: null,
        serial_number: serial,
        criticality,
        status,
        request_token: randomBytes(32).toString('base64url'),
        ...audit(-110 + i),
      }),
    ),
  );
  // Downtime history for the KPIs: repairs in the last weeks, and compressor 2 down right now.
  const DOWNTIME = [
    ['cmp-2-now', 'cmp-2', -2, null],
    ['cmp-2-old', 'cmp-2', -26, -25.5],
    ['cnc-1', 'cnc-1', -18, -17.8],
    ['filler', 'filler', -9, -8.9],
    ['conv-1', 'conv-1', -4, -3.7],
    ['robot', 'robot', -14, -13.6],
  ];
  for (const [key, asset, from, to] of DOWNTIME) {
    out.push(insert('cmms_downtimes', { id: id('downtime', key), company_id: acme, asset_id: id('asset', asset), started_at: at(from), ended_at: to === null ? null : at(to) }));
  }
  for (const [key, asset, name, unit, kind, readings] of METERS) {
    const [lastAgo, last] = readings.at(-1);
    out.push(
      insert('cmms_meters', {
        id: id('meter', key),
        company_id: acme,
        asset_id: id('asset', asset),
        name,
        unit,
        kind,
        last_reading: last,
        last_read_at: at(-lastAgo),
        reading_count: readings.length,
        ...audit(-100),
      }),
    );
    readings.forEach(([ago, value], i) =>
      out.push(insert('cmms_readings', { id: id('reading', `${key}:${i}`), company_id: acme, meter_id: id('meter', key), value, read_at: at(-ago), source: 'manual', created_at: at(-ago), created_by: staff })),
    );
  }
  for (const [key, asset, title, checklist, priority, everyDays, everyUnits, meter, basis, leadDays, nextDue, nextDueMeter, cycle, assignees] of SCHEDULES) {
    const nextDueAt = nextDue === null ? null : at(nextDue);
    out.push(
      insert('cmms_schedules', {
        id: id('schedule', key),
        company_id: acme,
        asset_id: id('asset', asset),
        title,
        description: '',
        checklist: JSON.stringify(checklist),
        priority,
        assignee_ids: JSON.stringify(assignees),
        every_days: everyDays,
        every_meter_units: everyUnits,
        meter_id: meter ? id('meter', meter) : null,
        basis,
        lead_days: leadDays,
        next_due_at: nextDueAt,
        next_due_meter: nextDueMeter,
        generate_at: nextDueAt === null ? null : at(nextDue - leadDays),
        active: 1,
        cycle,
        version: cycle,
        awaiting_work_order_id: null,
        ...audit(-200),
      }),
    );
  }
  WORK_ORDERS.forEach(([key, title, asset, type, status, priority, due, assignees, checklist, extra], i) => {
    const assetRow = ASSETS.find((a) => a[0] === asset);
    const created = Math.min(due, 0) - 3 - (i % 4);
    out.push(
      insert('cmms_workorders', {
        id: id('workorder', key),
        company_id: acme,
        number: i + 1,
        title,
        description: '',
        asset_id: id('asset', asset),
        location_id: id('location', assetRow[4]),
        priority,
        type,
        status,
        on_hold_reason: extra.hold ?? null,
        cancel_reason: extra.cancel ?? null,
        assignee_ids: JSON.stringify(assignees),
        contractor_company_id: extra.contractor ?? null,
        due_at: at(due),
        checklist: JSON.stringify(checklist.map(([label, done]) => ({ label, done }))),
        schedule_id: extra.schedule ? id('schedule', extra.schedule) : null,
        due_cycle: extra.cycle ?? null,
        request_id: extra.request ? id('request', extra.request) : null,
        started_at: extra.started === undefined ? null : at(extra.started),
        completed_at: extra.completed === undefined ? null : at(extra.completed),
        ...audit(created),
      }),
    );
  });
  const time = (wo, who, minutes, note, daysAgo) =>
    out.push(insert('cmms_time_logs', { id: id('time', `${wo}:${minutes}:${daysAgo}`), company_id: acme, work_order_id: id('workorder', wo), user_id: who, user_company_id: acme, minutes, note, created_at: at(-daysAgo) }));
  time('wo-1', staff, 90, 'Cleaned the cooler; still trips under full load', 1);
  time('wo-3', staff, 45, 'Isolated and drained', 3);
  time('wo-5', staff, 120, null, 3);
  time('wo-8', staff, 60, 'Liner replaced, test welds OK', 13);
  const note = (wo, who, body, daysAgo) =>
    out.push(insert('cmms_notes', { id: id('note', `${wo}:${daysAgo}`), company_id: acme, work_order_id: id('workorder', wo), author_id: who, author_company_id: acme, body, created_at: at(-daysAgo) }));
  note('wo-1', staff, 'Cooler fins were clogged with dust. Thermostatic valve next.', 1);
  note('wo-3', owner, 'Seal kit ordered, ETA Friday.', 2);
  PARTS.forEach(([key, name, sku, stock, minStock, unitCost, currency], i) =>
    out.push(insert('cmms_parts', { id: id('part', key), company_id: acme, name, sku, stock, min_stock: minStock, unit_cost: unitCost, currency, ...audit(-90 + i) })),
  );
  const used = (wo, part, quantity, daysAgo) => {
    const [, , , , , unitCost, currency] = PARTS.find((p) => p[0] === part);
    out.push(insert('cmms_part_uses', { id: id('use', `${wo}:${part}`), company_id: acme, work_order_id: id('workorder', wo), part_id: id('part', part), quantity, unit_cost: unitCost, currency, created_at: at(-daysAgo), created_by: staff }));
  };
  used('wo-8', 'torch-liner', 1, 13);
  used('wo-1', 'oil-filter', 1, 1);
  const request = (key, title, description, asset, name, email, requester, status, extra = {}) =>
    out.push(
      insert('cmms_requests', {
        id: id('request', key),
        company_id: acme,
        asset_id: asset ? id('asset', asset) : null,
        title,
        description,
        requester_name: name,
        requester_email: email,
        requester_id: requester,
        status,
        decline_reason: extra.decline ?? null,
        work_order_id: extra.workOrder ? id('workorder', extra.workOrder) : null,
        ...audit(extra.days ?? -1, requester),
      }),
    );
  request('req-portal', 'Elevator makes a grinding noise', 'Between floors 2 and 3, since this morning.', 'elevator', 'Visitor at reception', 'visitor@example.com', null, 'new', { days: -0.2 });
  request('req-staff', 'Dock leveller 3 will not lower', 'The lip does not extend; trucks are waiting.', 'dock', 'Sam Acme', 'staff@acme.test', staff, 'new', { days: -0.5 });
  request('req-converted', 'Office AC not cooling', 'Meeting room 2 is at 29 °C.', 'hvac-office', 'Sam Acme', 'staff@acme.test', staff, 'converted', { days: -3, workOrder: 'wo-12' });
  request('req-declined', 'Paint the warehouse door', 'It looks old.', 'dock', 'Visitor', null, null, 'declined', { days: -7, decline: 'Cosmetic; planned for the summer shutdown' });
  return out;
}
