// Demo data for local development: fixed ids so that seeding is idempotent (INSERT OR IGNORE).
import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto';

export const DEMO_PASSWORD = 'completo-demo-2026';

/** A stable UUID-shaped id derived from a name (so reseeding never duplicates). */
export const demoId = (name) => {
  const h = createHash('sha1').update(`completo-demo:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Same format as src/core/auth/passwords.ts: pbkdf2-sha256$iterations$salt$hash. */
export const hashPassword = (password) => {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, 100_000, 32, 'sha256');
  return `pbkdf2-sha256$100000$${salt.toString('base64')}$${hash.toString('base64')}`;
};

export const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

export const insert = (table, row) =>
  `INSERT OR IGNORE INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.values(row).map(q).join(', ')});`;

const daysAgo = (d) => new Date(Date.now() - d * 86_400_000).toISOString();

export const COMPANIES = [
  { key: 'platform', name: 'Completo', description: 'Platform operations', isPlatform: 'yes' },
  { key: 'acme', name: 'Acme', description: 'Industrial maintenance and facility services.', website: 'https://acme.example' },
  { key: 'globex', name: 'Globex', description: 'Field service for HVAC and electrical systems.', website: 'https://globex.example' },
  { key: 'initech', name: 'Initech', description: 'Software and IT support for small businesses.', website: 'https://initech.example' },
];

export const USERS = [
  { email: 'dev@completo.test', name: 'Dana Dev', role: 'DEV', company: 'platform', skills: [] },
  { email: 'admin@completo.test', name: 'Alex Admin', role: 'admin', company: 'platform', skills: [] },
  { email: 'owner@acme.test', name: 'Olivia Acme', role: 'admin_empresa', company: 'acme', skills: ['management', 'hvac'] },
  { email: 'staff@acme.test', name: 'Sam Acme', role: 'cliente', company: 'acme', skills: ['electrical', 'hvac', 'plumbing'] },
  { email: 'owner@globex.test', name: 'Gabriel Globex', role: 'admin_empresa', company: 'globex', skills: ['management'] },
  { email: 'staff@globex.test', name: 'Grace Globex', role: 'cliente', company: 'globex', skills: ['electrical', 'welding'] },
  { email: 'owner@initech.test', name: 'Ian Initech', role: 'admin_empresa', company: 'initech', skills: ['networking'] },
];

/** Statements for companies, users, the Acme–Globex partnership and settings. Jobs are added by the jobs module. */
export function coreSeedStatements() {
  const out = [];
  for (const [i, c] of COMPANIES.entries()) {
    out.push(
      insert('companies', {
        id: demoId(`company:${c.key}`),
        name: c.name,
        description: c.description,
        website: c.website ?? null,
        is_platform: c.isPlatform ?? 'no',
        created_at: daysAgo(90 - i),
        updated_at: daysAgo(90 - i),
      }),
    );
  }
  const hash = hashPassword(DEMO_PASSWORD);
  for (const [i, u] of USERS.entries()) {
    out.push(
      insert('users', {
        id: demoId(`user:${u.email}`),
        company_id: demoId(`company:${u.company}`),
        email: u.email,
        name: u.name,
        password_hash: hash,
        role: u.role,
        skills: JSON.stringify(u.skills),
        status: 'active',
        created_at: daysAgo(80 - i),
        updated_at: daysAgo(80 - i),
      }),
    );
  }
  const acme = demoId('company:acme');
  const globex = demoId('company:globex');
  out.push(
    insert('partnerships', {
      id: demoId('partnership:acme-globex'),
      requester_company_id: acme,
      target_company_id: globex,
      pair_key: acme < globex ? `${acme}:${globex}` : `${globex}:${acme}`,
      status: 'active',
      responded_at: daysAgo(60),
      created_at: daysAgo(61),
      updated_at: daysAgo(60),
      created_by: demoId('user:owner@acme.test'),
      updated_by: demoId('user:owner@globex.test'),
    }),
  );
  out.push(insert('system_settings', { id: 'global', service_fee_percent: 10, default_currency: 'EUR', updated_at: daysAgo(90) }));
  return out;
}
