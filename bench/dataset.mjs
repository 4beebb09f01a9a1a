// Reproducible benchmark dataset: 50 companies, 1,000 users, 40 partnerships in mixed states, 10,000 jobs with
// realistic text, 30,000 applications, notifications and webhook endpoints. Same seed → same data.
import { createHash, pbkdf2Sync } from 'node:crypto';

/** mulberry32: a tiny seeded PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uuidFrom = (seed, name) => {
  const h = createHash('sha1').update(`bench:${seed}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

/** Multi-row INSERTs of literal values (no bound parameters, so D1's 100-parameter limit does not apply). */
function* inserts(table, rows, perStatement = 200) {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]);
  for (let i = 0; i < rows.length; i += perStatement) {
    const values = rows.slice(i, i + perStatement).map((r) => `(${cols.map((c) => q(r[c])).join(',')})`);
    yield `INSERT INTO ${table} (${cols.join(',')}) VALUES ${values.join(',')};`;
  }
}

const ROLES_EN = ['Technician', 'Electrician', 'Plumber', 'Welder', 'HVAC engineer', 'Dispatcher', 'Planner', 'Supervisor', 'Mechanic', 'Inspector', 'Coordinator', 'Operator', 'Analyst', 'Installer'];
const ROLES_PT = ['Técnico de manutenção', 'Eletricista', 'Encanador', 'Soldador', 'Engenheiro de climatização', 'Operador de empilhadeira', 'Supervisor de obra', 'Mecânico industrial', 'Inspetor de qualidade'];
const LEVELS = ['Junior', 'Senior', 'Lead', 'Field', 'Night shift', 'Remote', 'Apprentice'];
const AREAS = ['industrial maintenance', 'commercial buildings', 'data centers', 'hospitals', 'retail chains', 'logistics hubs', 'solar farms', 'water treatment', 'manutenção preventiva', 'instalações elétricas'];
const SKILLS = ['hvac', 'electrical', 'plumbing', 'welding', 'hydraulics', 'pneumatics', 'plc', 'scada', 'refrigeration', 'forklift', 'cmms', 'safety', 'networking', 'diagnostics', 'scheduling', 'solar', 'carpentry', 'painting'];
const SENTENCES = [
  'You will keep critical equipment running and respond to breakdowns quickly.',
  'Preventive maintenance plans, work orders and spare parts are part of the daily routine.',
  'Experience with customer sites and clear reporting is expected.',
  'Atuará com manutenção preventiva e corretiva em linhas de produção.',
  'Conhecimento em normas de segurança e leitura de diagramas elétricos.',
  'We offer training, a company van and a predictable on-call rotation.',
  'Valid driving licence and availability for travel within the region.',
  'Você fará inspeções, relatórios técnicos e apoio à equipe de campo.',
];

export const BENCH_PASSWORD = 'bench-password-123';

