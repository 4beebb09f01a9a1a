// Demo jobs and applications: enough of every type that the board, filters and search are worth looking at.
import { demoId, insert } from './demo-data.mjs';

const hoursAgo = (h) => new Date(Date.now() - h * 3_600_000).toISOString();

const JOBS = [
  ['acme', 'Técnico de manutenção industrial', 'Manutenção preventiva e corretiva de linhas de produção, com foco em sistemas hidráulicos e pneumáticos.', ['public'], ['hydraulics', 'pneumatics'], 2, true],
  ['acme', 'HVAC service technician', 'Install, service and repair commercial HVAC systems across the metro area. Valid driving licence required.', ['public', 'partners'], ['hvac', 'refrigeration'], 3, true],
  ['acme', 'Facilities coordinator', 'Coordinate cleaning, security and maintenance vendors for our three office buildings.', ['internal'], ['management'], 1, false],
  ['acme', 'Electrician for partner projects', 'Join joint projects with our partner companies: panel upgrades, lighting retrofits and EV chargers.', ['partners'], ['electrical'], 2, true],
  ['acme', 'Maintenance planner', 'Plan work orders, spare parts and shutdowns in our CMMS. Experience with preventive maintenance plans.', ['public', 'internal'], ['planning', 'cmms'], 1, false],
  ['acme', 'Warehouse operator (night shift)', 'Receive, store and ship spare parts; forklift certificate is a plus.', ['internal'], ['forklift'], 4, false],
  ['globex', 'Field service engineer – electrical', 'Diagnose and repair electrical faults at customer sites; on-call rotation one week per month.', ['public'], ['electrical', 'diagnostics'], 2, true],
  ['globex', 'Welder for structural repairs', 'MIG/TIG welding for structural repairs on industrial sites. Partners welcome to apply.', ['partners'], ['welding'], 1, true],
  ['globex', 'Dispatcher', 'Schedule technicians, talk to customers and keep SLAs green.', ['public'], ['scheduling'], 1, false],
  ['globex', 'Apprentice HVAC technician', 'Learn HVAC service from senior technicians. Training provided.', ['internal', 'partners'], ['hvac'], 3, false],
  ['initech', 'IT support technician', 'First-line support for small-business customers: laptops, printers, networks.', ['public'], ['networking', 'support'], 2, false],
  ['initech', 'Network engineer', 'Design and maintain customer networks; Cisco and Ubiquiti experience.', ['public'], ['networking'], 1, true],
];

export function jobSeedStatements() {
  const out = [];
  JOBS.forEach(([company, title, description, types, skills, vacancies, specialized], i) => {
    const created = hoursAgo(24 * (JOBS.length - i));
    const owner = demoId(`user:owner@${company}.test`);
    out.push(
      insert('jobs', {
        id: demoId(`job:${title}`),
        company_id: demoId(`company:${company}`),
        title,
        description,
        is_public: types.includes('public') ? 1 : 0,
        is_internal: types.includes('internal') ? 1 : 0,
        is_partners: types.includes('partners') ? 1 : 0,
        is_specialized: specialized ? 1 : 0,
        required_skills: JSON.stringify(skills),
        vacancies,
        status: 'open',
        created_at: created,
        updated_at: created,
        created_by: owner,
        updated_by: owner,
      }),
    );
  });
  // One closed job, so the status filter has something to show.
  const closedAt = hoursAgo(24 * 20);
  out.push(
    insert('jobs', {
      id: demoId('job:closed-acme'),
      company_id: demoId('company:acme'),
      title: 'Summer intern (maintenance)',
      description: 'Summer internship in the maintenance team. Applications are closed for this year.',
      is_public: 1,
      is_internal: 0,
      is_partners: 0,
      is_specialized: 0,
      required_skills: '[]',
      vacancies: 2,
      status: 'closed',
      created_at: closedAt,
      updated_at: closedAt,
      created_by: demoId('user:owner@acme.test'),
      updated_by: demoId('user:owner@acme.test'),
    }),
  );
  const apply = (job, email, company, hours, status = 'pending') => {
    const at = hoursAgo(hours);
    out.push(
      insert('applications', {
        id: demoId(`application:${job}:${email}`),
        job_id: demoId(`job:${job}`),
        company_id: demoId(`company:${JOBS.find((j) => j[1] === job)[0]}`),
        applicant_id: demoId(`user:${email}`),
        applicant_company_id: demoId(`company:${company}`),
        cover_letter: 'I have relevant experience and would love to help.',
        status,
        created_at: at,
        updated_at: at,
        created_by: demoId(`user:${email}`),
        updated_by: demoId(`user:${email}`),
      }),
    );
  };
  apply('HVAC service technician', 'staff@globex.test', 'globex', 30);
  apply('Técnico de manutenção industrial', 'staff@globex.test', 'globex', 20);
  apply('Field service engineer – electrical', 'staff@acme.test', 'acme', 10);
  apply('IT support technician', 'staff@acme.test', 'acme', 5);
  return out;
}
