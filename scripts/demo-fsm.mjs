// Demo field service for Acme in São Paulo: customers with sites (real-looking coordinates), four technicians (Sam
// Acme — staff@acme.test — and three more demo users) with skills, UTC shifts and home bases, unscheduled jobs on the
// tray, and a day of visits on today's UTC date (at seed time) in every status, including one conflict: two of
// Bruna's visits overlap. Globex carries out the CMMS work order Acme contracted to it as a field job of its own.
// Fixed ids and INSERT OR IGNORE, so seeding twice changes nothing.
import { randomBytes } from 'node:crypto';
import { DEMO_PASSWORD, demoId, hashPassword, insert, USERS } from './demo-data.mjs';

const acme = demoId('company:acme');
const globex = demoId('company:globex');
const owner = demoId('user:owner@acme.test');
const globexOwner = demoId('user:owner@globex.test');
const id = (kind, key) => demoId(`fsm:${kind}:${key}`);
const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const dayAt = (offsetDays, hm) => new Date(Date.parse(`${today}T${hm}:00.000Z`) + offsetDays * DAY).toISOString();
const minutesAfter = (iso, m) => new Date(Date.parse(iso) + m * 60_000).toISOString();
const token = () => randomBytes(32).toString('base64url');
/** A 1×1 PNG: the shape of a signature taken on the technician's phone. */
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

// São Paulo is UTC−3: 08:00–17:00 local is 11:00–20:00 UTC.
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const shifts = (days, start = '11:00', end = '20:00') => days.map((weekday) => ({ weekday, start, end }));

/** Technicians: key, email (existing or new demo user), name, skills, shifts, home base. */
const TECHNICIANS = [
  ['sam', 'staff@acme.test', 'Sam Acme', ['electrical', 'hvac', 'plumbing'], shifts(EVERY_DAY), [-23.5505, -46.6333]],
  ['tiago', 'tiago@acme.test', 'Tiago Ribeiro', ['hvac', 'refrigeration'], shifts(EVERY_DAY), [-23.5329, -46.6395]],
  ['bruna', 'bruna@acme.test', 'Bruna Costa', ['electrical', 'solar'], shifts(EVERY_DAY), [-23.5899, -46.6567]],
  ['carlos', 'carlos@acme.test', 'Carlos Mendes', ['plumbing', 'gas'], shifts(EVERY_DAY, '11:00', '17:00'), [-23.5431, -46.5760]],
];
const NEW_USERS = TECHNICIANS.filter(([, email]) => email !== 'staff@acme.test');
const techId = (key) => {
  const [, email] = TECHNICIANS.find((t) => t[0] === key);
  return demoId(`user:${email}`);
};

const techName = (key) => TECHNICIANS.find((t) => t[0] === key)[2];
const userName = (email) => USERS.find((u) => u.email === email).name;

// key, name, email, phone, sites: [key, name, address, lat, lng, access notes]
const CUSTOMERS = [
  ['padaria', 'Padaria Santa Teresa', 'contato@padariasantateresa.com.br', '+55 11 3105-2200', [['se', 'Loja Sé', 'Praça Dr. João Mendes 150, Sé, São Paulo', -23.5519, -46.6353, 'Entrada de serviço pela Rua Riachuelo']]],
  ['clinica', 'Clínica Vila Mariana', 'manutencao@clinicavm.com.br', '+55 11 5082-4100', [['vm', 'Unidade Vila Mariana', 'Rua Domingos de Morais 1200, Vila Mariana, São Paulo', -23.5869, -46.637, 'Falar com a recepção; crachá obrigatório']]],
  ['mercado', 'Mercado Pinheiros', 'compras@mercadopinheiros.com.br', '+55 11 3031-7788', [['pinheiros', 'Loja Teodoro Sampaio', 'Rua Teodoro Sampaio 1800, Pinheiros, São Paulo', -23.5653, -46.6838, 'Doca 2, câmaras frias no fundo']]],
  ['escola', 'Escola Moema', 'secretaria@escolamoema.edu.br', '+55 11 5051-3300', [['moema', 'Campus Ibirapuera', 'Av. Ibirapuera 2300, Moema, São Paulo', -23.6005, -46.664, 'Somente fora do horário de aulas (após 12h)']]],
  [
    'hotel',
    'Hotel Paulista Plaza',
    'engenharia@paulistaplaza.com.br',
    '+55 11 3266-9000',
    [
      ['paulista', 'Hotel — Av. Paulista', 'Av. Paulista 1500, Bela Vista, São Paulo', -23.5614, -46.6559, 'Casa de máquinas no 22º andar'],
      ['garagem', 'Garagem anexa', 'Alameda Santos 1200, Jardim Paulista, São Paulo', -23.5648, -46.6547, null],
    ],
  ],
  ['condominio', 'Condomínio Jardins', 'sindico@condjardins.com.br', '+55 11 3082-1010', [['oscar', 'Edifício Oscar Freire', 'Rua Oscar Freire 900, Jardins, São Paulo', -23.5632, -46.6703, 'Portaria 24h; chave da casa de bombas com o zelador']]],
  ['academia', 'Academia Tatuapé Fit', 'gerencia@tatuapefit.com.br', '+55 11 2092-4545', [['tuiuti', 'Unidade Tuiuti', 'Rua Tuiuti 2100, Tatuapé, São Paulo', -23.54, -46.576, null]]],
  ['restaurante', 'Restaurante Liberdade', 'contato@restauranteliberdade.com.br', '+55 11 3209-6060', [['galvao', 'Salão Galvão Bueno', 'Rua Galvão Bueno 400, Liberdade, São Paulo', -23.5588, -46.635, 'Gás: registro geral atrás da cozinha']]],
];

