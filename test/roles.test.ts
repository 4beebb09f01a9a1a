import { describe, expect, it } from 'vitest';
import { app } from '../src/app';
import { PERMISSIONS, ROLES, type Permission, type Role } from '../src/core/auth/roles';
import { addStaff, addUser, call, registerCompany, type Member } from './helpers';

type Access = Permission | 'public' | 'authenticated' | 'websocket';

/**
 * Every API route and who may call it. The test below fails if the app gains a route that is not listed here, so the
 * matrix cannot silently fall behind the code.
 */
export const ROUTE_ACCESS: { method: string; path: string; access: Access; body?: unknown }[] = [
  { method: 'GET', path: '/api/v1/ping', access: 'public' },
  { method: 'GET', path: '/api/v1/openapi.json', access: 'public' },
  { method: 'GET', path: '/api/v1/docs', access: 'public' },
  { method: 'POST', path: '/api/v1/auth/register', access: 'public' },
  { method: 'POST', path: '/api/v1/auth/login', access: 'public' },
  { method: 'POST', path: '/api/v1/auth/refresh', access: 'public' },
  { method: 'POST', path: '/api/v1/auth/logout', access: 'authenticated', body: { refreshToken: 'x' } },
  { method: 'GET', path: '/api/v1/auth/me', access: 'authenticated' },
  { method: 'GET', path: '/api/v1/companies', access: 'companies:view-own' },
  { method: 'GET', path: '/api/v1/companies/directory', access: 'authenticated' },
  { method: 'GET', path: '/api/v1/companies/:id', access: 'companies:view-own' },
  { method: 'PATCH', path: '/api/v1/companies/:id', access: 'companies:manage', body: { name: 'Renamed Co' } },
  { method: 'GET', path: '/api/v1/employees', access: 'employees:view' },
  { method: 'POST', path: '/api/v1/employees', access: 'employees:manage', body: {} },
  { method: 'GET', path: '/api/v1/employees/:id', access: 'employees:view' },
  { method: 'PATCH', path: '/api/v1/employees/:id', access: 'employees:manage', body: { name: 'N' } },
  { method: 'DELETE', path: '/api/v1/employees/:id', access: 'employees:manage' },
  { method: 'GET', path: '/api/v1/partnerships', access: 'partnerships:view' },
  { method: 'POST', path: '/api/v1/partnerships', access: 'partnerships:manage', body: {} },
  { method: 'GET', path: '/api/v1/partnerships/:id', access: 'partnerships:view' },
  { method: 'POST', path: '/api/v1/partnerships/:id/accept', access: 'partnerships:manage' },
  { method: 'POST', path: '/api/v1/partnerships/:id/decline', access: 'partnerships:manage' },
  { method: 'DELETE', path: '/api/v1/partnerships/:id', access: 'partnerships:manage' },
  { method: 'GET', path: '/api/v1/settings', access: 'settings:view' },
  { method: 'PATCH', path: '/api/v1/settings', access: 'settings:manage', body: {} },
  { method: 'GET', path: '/api/v1/jobs', access: 'public' },
  { method: 'GET', path: '/api/v1/jobs/:id', access: 'public' },
  { method: 'POST', path: '/api/v1/jobs', access: 'jobs:manage', body: {} },
  { method: 'PATCH', path: '/api/v1/jobs/:id', access: 'jobs:manage', body: { title: 'New title' } },
  { method: 'DELETE', path: '/api/v1/jobs/:id', access: 'jobs:manage' },
  { method: 'POST', path: '/api/v1/jobs/:id/apply', access: 'jobs:apply', body: {} },
  { method: 'GET', path: '/api/v1/jobs/:id/applications', access: 'jobs:manage' },
  { method: 'PATCH', path: '/api/v1/jobs/:id/applications/:applicationId', access: 'jobs:manage', body: { status: 'accepted' } },
  { method: 'GET', path: '/api/v1/applications/mine', access: 'jobs:apply' },
  { method: 'GET', path: '/api/v1/applications/received', access: 'jobs:manage' },
  { method: 'GET', path: '/api/v1/applications/pending-counts', access: 'jobs:manage' },
  { method: 'GET', path: '/api/v1/services', access: 'services:view' },
  { method: 'GET', path: '/api/v1/services/fee-preview', access: 'services:view' },
  { method: 'GET', path: '/api/v1/services/:id', access: 'services:view' },
  { method: 'POST', path: '/api/v1/services', access: 'services:manage', body: {} },
  { method: 'PATCH', path: '/api/v1/services/:id', access: 'services:manage', body: { status: 'closed' } },
  { method: 'DELETE', path: '/api/v1/services/:id', access: 'services:manage' },
  { method: 'POST', path: '/api/v1/services/:id/proposals', access: 'services:manage', body: {} },
  { method: 'GET', path: '/api/v1/services/:id/proposals', access: 'services:view' },
  { method: 'GET', path: '/api/v1/proposals/mine', access: 'services:view' },
  { method: 'PATCH', path: '/api/v1/proposals/:id', access: 'services:manage', body: { price: 100 } },
  { method: 'POST', path: '/api/v1/proposals/:id/withdraw', access: 'services:manage' },
  { method: 'POST', path: '/api/v1/proposals/:id/accept', access: 'services:manage' },
  { method: 'GET', path: '/api/v1/engagements', access: 'services:view' },
  { method: 'GET', path: '/api/v1/engagements/:id', access: 'services:view' },
  { method: 'POST', path: '/api/v1/engagements/:id/complete', access: 'services:manage' },
  { method: 'POST', path: '/api/v1/engagements/:id/cancel', access: 'services:manage', body: { reason: 'No longer needed' } },
  { method: 'POST', path: '/api/v1/engagements/:id/review', access: 'services:manage', body: { rating: 5 } },
  { method: 'GET', path: '/api/v1/offerings', access: 'services:view' },
  { method: 'GET', path: '/api/v1/offerings/:id', access: 'services:view' },
  { method: 'POST', path: '/api/v1/offerings', access: 'services:manage', body: {} },
  { method: 'PATCH', path: '/api/v1/offerings/:id', access: 'services:manage', body: { title: 'New title' } },
  { method: 'DELETE', path: '/api/v1/offerings/:id', access: 'services:manage' },
  { method: 'GET', path: '/api/v1/zettels', access: 'zettels:view-company' },
  { method: 'POST', path: '/api/v1/zettels', access: 'zettels:edit', body: {} },
  { method: 'GET', path: '/api/v1/zettels/tags', access: 'zettels:view-company' },
  { method: 'GET', path: '/api/v1/zettels/graph', access: 'zettels:view-company' },
  { method: 'GET', path: '/api/v1/zettels/trash', access: 'zettels:edit' },
  { method: 'GET', path: '/api/v1/zettels/:id', access: 'zettels:view-company' },
  { method: 'PATCH', path: '/api/v1/zettels/:id', access: 'zettels:edit', body: { version: 1, title: 'x' } },
  { method: 'DELETE', path: '/api/v1/zettels/:id', access: 'zettels:edit' },
  { method: 'POST', path: '/api/v1/zettels/:id/restore', access: 'zettels:edit' },
  { method: 'GET', path: '/api/v1/zettels/:id/revisions', access: 'zettels:view-company' },
  { method: 'POST', path: '/api/v1/zettels/:id/revisions/:version/restore', access: 'zettels:edit' },
  { method: 'GET', path: '/api/v1/notifications', access: 'notifications:own' },
  { method: 'POST', path: '/api/v1/notifications/read-all', access: 'notifications:own' },
  { method: 'POST', path: '/api/v1/notifications/:id/read', access: 'notifications:own' },
  // WebSocket upgrade: authenticated by the first message or subprotocol, covered in realtime.test.ts.
  { method: 'GET', path: '/api/v1/realtime', access: 'websocket' },
  { method: 'GET', path: '/api/v1/webhooks', access: 'webhooks:manage' },
  { method: 'POST', path: '/api/v1/webhooks', access: 'webhooks:manage', body: {} },
  { method: 'GET', path: '/api/v1/webhooks/event-types', access: 'webhooks:manage' },
  { method: 'GET', path: '/api/v1/webhooks/deliveries', access: 'webhooks:manage' },
  { method: 'GET', path: '/api/v1/webhooks/:id', access: 'webhooks:manage' },
  { method: 'PATCH', path: '/api/v1/webhooks/:id', access: 'webhooks:manage', body: { description: 'x' } },
  { method: 'DELETE', path: '/api/v1/webhooks/:id', access: 'webhooks:manage' },
  { method: 'POST', path: '/api/v1/webhooks/:id/rotate-secret', access: 'webhooks:manage' },
  { method: 'POST', path: '/api/v1/webhooks/:id/test', access: 'webhooks:manage' },
  { method: 'GET', path: '/api/v1/webhooks/:id/deliveries', access: 'webhooks:manage' },
  { method: 'POST', path: '/api/v1/webhooks/:id/deliveries/:deliveryId/replay', access: 'webhooks:manage' },
  { method: 'POST', path: '/api/v1/webhooks/:id/replay-failed', access: 'webhooks:manage', body: { since: '2026-01-01T00:00:00Z' } },
  { method: 'GET', path: '/api/v1/api-keys', access: 'apiKeys:manage' },
  { method: 'POST', path: '/api/v1/api-keys', access: 'apiKeys:manage', body: {} },
  { method: 'DELETE', path: '/api/v1/api-keys/:id', access: 'apiKeys:manage' },
  { method: 'GET', path: '/api/v1/audit', access: 'audit:view' },
  { method: 'GET', path: '/api/v1/cmms/locations', access: 'cmms:view' },
  { method: 'POST', path: '/api/v1/cmms/locations', access: 'cmms:manage', body: {} },
  { method: 'GET', path: '/api/v1/cmms/locations/:id', access: 'cmms:view' },
  { method: 'PATCH', path: '/api/v1/cmms/locations/:id', access: 'cmms:manage', body: { name: 'N' } },
  { method: 'DELETE', path: '/api/v1/cmms/locations/:id', access: 'cmms:manage' },
  { method: 'GET', path: '/api/v1/cmms/assets', access: 'cmms:view' },
  { method: 'POST', path: '/api/v1/cmms/assets', access: 'cmms:manage', body: {} },
  { method: 'GET', path: '/api/v1/cmms/assets/:id', access: 'cmms:view' },
  { method: 'PATCH', path: '/api/v1/cmms/assets/:id', access: 'cmms:manage', body: { name: 'N' } },
  { method: 'DELETE', path: '/api/v1/cmms/assets/:id', access: 'cmms:manage' },
  { method: 'POST', path: '/api/v1/cmms/assets/:id/request-token', access: 'cmms:manage' },
  { method: 'GET', path: '/api/v1/cmms/assets/:id/meters', access: 'cmms:view' },
  { method: 'POST', path: '/api/v1/cmms/assets/:id/meters', access: 'cmms:manage', body: {} },
  { method: 'GET', path: '/api/v1/cmms/assets/:id/downtime', access: 'cmms:view' },
  { method: 'GET', path: '/api/v1/cmms/meters/:id', access: 'cmms:view' },
  { method: 'PATCH', path: '/api/v1/cmms/meters/:id', access: 'cmms:manage', body: { name: 'N' } },
  { method: 'DELETE', path: '/api/v1/cmms/meters/:id', access: 'cmms:manage' },
  { method: 'GET', path: '/api/v1/cmms/meters/:id/readings', access: 'cmms:view' },
  { method: 'POST', path: '/api/v1/cmms/meters/:id/readings', access: 'cmms:work', body: { value: 1 } },
  { method: 'GET', path: '/api/v1/cmms/schedules', access: 'cmms:view' },
  { method: 'POST', path: '/api/v1/cmms/schedules', access: 'cmms:manage', body: {} },
  { method: 'GET', path: '/api/v1/cmms/schedules/:id', access: 'cmms:view' },
  { method: 'PATCH', path: '/api/v1/cmms/schedules/:id', access: 'cmms:manage', body: { active: false } },
  { method: 'DELETE', path: '/api/v1/cmms/schedules/:id', access: 'cmms:manage' },
  { method: 'GET', path: '/api/v1/cmms/workorders', access: 'cmms:view' },
  { method: 'POST', path: '/api/v1/cmms/workorders', access: 'cmms:manage', body: {} },
  { method: 'GET', path: '/api/v1/cmms/workorders/:id', access: 'cmms:view' },
  { method: 'PATCH', path: '/api/v1/cmms/workorders/:id', access: 'cmms:manage', body: { title: 'New title' } },
  { method: 'DELETE', path: '/api/v1/cmms/workorders/:id', access: 'cmms:manage' },
  { method: 'POST', path: '/api/v1/cmms/workorders/:id/status', access: 'cmms:work', body: { status: 'in_progress' } },
  { method: 'PATCH', path: '/api/v1/cmms/workorders/:id/checklist', access: 'cmms:work', body: { index: 0, done: true } },
  { method: 'POST', path: '/api/v1/cmms/workorders/:id/time', access: 'cmms:work', body: { minutes: 5 } },
  { method: 'POST', path: '/api/v1/cmms/workorders/:id/parts', access: 'cmms:work', body: { partId: '00000000-0000-4000-8000-000000000000', quantity: 1 } },
  { method: 'POST', path: '/api/v1/cmms/workorders/:id/notes', access: 'cmms:work', body: { body: 'x' } },
  { method: 'GET', path: '/api/v1/cmms/parts', access: 'cmms:view' },
  { method: 'POST', path: '/api/v1/cmms/parts', access: 'cmms:manage', body: {} },
  { method: 'GET', path: '/api/v1/cmms/parts/:id', access: 'cmms:view' },
  { method: 'PATCH', path: '/api/v1/cmms/parts/:id', access: 'cmms:manage', body: { name: 'N' } },
  { method: 'DELETE', path: '/api/v1/cmms/parts/:id', access: 'cmms:manage' },
  { method: 'GET', path: '/api/v1/cmms/requests', access: 'cmms:view' },
  { method: 'POST', path: '/api/v1/cmms/requests', access: 'cmms:work', body: {} },
  { method: 'GET', path: '/api/v1/cmms/requests/:id', access: 'cmms:view' },
  { method: 'PATCH', path: '/api/v1/cmms/requests/:id', access: 'cmms:manage', body: { title: 'New title' } },
  { method: 'DELETE', path: '/api/v1/cmms/requests/:id', access: 'cmms:manage' },
  { method: 'POST', path: '/api/v1/cmms/requests/:id/convert', access: 'cmms:manage', body: {} },
  { method: 'POST', path: '/api/v1/cmms/requests/:id/decline', access: 'cmms:manage', body: { reason: 'x' } },
  { method: 'GET', path: '/api/v1/cmms/contracted', access: 'cmms:view' },
  { method: 'GET', path: '/api/v1/cmms/contracted/:id', access: 'cmms:view' },
  { method: 'POST', path: '/api/v1/cmms/contracted/:id/status', access: 'cmms:work', body: { status: 'in_progress' } },
  { method: 'PATCH', path: '/api/v1/cmms/contracted/:id/checklist', access: 'cmms:work', body: { index: 0, done: true } },
  { method: 'POST', path: '/api/v1/cmms/contracted/:id/time', access: 'cmms:work', body: { minutes: 5 } },
  { method: 'POST', path: '/api/v1/cmms/contracted/:id/notes', access: 'cmms:work', body: { body: 'x' } },
  { method: 'GET', path: '/api/v1/cmms/kpis', access: 'cmms:view' },
  // The request portal behind each asset's QR code (no login; covered in cmms.test.ts).
  { method: 'GET', path: '/api/v1/public/assets/:requestToken', access: 'public' },
  { method: 'POST', path: '/api/v1/public/assets/:requestToken/requests', access: 'public' },
  { method: 'GET', path: '/api/v1/fsm/customers', access: 'fsm:view' },
  { method: 'POST', path: '/api/v1/fsm/customers', access: 'fsm:dispatch', body: {} },
  { method: 'GET', path: '/api/v1/fsm/customers/:id', access: 'fsm:view' },
  { method: 'PATCH', path: '/api/v1/fsm/customers/:id', access: 'fsm:dispatch', body: { name: 'N' } },
  { method: 'DELETE', path: '/api/v1/fsm/customers/:id', access: 'fsm:dispatch' },
  { method: 'GET', path: '/api/v1/fsm/customers/:id/sites', access: 'fsm:view' },
  { method: 'POST', path: '/api/v1/fsm/customers/:id/sites', access: 'fsm:dispatch', body: {} },
  { method: 'GET', path: '/api/v1/fsm/sites/:id', access: 'fsm:view' },
  { method: 'PATCH', path: '/api/v1/fsm/sites/:id', access: 'fsm:dispatch', body: { name: 'N' } },
  { method: 'DELETE', path: '/api/v1/fsm/sites/:id', access: 'fsm:dispatch' },
  { method: 'GET', path: '/api/v1/fsm/technicians', access: 'fsm:view' },
  { method: 'GET', path: '/api/v1/fsm/technicians/:userId', access: 'fsm:view' },
  { method: 'PUT', path: '/api/v1/fsm/technicians/:userId', access: 'fsm:dispatch', body: {} },
  { method: 'GET', path: '/api/v1/fsm/jobs', access: 'fsm:view' },
  { method: 'POST', path: '/api/v1/fsm/jobs', access: 'fsm:dispatch', body: {} },
  { method: 'GET', path: '/api/v1/fsm/jobs/:id', access: 'fsm:view' },
  { method: 'PATCH', path: '/api/v1/fsm/jobs/:id', access: 'fsm:dispatch', body: { title: 'New title' } },
  { method: 'DELETE', path: '/api/v1/fsm/jobs/:id', access: 'fsm:dispatch' },
  { method: 'POST', path: '/api/v1/fsm/visits', access: 'fsm:dispatch', body: {} },
  { method: 'GET', path: '/api/v1/fsm/visits/:id', access: 'fsm:view' },
  { method: 'PATCH', path: '/api/v1/fsm/visits/:id', access: 'fsm:work', body: { version: 1, notes: 'x' } },
  { method: 'POST', path: '/api/v1/fsm/visits/:id/status', access: 'fsm:work', body: { status: 'en_route' } },
  { method: 'GET', path: '/api/v1/fsm/board', access: 'fsm:dispatch' },
  { method: 'GET', path: '/api/v1/fsm/my-day', access: 'fsm:work' },
  // The customer's tracking link (no login; covered in fsm.test.ts).
  { method: 'GET', path: '/api/v1/public/visits/:customerToken', access: 'public' },
  { method: 'GET', path: '/api/v1/admin/outbox', access: 'admin:operate' },
  { method: 'GET', path: '/api/v1/admin/dead-letters', access: 'admin:operate' },
  { method: 'POST', path: '/api/v1/admin/dead-letters/:id/redrive', access: 'admin:operate' },
];

