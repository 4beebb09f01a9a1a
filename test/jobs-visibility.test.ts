import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { GENERATED_VIEWS } from '../src/modules/jobs/jobs.visibility';

const normalize = (sql: string) => sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();

describe('the jobs visibility rule is defined once', () => {
  it.each(Object.entries(GENERATED_VIEWS))('the migrated view %s is exactly what jobs.visibility.ts generates', async (name, generate) => {
    const row = await env.DB.prepare("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?").bind(name).first<{ sql: string }>();
    expect(row, `view ${name} is missing`).not.toBeNull();
    // A change to the rule in code needs a migration that recreates the view from the generator (and vice versa).
    expect(normalize(row!.sql)).toBe(normalize(generate()));
  });

  it('would notice a rule that drifted from the views', () => {
    const drifted = GENERATED_VIEWS.jobs_fts_source().replace("status = 'open' AND is_public = 1", "is_public = 1");
    expect(normalize(drifted)).not.toBe(normalize(GENERATED_VIEWS.jobs_fts_source()));
  });
});