export function generate({ seed = 42, companies: nCompanies = 50, usersPerCompany = 20, jobs: nJobs = 10_000, applications: nApps = 30_000, partnerships: nPartnerships = 40, notifications: nNotes = 5_000 } = {}) {
  const r = rng(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const now = Date.now();
  const ago = (maxDays) => new Date(now - Math.floor(r() * maxDays * 86_400_000)).toISOString();
  const hash = (() => {
    const salt = createHash('sha256').update(`salt:${seed}`).digest().subarray(0, 16);
    return `pbkdf2-sha256$100000$${salt.toString('base64')}$${pbkdf2Sync(BENCH_PASSWORD, salt, 100_000, 32, 'sha256').toString('base64')}`;
  })();

  const platform = { id: uuidFrom(seed, 'company:platform'), name: 'Completo Platform', description: '', website: null, is_platform: 'yes', created_at: ago(400), updated_at: ago(1) };
  const companies = Array.from({ length: nCompanies }, (_, i) => ({
    id: uuidFrom(seed, `company:${i}`),
    name: `${pick(['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Tyrell', 'Soylent', 'Hooli', 'Vandelay'])} ${pick(['Services', 'Facilities', 'Industrial', 'Field Ops', 'Energia', 'Manutenção'])} ${i}`,
    description: 'Benchmark company',
    website: null,
    is_platform: 'no',
    created_at: ago(400),
    updated_at: ago(30),
  }));
  const users = [];
  for (const [ci, c] of companies.entries()) {
    for (let u = 0; u < usersPerCompany; u++) {
      users.push({
        id: uuidFrom(seed, `user:${ci}:${u}`),
        company_id: c.id,
        email: `u${u}.c${ci}@bench.test`,
        name: `User ${u} of ${ci}`,
        password_hash: hash,
        role: u < 3 ? 'admin_empresa' : 'cliente',
        skills: JSON.stringify(Array.from(new Set([pick(SKILLS), pick(SKILLS), pick(SKILLS)]))),
        status: r() < 0.95 ? 'active' : 'inactive',
        created_at: ago(300),
        updated_at: ago(30),
      });
    }
  }
  const staff = ['DEV', 'admin'].map((role, i) => ({ id: uuidFrom(seed, `staff:${i}`), company_id: platform.id, email: `${role.toLowerCase()}@bench.test`, name: role, password_hash: hash, role, skills: '[]', status: 'active', created_at: ago(400), updated_at: ago(1) }));

  // Company 1 — the benchmark's "partner member" — gets several active partnerships, the rest are random.
  const pairs = new Set();
  const partnerships = [];
  const statuses = [...Array(20).fill('active'), ...Array(8).fill('pending'), ...Array(6).fill('declined'), ...Array(6).fill('ended')];
  for (let i = 0; partnerships.length < nPartnerships; i++) {
    const a = partnerships.length < 4 ? 1 : Math.floor(r() * nCompanies);
    const b = partnerships.length < 4 ? 2 + partnerships.length * 3 : Math.floor(r() * nCompanies);
    const [x, y] = [companies[a].id, companies[b].id].sort();
    if (a === b || pairs.has(`${x}:${y}`)) continue;
    const status = partnerships.length < 4 ? 'active' : statuses[partnerships.length % statuses.length];
    if (status === 'active' || status === 'pending') pairs.add(`${x}:${y}`);
    partnerships.push({ id: uuidFrom(seed, `partnership:${i}`), requester_company_id: companies[a].id, target_company_id: companies[b].id, pair_key: `${x}:${y}`, status, responded_at: status === 'pending' ? null : ago(60), ended_at: status === 'ended' ? ago(10) : null, created_at: ago(90), updated_at: ago(10), created_by: null, updated_by: null });
  }

  const jobs = [];
  for (let i = 0; i < nJobs; i++) {
    const company = companies[i % nCompanies];
    const roll = r();
    const types = roll < 0.45 ? ['public'] : roll < 0.65 ? ['internal'] : roll < 0.8 ? ['partners'] : roll < 0.9 ? ['public', 'partners'] : ['internal', 'partners'];
    const sroll = r();
    const title = r() < 0.35 ? `${pick(ROLES_PT)} ${pick(['pleno', 'sênior', 'júnior'])}` : `${pick(LEVELS)} ${pick(ROLES_EN)}`;
    const created = ago(365);
    jobs.push({
      id: uuidFrom(seed, `job:${i}`),
      company_id: company.id,
      title,
      description: `${title} for ${pick(AREAS)}. ${pick(SENTENCES)} ${pick(SENTENCES)}`,
      is_public: types.includes('public') ? 1 : 0,
      is_internal: types.includes('internal') ? 1 : 0,
      is_partners: types.includes('partners') ? 1 : 0,
      is_specialized: r() < 0.3 ? 1 : 0,
      required_skills: JSON.stringify(Array.from(new Set([pick(SKILLS), pick(SKILLS)]))),
      vacancies: 1 + Math.floor(r() * 5),
      status: sroll < 0.7 ? 'open' : sroll < 0.9 ? 'closed' : 'filled',
      created_at: created,
      updated_at: created,
      created_by: null,
      updated_by: null,
    });
  }

  const applications = [];
  const seen = new Set();
  while (applications.length < nApps) {
    const job = jobs[Math.floor(r() * jobs.length)];
    const applicant = users[Math.floor(r() * users.length)];
    const key = `${job.id}:${applicant.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const s = r();
    const created = ago(200);
    applications.push({ id: uuidFrom(seed, `app:${applications.length}`), job_id: job.id, company_id: job.company_id, applicant_id: applicant.id, applicant_company_id: applicant.company_id, cover_letter: null, status: s < 0.6 ? 'pending' : s < 0.8 ? 'accepted' : 'rejected', reviewed_at: null, reviewed_by: null, created_at: created, updated_at: created, created_by: applicant.id, updated_by: applicant.id });
  }

  const notifications = Array.from({ length: nNotes }, (_, i) => {
    const user = users[Math.floor(r() * users.length)];
    const created = ago(60);
    return { id: uuidFrom(seed, `note:${i}`), user_id: user.id, company_id: user.company_id, type: 'jobs.application.submitted', title: 'New application', body: '', data: JSON.stringify({ jobTitle: 'Technician' }), group_key: `bench:${i}`, count: 1, last_event_id: uuidFrom(seed, `ev:${i}`), read_at: r() < 0.5 ? created : null, created_at: created, updated_at: created };
  });

  const webhooks = companies.slice(10, 30).map((c, i) => ({ id: uuidFrom(seed, `wh:${i}`), company_id: c.id, url: `https://hooks.example.com/bench/${i}`, events: JSON.stringify(['partnerships.invite.sent']), description: 'bench', headers: '{}', secret: 'whsec_' + Buffer.from(uuidFrom(seed, `whs:${i}`)).toString('base64').slice(0, 32), enabled: 1, created_at: ago(100), updated_at: ago(10) }));

  const statements = [
    ...inserts('companies', [platform, ...companies]),
    ...inserts('users', [...staff, ...users]),
    ...inserts('partnerships', partnerships),
    ...inserts('jobs', jobs),
    ...inserts('applications', applications),
    ...inserts('notifications', notifications),
    ...inserts('webhook_endpoints', webhooks),
  ];
  return { statements, companies, users, staff, partnerships, jobs, counts: { companies: companies.length, users: users.length + staff.length, partnerships: partnerships.length, jobs: jobs.length, applications: applications.length, notifications: notifications.length, webhooks: webhooks.length } };
}
