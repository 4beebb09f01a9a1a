import type { EventMessage } from '../core/events/types';
import type { EventHandler } from '../queue/handlers';
import { hubOf } from './hub';

/**
 * Every event goes to its company's hub, and to the hubs of the partner companies chosen at publish time (so an
 * ended partnership stops partner events at once). The hub dedupes by event id, which makes this idempotent.
 */
export const hubFanoutHandler: EventHandler = {
  name: 'hub-fanout',
  matches: () => true,
  async handle({ event, partnerCompanyIds }: EventMessage, { env }) {
    await Promise.all([event.companyId, ...partnerCompanyIds].map((companyId) => hubOf(env, companyId).deliver(event)));
  },
};
