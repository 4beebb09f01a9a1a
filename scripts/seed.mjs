// Seeds the LOCAL D1 with demo data (idempotent: fixed ids, INSERT OR IGNORE). There is no remote mode on purpose.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coreSeedStatements } from './demo-data.mjs';
import { jobSeedStatements } from './demo-jobs.mjs';
import { serviceSeedStatements } from './demo-services.mjs';
import { cmmsSeedStatements } from './demo-cmms.mjs';
import { zettelSeedStatements } from './demo-zettels.mjs';
import { fsmSeedStatements } from './demo-fsm.mjs';
import { executeLocalSql } from './lib.mjs';

export function seedLocal(stateDir, quiet = true) {
  const sql = [...coreSeedStatements(), ...jobSeedStatements(), ...serviceSeedStatements(), ...cmmsSeedStatements(), ...zettelSeedStatements(), ...fsmSeedStatements()].join('\n');
  const file = join(mkdtempSync(join(tmpdir(), 'completo-seed-')), 'seed.sql');
  writeFileSync(file, sql);
  executeLocalSql(file, stateDir, quiet);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seedLocal(process.env.STATE_DIR, false);
  console.log('Demo data seeded (local D1).');
}
