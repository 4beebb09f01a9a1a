import type { z } from 'zod';
import type { Caller } from '../../core/auth/caller';
import type { Ctx } from '../../core/context';
import { commit } from '../../core/events/outbox';
import { settingsEvents } from './settings.events';
import { cacheSettings, getSettings, settingsUpsert } from './settings.queries';
import type { Settings, settingsPatch } from './settings.schemas';

export const get = (ctx: Ctx) => getSettings(ctx.db);

export async function update(ctx: Ctx, caller: Caller, patch: z.output<typeof settingsPatch>): Promise<Settings> {
  const ev = settingsEvents.event('settings.settings.updated', caller.companyId, { changes: Object.keys(patch) });
  const [[row]] = await commit(ctx, [settingsUpsert(ctx.db, patch, caller.id)], [ev]);
  const value = { serviceFeePercent: row!.serviceFeePercent, defaultCurrency: row!.defaultCurrency, updatedAt: row!.updatedAt, updatedBy: row!.updatedBy };
  cacheSettings(value);
  return value;
}
