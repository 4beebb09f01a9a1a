export const ROLES = ['DEV', 'admin', 'admin_empresa', 'cliente'] as const;
export type Role = (typeof ROLES)[number];

/** Higher number = more power. DEV > admin > admin_empresa > cliente. */
export const ROLE_RANK: Record<Role, number> = { DEV: 4, admin: 3, admin_empresa: 2, cliente: 1 };

export const isStaff = (role: Role) => role === 'DEV' || role === 'admin';
export const outranksOrEquals = (actor: Role, target: Role) => ROLE_RANK[actor] >= ROLE_RANK[target];

const ALL: readonly Role[] = ROLES;
const STAFF: readonly Role[] = ['DEV', 'admin'];
const MANAGERS: readonly Role[] = ['DEV', 'admin', 'admin_empresa'];

/**
 * The seed's permission matrix, the only place roles are granted anything. "own company" scoping for admin_empresa is
 * enforced by the queries (every query takes the caller's scope); this table only says who may attempt the action.
 * Anything not listed is denied.
 */
export const PERMISSIONS = {
  'companies:list-all': STAFF,
  'companies:view-own': ALL,
  'companies:manage': MANAGERS,
  'employees:view': ALL,
  'employees:manage': MANAGERS,
  'zettels:view-all': STAFF,
  'zettels:view-company': ALL,
  /** Create zettels and edit one's own (an admin_empresa also edits the company's shared ones: see the zettels module). */
  'zettels:edit': ALL,
  'settings:view': ALL,
  'settings:manage': STAFF,
  'jobs:manage': MANAGERS,
  'jobs:apply': ALL,
  'services:view': ALL,
  'services:manage': MANAGERS,
  'partnerships:view': ALL,
  'partnerships:manage': MANAGERS,
  'notifications:own': ALL,
  'webhooks:manage': MANAGERS,
  'apiKeys:manage': MANAGERS,
  'audit:view': MANAGERS,
  /** CMMS: read the company's maintenance data (assets, meters, schedules, work orders, parts, KPIs). */
  'cmms:view': ALL,
  /** CMMS: act on work orders assigned to you (or contracted to your company), record readings, file requests. */
  'cmms:work': ALL,
  /** CMMS: manage everything of the company's maintenance. */
  'cmms:manage': MANAGERS,
  /** FSM: read the company's customers, sites, technicians, field jobs and visits. */
  'fsm:view': ALL,
  /** FSM: a technician's own day, and the checklist, notes and status steps of visits assigned to them. */
  'fsm:work': ALL,
  /** FSM: dispatch — manage customers, sites, technician profiles, jobs and visits; the dispatch board. */
  'fsm:dispatch': MANAGERS,
  'admin:operate': STAFF,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (role: Role, permission: Permission): boolean =>
  (PERMISSIONS[permission] as readonly Role[]).includes(role);

/**
 * API keys act for their company with the rights of an admin_empresa narrowed to their scopes. A permission is usable
 * by a key only if its prefix is one of these families (`jobs:manage` → family `jobs`); a route then needs the key
 * scope `<family>:read` for GET and `<family>:write` otherwise. Everything else — employees, partnerships, webhooks,
 * API keys, the audit log, company profile, settings, notifications — is never a key's (403).
 */
export const KEY_FAMILIES = ['jobs', 'services', 'zettels', 'cmms', 'fsm'] as const;
export type KeyFamily = (typeof KEY_FAMILIES)[number];
export const KEY_SCOPES = [...KEY_FAMILIES.flatMap((f) => [`${f}:read`, `${f}:write`] as const), 'mcp'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/** A person's own actions (applying to a job…): never done by a key, whatever its scopes. */
const PERSONAL: readonly string[] = ['jobs:apply', 'notifications:own'];

export const keyFamilyOf = (permission: string): KeyFamily | undefined => {
  if (PERSONAL.includes(permission)) return undefined;
  const family = permission.split(':')[0];
  return (KEY_FAMILIES as readonly string[]).includes(family!) ? (family as KeyFamily) : undefined;
};

/** What a route or tool requires: a permission (none: any signed-in user), or for anonymous-capable reads a family. */
export interface AccessRule {
  permission?: Permission | undefined;
  family?: KeyFamily | undefined;
  access: 'read' | 'write';
}

/** Why a caller may not do it, or undefined when they may: the one check REST routes and MCP tools share. */
export function denial(caller: { kind: 'user' | 'apiKey'; role: Role; scopes: readonly string[] | null }, rule: AccessRule): string | undefined {
  if (caller.kind === 'apiKey') {
    const family = rule.family ?? (rule.permission ? keyFamilyOf(rule.permission) : undefined);
    if (!family) return 'API keys cannot do this; it needs a signed-in user';
    const scope = `${family}:${rule.access}`;
    if (!caller.scopes?.includes(scope)) return `This API key lacks the scope ${scope}`;
  }
  if (rule.permission && !can(caller.role, rule.permission)) return 'Your role does not allow this action';
  return undefined;
}
