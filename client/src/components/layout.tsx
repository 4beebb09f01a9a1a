import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { logout } from '../lib/auth';
import { Bell } from './bell';
import { roleLabel } from '../lib/format';
import { currentCompany, currentUser, isManager, isStaff } from '../lib/session';

interface NavItem {
  href: string;
  label: string;
  show: () => boolean;
}

const signedIn = () => Boolean(currentUser.value);

export const NAV: NavItem[] = [
  { href: '/dashboard', label: 'Dashboard', show: signedIn },
  { href: '/jobs', label: 'Jobs', show: () => true },
  { href: '/applications', label: 'Applied', show: signedIn },
  { href: '/manage/jobs', label: 'Our jobs', show: () => isManager.value },
  { href: '/employees', label: 'Team', show: signedIn },
  { href: '/partnerships', label: 'Partners', show: signedIn },
  { href: '/webhooks', label: 'Webhooks', show: () => isManager.value },
  { href: '/company', label: 'Company', show: () => isManager.value },
  { href: '/settings', label: 'Platform', show: () => isStaff.value },
];

export function Layout({ children }: { children: ComponentChildren }) {
  const { path, route } = useLocation();
  const user = currentUser.value;
  return (
    <div class="shell">
      <a class="sr-only" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar__inner">
          <a class="brand" href={user ? '/dashboard' : '/'}>
            <span class="brand__mark" aria-hidden="true">
              ✓
            </span>
            Completo
          </a>
          <nav class="nav" aria-label="Main">
            {NAV.filter((n) => n.show()).map((n) => (
              <a key={n.href} href={n.href} aria-current={path.startsWith(n.href) ? 'page' : undefined}>
                {n.label}
              </a>
            ))}
          </nav>
          <div class="topbar__right">
            {user ? (
              <>
                <Bell />
                <span class="user-name small muted" title={`${user.name} · ${roleLabel[user.role]} at ${currentCompany.value?.name ?? ''}`}>
                  {user.name}
                </span>
                <button
                  class="btn btn--secondary"
                  onClick={async () => {
                    await logout();
                    route('/login');
                  }}
                >
                  Log out
                </button>
              </>
            ) : (
              <>
                <a class="btn btn--ghost" href="/login">
                  Log in
                </a>
                <a class="btn btn--primary" href="/register">
                  Register company
                </a>
              </>
            )}
          </div>
        </div>
      </header>
      <main class="main" id="main">
        {children}
      </main>
    </div>
  );
}