/**
 * Jobs: key, customer, site, title, description, skills, minutes, priority, visits.
 * A visit: [key, technicians, day offset, start "HH:MM" UTC, status, checklist [label, done], notes].
 */
const JOBS = [
  ['freezer', 'mercado', 'pinheiros', 'Câmara fria não atinge −18 °C', 'A câmara de congelados estabiliza em −9 °C desde ontem à noite.', ['refrigeration'], 120, 'high', [
    ['freezer-1', ['tiago'], 0, '11:30', 'completed', [['Medir pressões de sucção e descarga', true], ['Verificar evaporador e degelo', true], ['Teste de 30 min', true]], 'Válvula de expansão trocada; estabilizou em −19 °C.'],
  ]],
  ['hvac-hotel', 'hotel', 'paulista', 'Chiller 2 desarmando por alta pressão', 'O chiller 2 desarma à tarde com alta pressão de condensação.', ['hvac'], 180, 'high', [
    ['hvac-hotel-1', ['tiago'], 0, '14:30', 'on_site', [['Limpar condensador', true], ['Verificar ventiladores', false], ['Registrar pressões', false]], ''],
  ]],
  ['panel', 'clinica', 'vm', 'Quadro elétrico do raio-X aquecendo', 'Termografia mostrou 78 °C no disjuntor geral do quadro do raio-X.', ['electrical'], 90, 'high', [
    ['panel-1', ['bruna'], 0, '12:00', 'en_route', [['Termografia antes', false], ['Reapertar conexões', false], ['Termografia depois', false]], ''],
  ]],
  ['solar', 'escola', 'moema', 'Inversor fotovoltaico em falha', 'Inversor 3 do telhado mostra falha de isolamento.', ['solar', 'electrical'], 120, 'medium', [
    // Bruna's second visit starts before her first one ends: the board's overlap conflict.
    ['solar-1', ['bruna'], 0, '13:00', 'dispatched', [['Medir isolamento das strings', false], ['Reiniciar inversor', false]], ''],
  ]],
  ['pump', 'condominio', 'oscar', 'Bomba de recalque com ruído', 'A bomba 1 faz ruído metálico ao partir.', ['plumbing'], 90, 'medium', [
    ['pump-1', ['carlos'], 0, '11:00', 'completed', [['Isolar bomba', true], ['Trocar rolamentos', true], ['Teste de partida', true]], 'Rolamentos trocados.'],
    ['pump-2', ['carlos'], 1, '11:00', 'scheduled', [['Medir vibração após 24 h', false]], 'Retorno para medir vibração.'],
  ]],
  ['gas', 'restaurante', 'galvao', 'Cheiro de gás na cozinha', 'Cheiro de gás perto do fogão industrial; registro fechado por precaução.', ['gas'], 60, 'high', [
    ['gas-1', ['carlos'], 0, '14:00', 'scheduled', [['Teste de estanqueidade', false], ['Trocar mangueira', false]], ''],
  ]],
  ['lights', 'academia', 'tuiuti', 'Troca de luminárias da sala de musculação', '24 luminárias fluorescentes por LED.', ['electrical'], 240, 'low', [
    ['lights-1', ['sam', 'bruna'], 0, '16:00', 'scheduled', [['Desligar circuito', false], ['Instalar luminárias', false], ['Teste', false]], ''],
  ]],
  ['oven', 'padaria', 'se', 'Forno de lastro não aquece', 'O forno 2 não passa de 120 °C.', ['electrical'], 90, 'medium', [
    ['oven-1', ['sam'], 0, '12:30', 'dispatched', [['Verificar resistências', false], ['Verificar termostato', false]], ''],
  ]],
  ['ac-garage', 'hotel', 'garagem', 'Split da guarita pingando', 'Dreno entupido no split da guarita.', ['hvac'], 60, 'low', [
    ['ac-garage-1', ['sam'], -1, '15:00', 'completed', [['Desobstruir dreno', true]], 'Dreno desobstruído e testado.'],
  ]],
  // The tray: unscheduled jobs, whatever the date.
  ['boiler', 'hotel', 'paulista', 'Revisão anual das caldeiras', 'Revisão anual obrigatória das duas caldeiras a gás.', ['gas', 'plumbing'], 240, 'medium', []],
  ['ups', 'clinica', 'vm', 'Nobreak do servidor apitando', 'O nobreak do rack apita a cada 5 minutos.', ['electrical'], 60, 'high', []],
  ['leak', 'escola', 'moema', 'Vazamento no banheiro do 2º andar', 'Vazamento sob a pia do banheiro masculino.', ['plumbing'], 60, 'low', []],
];

