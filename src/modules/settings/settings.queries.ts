import { eq } from 'drizzle-orm';
import type { Db } from '../../core/env';
import { nowIso } from '../../core/db/columns';
import { systemSettings } from './settings.table';

import type { Settings } from './settings.schemas';

const DEFAULTS: Settings = { serviceFeePercent: 10, defaultCurrency: 'EUR', updatedAt: null, updatedBy: null };
const ROW_ID = 'global';

/**
 * Per-isolate cache. A write through this isolate replaces it at once; other isolates re-read after at most
 * SETTINGS_TTL_MS, which bounds staleness (settings change rarely and are read on fee calculations).
 */
export const SETTINGS_TTL_MS = 30_000;
let cache: { value: Settings; loadedAt: number } | undefined;

export async function getSettings(db: Db, now = Date.now()): Promise<Settings> {
  if (cache && now - cache.loadedAt < SETTINGS_TTL_MS) return cache.value;
  const [row] = await db.select().from(systemSettings).where(eq(systemSettings.id, ROW_ID)).limit(1);
  const value: Settings = row
    ? { serviceFeePercent: row.serviceFeePercent, defaultCurrency: row.defaultCurrency, updatedAt: row.updatedAt, updatedBy: row.updatedBy }
    : DEFAULTS;
  cache = { value, loadedAt: now };
  return value;
}

export function settingsUpsert(db: Db, patch: Partial<Pick<Settings, 'serviceFeePercent' | 'defaultCurrency'>>, userId: string) {
  const now = nowIso();
  return db
    .insert(systemSettings)
    .values({ id: ROW_ID, ...patch, updatedAt: now, updatedBy: userId })
    .onConflictDoUpdate({ target: systemSettings.id, set: { ...patch, updatedAt: now, updatedBy: userId } })
    .returning();
}

export function cacheSettings(value: Settings) {
  cache = { value, loadedAt: Date.now() };
}
