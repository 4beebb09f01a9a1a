import { DurableObject } from 'cloudflare:workers';

/** The per-company real-time hub (one instance per company, `idFromName(companyId)`). */
export class CompanyHub extends DurableObject<Env> {}
