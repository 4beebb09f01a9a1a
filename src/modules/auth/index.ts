import { defineModule } from '../../core/module';
import { pruneLoginFailures } from './auth.queries';
import { routes } from './auth.routes';
import { loginFailures, refreshTokens } from './auth.table';

/** Sign-up, login, refresh-token rotation, logout. */
export default defineModule({
  name: 'auth',
  routes,
  tables: [refreshTokens, loginFailures],
  cron: async (ctx) => {
    await pruneLoginFailures(ctx.db);
  },
});