const allowed = (access: Access, role: Role | 'anonymous') => {
  if (access === 'public' || access === 'websocket') return true;
  if (role === 'anonymous') return false;
  if (access === 'authenticated') return true;
  return (PERMISSIONS[access] as readonly Role[]).includes(role);
};

describe('role matrix', () => {
  it('lists every API route the app serves', () => {
    const served = new Set(
      app.routes
        .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path}`),
    );
    const listed = new Set(ROUTE_ACCESS.map((r) => `${r.method} ${r.path}`));
    expect([...served].filter((r) => !listed.has(r))).toEqual([]);
    expect([...listed].filter((r) => !served.has(r))).toEqual([]);
  });

  it('grants exactly what the permission table says to anonymous, cliente, admin_empresa, admin and DEV', async () => {
    const t = await registerCompany();
    const members: Record<Role, Member> = {
      DEV: await addStaff('DEV'),
      admin: await addStaff('admin'),
      admin_empresa: t.admin,
      cliente: await addUser(t.company.id, 'cliente'),
    };
    const failures: string[] = [];
    for (const route of ROUTE_ACCESS) {
      if (route.access === 'public' || route.access === 'websocket') continue;
      // A random id: the role check runs before any lookup, so a permitted caller gets past it (to 404/400).
      const path = route.path.replace(':id', crypto.randomUUID()).replace(':applicationId', crypto.randomUUID()).replace(':deliveryId', crypto.randomUUID()).replace(':version', '1').replace(':userId', crypto.randomUUID());
      // The five roles of one route at once (the routes one after another, so no route's writes race another's).
      await Promise.all(
        (['anonymous', ...ROLES] as const).map(async (role) => {
          const token = role === 'anonymous' ? undefined : members[role].token;
          const res = await call(route.method, path, { token, body: route.body });
          const expected = allowed(route.access, role);
          const denied = res.status === 401 || res.status === 403;
          if (expected === denied) failures.push(`${route.method} ${route.path} as ${role}: ${res.status}`);
          if (!expected && role === 'anonymous' && res.status !== 401) failures.push(`${route.method} ${route.path} anonymous: ${res.status}`);
          if (!expected && role !== 'anonymous' && res.status !== 403) failures.push(`${route.method} ${route.path} as ${role}: ${res.status}`);
        }),
      );
    }
    expect(failures).toEqual([]);
  }, 240_000);
});

describe('permission table', () => {
  it("matches the contract's matrix", () => {
    const staff = ['DEV', 'admin'];
    const managers = ['DEV', 'admin', 'admin_empresa'];
    const all = ['DEV', 'admin', 'admin_empresa', 'cliente'];
    expect(PERMISSIONS['companies:list-all']).toEqual(staff);
    expect(PERMISSIONS['companies:view-own']).toEqual(all);
    expect(PERMISSIONS['companies:manage']).toEqual(managers);
    expect(PERMISSIONS['employees:manage']).toEqual(managers);
    expect(PERMISSIONS['zettels:view-all']).toEqual(staff);
    expect(PERMISSIONS['zettels:view-company']).toEqual(all);
    expect(PERMISSIONS['zettels:edit']).toEqual(all);
    expect(PERMISSIONS['settings:manage']).toEqual(staff);
    expect(PERMISSIONS['jobs:manage']).toEqual(managers);
    expect(PERMISSIONS['jobs:apply']).toEqual(all);
    expect(PERMISSIONS['services:manage']).toEqual(managers);
    expect(PERMISSIONS['services:view']).toEqual(all);
    expect(PERMISSIONS['partnerships:manage']).toEqual(managers);
    // FSM: admins dispatch; every member reads and works the visits assigned to them.
    expect(PERMISSIONS['fsm:dispatch']).toEqual(managers);
    expect(PERMISSIONS['fsm:view']).toEqual(all);
    expect(PERMISSIONS['fsm:work']).toEqual(all);
  });
});
