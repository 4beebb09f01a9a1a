import type { PlainKey } from './i18n';
import { isManager, isStaff, signedIn } from './lib/session';

/**
 * The app's navigation, as data. A module adds its screen with ONE line in `NAV` (its label key goes in its own
 * catalogue area, e.g. `nav.items.*` or the module's area). Groups are shown in `GROUPS` order, each only when at
 * least one of its items is visible to the user.
 */
export const GROUPS = ['hiring', 'marketplace', 'maintenance', 'fieldService', 'knowledge', 'company', 'integrations', 'platform'] as const;
export type NavGroup = (typeof GROUPS)[number];

/** Who sees an item: everyone (also signed out), any signed-in user, company admins and staff, platform staff. */
export type Audience = 'everyone' | 'signedIn' | 'manager' | 'staff';

export interface NavItem {
  group: NavGroup;
  href: string;
  label: PlainKey;
  show: Audience;
  /** A page the app does not render itself (served by the Worker): the router lets the browser load it. */
  external?: boolean;
}

export const NAV: NavItem[] = [
  { group: 'hiring', href: '/jobs', label: 'nav.items.jobBoard', show: 'everyone' },
  { group: 'hiring', href: '/manage/jobs', label: 'nav.items.ourJobs', show: 'manager' },
  { group: 'hiring', href: '/applications', label: 'nav.items.myApplications', show: 'signedIn' },
  { group: 'maintenance', href: '/maintenance/work-orders', label: 'cmms.nav.workOrders', show: 'signedIn' },
  { group: 'maintenance', href: '/maintenance/assets', label: 'cmms.nav.assets', show: 'signedIn' },
  { group: 'maintenance', href: '/maintenance/requests', label: 'cmms.nav.requests', show: 'signedIn' },
  { group: 'maintenance', href: '/maintenance/parts', label: 'cmms.nav.parts', show: 'signedIn' },
  { group: 'maintenance', href: '/maintenance/kpis', label: 'cmms.nav.kpis', show: 'signedIn' },
  { group: 'maintenance', href: '/maintenance/contracted', label: 'cmms.nav.contracted', show: 'signedIn' },
  { group: 'marketplace', href: '/services', label: 'services.nav.requests', show: 'signedIn' },
  { group: 'marketplace', href: '/proposals', label: 'services.nav.proposals', show: 'signedIn' },
  { group: 'marketplace', href: '/engagements', label: 'services.nav.engagements', show: 'signedIn' },
  { group: 'marketplace', href: '/offerings', label: 'services.nav.offerings', show: 'signedIn' },
  { group: 'fieldService', href: '/field/board', label: 'fsm.nav.board', show: 'manager' },
  { group: 'fieldService', href: '/field/my-day', label: 'fsm.nav.myDay', show: 'signedIn' },
  { group: 'fieldService', href: '/field/jobs', label: 'fsm.nav.jobs', show: 'signedIn' },
  { group: 'fieldService', href: '/field/customers', label: 'fsm.nav.customers', show: 'signedIn' },
  { group: 'fieldService', href: '/field/technicians', label: 'fsm.nav.technicians', show: 'signedIn' },
  { group: 'knowledge', href: '/knowledge/notes', label: 'zettels.nav.notes', show: 'signedIn' },
  { group: 'knowledge', href: '/knowledge/graph', label: 'zettels.nav.graph', show: 'signedIn' },
  { group: 'knowledge', href: '/knowledge/trash', label: 'zettels.nav.trash', show: 'signedIn' },
  { group: 'company', href: '/dashboard', label: 'nav.items.overview', show: 'signedIn' },
  { group: 'company', href: '/company', label: 'nav.items.companyProfile', show: 'manager' },
  { group: 'company', href: '/employees', label: 'nav.items.team', show: 'signedIn' },
  { group: 'company', href: '/partnerships', label: 'nav.items.partners', show: 'signedIn' },
  { group: 'company', href: '/audit', label: 'nav.items.auditLog', show: 'manager' },
  { group: 'integrations', href: '/webhooks', label: 'nav.items.webhooks', show: 'manager' },
  { group: 'integrations', href: '/api-keys', label: 'nav.items.apiKeys', show: 'manager' },
  { group: 'integrations', href: '/ai-assistant', label: 'nav.items.aiAssistant', show: 'manager' },
  { group: 'integrations', href: '/api/v1/docs', label: 'nav.items.apiDocs', show: 'everyone', external: true },
  { group: 'platform', href: '/settings', label: 'nav.items.platformSettings', show: 'staff' },
];

export function visibleTo(audience: Audience): boolean {
  if (audience === 'everyone') return true;
  if (audience === 'signedIn') return signedIn.value;
  if (audience === 'manager') return isManager.value;
  return isStaff.value;
}

/** The groups with their visible items, in order. */
export const visibleNav = () =>
  GROUPS.map((group) => ({ group, items: NAV.filter((item) => item.group === group && visibleTo(item.show)) })).filter((g) => g.items.length > 0);

/** The item for a path: itself or anything under it (`/jobs/123` is the job board). */
export const isCurrent = (item: NavItem, path: string) => path === item.href || path.startsWith(`${item.href}/`);
