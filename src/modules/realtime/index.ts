import { defineModule } from '../../core/module';
import { hubFanoutHandler, liveDelivery } from './realtime.events';
import { routes } from './realtime.routes';

/** Live events: the WebSocket upgrade into the per-company hub (src/realtime/hub.ts) and the delivery to hubs. */
export default defineModule({ name: 'realtime', routes, handlers: [hubFanoutHandler], live: liveDelivery });
