import { auth } from '../../core/auth/middleware';
import { ok } from '../../core/envelope';
import { doc } from '../../core/openapi/meta';
import { createRouter } from '../../core/router';
import { jsonBody } from '../../core/validation';
import { settingsPatch, settingsSchema } from './settings.schemas';
import * as service from './settings.service';

const settingsRoutes = createRouter()
  .get('/', doc({ summary: 'Platform settings', response: settingsSchema }), auth('settings:view'), async (c) => ok(c, await service.get(c.var.ctx)))
  .patch(
    '/',
    doc({ summary: 'Change platform settings (service fee)', response: settingsSchema }),
    auth('settings:manage'),
    ...jsonBody(settingsPatch),
    async (c) => ok(c, await service.update(c.var.ctx, c.var.caller, c.req.valid('json'))),
  );

export const routes = createRouter().route('/settings', settingsRoutes);
