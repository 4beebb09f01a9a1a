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
  'services:manage': MANAGERS,
  'partnerships:view': ALL,
  'partnerships:manage': MANAGERS,
  'notifications:own': ALL,
  'webhooks:manage': MANAGERS,
  'admin:operate': STAFF,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (role: Role, permission: Permission): boolean =>
  (PERMISSIONS[permission] as readonly Role[]).includes(role);
