import { authenticate, requirePermission } from '../../core/auth/middleware';
import { ok } from '../../core/envelope';
import { publish, newEvent, outboxInsert } from '../../core/events/publish';
import { createRouter } from '../../core/router';
import { jsonBody } from '../../core/validation';
import { cacheSettings, getSettings, settingsUpsert } from './settings.queries';
import { settingsPatch } from './settings.schemas';

export const settingsRoutes = createRouter()
  .use(authenticate)
  .get('/', requirePermission('settings:view'), async (c) => ok(c, await getSettings(c.var.db)))
  .patch('/', requirePermission('settings:manage'), ...jsonBody(settingsPatch), async (c) => {
    const { db, user } = c.var;
    const patch = c.req.valid('json');
    const ev = newEvent('settings.settings.updated', user.companyId, { changes: Object.keys(patch) });
    const [[row]] = await db.batch([settingsUpsert(db, patch, user.id), outboxInsert(db, ev)]);
    const value = {
      serviceFeePercent: row!.serviceFeePercent,
      defaultCurrency: row!.defaultCurrency,
      updatedAt: row!.updatedAt,
      updatedBy: row!.updatedBy,
    };
    cacheSettings(value);
    publish(c, [ev]);
    return ok(c, value);
  });