const STEPS = ['scheduled', 'dispatched', 'en_route', 'on_site', 'completed'];

/** The status times and history of a visit that reached `status`, a few minutes apart before its start. */
function progress(status, start, tech) {
  const times = {};
  const history = [];
  const reached = STEPS.slice(0, STEPS.indexOf(status) + 1);
  const offsets = { scheduled: -24 * 60, dispatched: -60, en_route: -25, on_site: 0, completed: 100 };
  for (const s of reached) {
    times[s] = minutesAfter(start, offsets[s]);
    const fromOffice = s === 'scheduled' || s === 'dispatched';
    history.push({ status: s, at: times[s], by: fromOffice ? owner : techId(tech), byName: fromOffice ? userName('owner@acme.test') : techName(tech), note: null });
  }
  return { times, history };
}

function jobStatus(visits) {
  if (visits.length === 0) return 'unscheduled';
  if (visits.every((v) => v[4] === 'completed')) return 'completed';
  if (visits.some((v) => ['en_route', 'on_site', 'completed'].includes(v[4]))) return 'in_progress';
  return 'scheduled';
}

export function fsmSeedStatements() {
  const out = [];
  const hash = hashPassword(DEMO_PASSWORD);
  NEW_USERS.forEach(([, email, name, skills], i) =>
    out.push(
      insert('users', {
        id: demoId(`user:${email}`),
        company_id: acme,
        email,
        name,
        password_hash: hash,
        role: 'cliente',
        skills: JSON.stringify(skills),
        status: 'active',
        created_at: dayAt(-60 + i, '12:00'),
        updated_at: dayAt(-60 + i, '12:00'),
      }),
    ),
  );
  for (const [, email, , skills, shiftList, [lat, lng]] of TECHNICIANS) {
    out.push(
      insert('fsm_technicians', {
        user_id: demoId(`user:${email}`),
        company_id: acme,
        skills: JSON.stringify(skills),
        shifts: JSON.stringify(shiftList),
        home_lat: lat,
        home_lng: lng,
        created_at: dayAt(-50, '12:00'),
        updated_at: dayAt(-50, '12:00'),
        created_by: owner,
        updated_by: owner,
      }),
    );
  }
  CUSTOMERS.forEach(([key, name, email, phone, sites], i) => {
    out.push(insert('fsm_customers', { id: id('customer', key), company_id: acme, name, email, phone, created_at: dayAt(-45 + i, '13:00'), updated_at: dayAt(-45 + i, '13:00'), created_by: owner, updated_by: owner }));
    for (const [siteKey, siteName, address, lat, lng, access] of sites) {
      out.push(
        insert('fsm_sites', {
          id: id('site', siteKey),
          company_id: acme,
          customer_id: id('customer', key),
          name: siteName,
          address,
          lat,
          lng,
          access_notes: access,
          created_at: dayAt(-45 + i, '13:05'),
          updated_at: dayAt(-45 + i, '13:05'),
          created_by: owner,
          updated_by: owner,
        }),
      );
    }
  });
  JOBS.forEach(([key, customer, site, title, description, skills, minutes, priority, visits], i) => {
    const status = jobStatus(visits);
    const created = dayAt(-3 + i * 0.1, '12:00');
    const lastEnd = visits.length ? minutesAfter(dayAt(visits.at(-1)[2], visits.at(-1)[3]), minutes) : null;
    out.push(
      insert('fsm_jobs', {
        id: id('job', key),
        company_id: acme,
        number: i + 1,
        customer_id: id('customer', customer),
        site_id: id('site', site),
        title,
        description,
        required_skills: JSON.stringify(skills),
        duration_min: minutes,
        priority,
        status,
        source_work_order_id: null,
        version: 1 + visits.length,
        write_token: null,
        completed_at: status === 'completed' ? lastEnd : null,
        created_at: created,
        updated_at: created,
        created_by: owner,
        updated_by: owner,
      }),
    );
    for (const [visitKey, techs, day, hm, visitStatus, checklist, notes] of visits) {
      const start = dayAt(day, hm);
      const { times, history } = progress(visitStatus, start, techs[0]);
      out.push(
        insert('fsm_visits', {
          id: id('visit', visitKey),
          company_id: acme,
          job_id: id('job', key),
          technician_ids: JSON.stringify(techs.map(techId)),
          start_at: start,
          end_at: minutesAfter(start, minutes),
          status: visitStatus,
          status_times: JSON.stringify(times),
          history: JSON.stringify(history),
          notes,
          checklist: JSON.stringify(checklist.map(([label, done]) => ({ label, done }))),
          signature: visitStatus === 'completed' ? SIGNATURE : null,
          customer_token: token(),
          version: history.length,
          write_token: null,
          created_at: times.scheduled,
          updated_at: history.at(-1).at,
          created_by: owner,
          updated_by: history.at(-1).by,
        }),
      );
    }
  });

  // Globex carries out Acme's contracted work order (CMMS wo-7) as a field job: Acme is its customer.
  const grace = demoId('user:staff@globex.test');
  out.push(
    insert('fsm_technicians', {
      user_id: grace,
      company_id: globex,
      skills: JSON.stringify(['electrical', 'hvac', 'welding']),
      shifts: JSON.stringify(shifts([1, 2, 3, 4, 5])),
      home_lat: -23.6283,
      home_lng: -46.6409,
      created_at: dayAt(-30, '12:00'),
      updated_at: dayAt(-30, '12:00'),
      created_by: globexOwner,
      updated_by: globexOwner,
    }),
    insert('fsm_customers', { id: id('customer', 'globex:acme'), company_id: globex, name: 'Acme', email: 'owner@acme.test', phone: '+55 11 4000-1200', created_at: dayAt(-30, '12:00'), updated_at: dayAt(-30, '12:00'), created_by: globexOwner, updated_by: globexOwner }),
    insert('fsm_sites', {
      id: id('site', 'globex:acme-plant'),
      company_id: globex,
      customer_id: id('customer', 'globex:acme'),
      name: 'Acme Plant São Paulo',
      address: 'Av. Industrial 1200, São Paulo',
      lat: -23.6543,
      lng: -46.7154,
      access_notes: 'Utilities building, ask for the maintenance planner',
      created_at: dayAt(-30, '12:05'),
      updated_at: dayAt(-30, '12:05'),
      created_by: globexOwner,
      updated_by: globexOwner,
    }),
    insert('fsm_jobs', {
      id: id('job', 'globex:chiller'),
      company_id: globex,
      number: 1,
      customer_id: id('customer', 'globex:acme'),
      site_id: id('site', 'globex:acme-plant'),
      title: 'WO-0007: Chiller condenser coil cleaning',
      description: 'Contracted by Acme (maintenance work order WO-0007). Completing the visit completes the work order for Acme.',
      required_skills: JSON.stringify(['hvac']),
      duration_min: 180,
      priority: 'high',
      status: 'scheduled',
      source_work_order_id: demoId('cmms:workorder:wo-7'),
      version: 2,
      write_token: null,
      completed_at: null,
      created_at: dayAt(-1, '18:00'),
      updated_at: dayAt(-1, '18:00'),
      created_by: globexOwner,
      updated_by: globexOwner,
    }),
  );
  const graceStart = dayAt(1, '12:00');
  out.push(
    insert('fsm_visits', {
      id: id('visit', 'globex:chiller-1'),
      company_id: globex,
      job_id: id('job', 'globex:chiller'),
      technician_ids: JSON.stringify([grace]),
      start_at: graceStart,
      end_at: minutesAfter(graceStart, 180),
      status: 'scheduled',
      status_times: JSON.stringify({ scheduled: dayAt(-1, '18:05') }),
      history: JSON.stringify([{ status: 'scheduled', at: dayAt(-1, '18:05'), by: globexOwner, byName: userName('owner@globex.test'), note: null }]),
      notes: '',
      checklist: JSON.stringify([{ label: 'Isolate the chiller', done: false }, { label: 'Clean the coils', done: false }, { label: 'Test run', done: false }]),
      signature: null,
      customer_token: token(),
      version: 1,
      write_token: null,
      created_at: dayAt(-1, '18:05'),
      updated_at: dayAt(-1, '18:05'),
      created_by: globexOwner,
      updated_by: globexOwner,
    }),
  );
  return out;
}
