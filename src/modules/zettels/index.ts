import { defineModule } from '../../core/module';
import { zettelEvents, zettelNotifications } from './zettels.events';
import { routes } from './zettels.routes';
import { zettelResources, zettelTools } from './zettels.tools';
import { zettelCounts, zettelIndex, zettelLinks, zettelMentions, zettelRevisions, zettels, zettelShares } from './zettels.table';

/** Zettels: linked knowledge notes (personal, company, partners) with backlinks, mentions, revisions and a graph. */
export default defineModule({
  name: 'zettels',
  routes,
  tables: [zettels, zettelLinks, zettelMentions, zettelRevisions, zettelIndex, zettelShares, zettelCounts],
  events: zettelEvents.specs,
  notifications: zettelNotifications,
  tools: zettelTools,
  resources: zettelResources,
});
