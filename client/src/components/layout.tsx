import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { LANGUAGES, locale, setLocale, t, type Locale } from '../i18n';
import { logout } from '../lib/auth';
import { currentCompany, currentUser } from '../lib/session';
import { isCurrent, visibleNav } from '../nav';
import { Bell } from './bell';

function LanguageSwitcher() {
  return (
    <select
      class="lang-select"
      aria-label={t('common.language')}
      value={locale.value}
      data-testid="language"
      onChange={(e) => {
        const next = Object.keys(LANGUAGES).find((l): l is Locale => l === e.currentTarget.value);
        if (next) void setLocale(next, true);
      }}
    >
      {Object.entries(LANGUAGES).map(([code, name]) => (
        <option value={code} lang={code}>
          {name}
        </option>
      ))}
    </select>
  );
}

/** The signed-in user (name, role and company) and the logout button. */
function Account({ class: cls }: { class: string }) {
  const { route } = useLocation();
  const user = currentUser.value;
  if (!user) return null;
  const roleAt = t('common.roleAt', { role: t(`common.roles.${user.role}`), company: currentCompany.value?.name ?? '' });
  return (
    <div class={`account ${cls}`}>
      <span class="account__who" title={`${user.name} · ${roleAt}`}>
        <span class="account__name">{user.name}</span>
        <span class="small muted account__role">{roleAt}</span>
      </span>
      <button
        class="btn btn--secondary"
        onClick={async () => {
          await logout();
          route('/login');
        }}
      >
        {t('auth.logOut')}
      </button>
    </div>
  );
}

/**
 * The shell: a header (menu button on narrow screens, brand, language, bell, account) and a grouped sidebar that
 * becomes a drawer below 900 px. The sidebar's groups and items come from nav.ts.
 */
export function Layout({ children }: { children: ComponentChildren }) {
  const { path } = useLocation();
  const user = currentUser.value;
  const [open, setOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const sidebar = useRef<HTMLElement>(null);
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    // Opening the drawer moves focus into it, on the current page's item (or the first one).
    const links = sidebar.current?.querySelectorAll<HTMLElement>('a');
    (sidebar.current?.querySelector<HTMLElement>('[aria-current="page"]') ?? links?.[0])?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  const groups = visibleNav();
  // A customer's tracking link: the page alone under a minimal header (brand and language), no app navigation.
  if (path.startsWith('/track/'))
    return (
      <div class="shell">
        <a class="skip-link" href="#main">
          {t('common.skipToContent')}
        </a>
        <header class="topbar">
          <span class="brand">
            <span class="brand__mark" aria-hidden="true">
              ✓
            </span>
            <span class="brand__name">{t('common.brand')}</span>
          </span>
          <div class="topbar__right">
            <LanguageSwitcher />
          </div>
        </header>
        <main class="main main--bare" id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    );
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header class="topbar">
        <button
          ref={menuButton}
          class="btn btn--ghost menu-button"
          aria-expanded={open}
          aria-controls="sidebar"
          data-testid="menu"
          onClick={() => setOpen(!open)}
        >
          <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
            {open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
          </svg>
          <span class="menu-button__text">{t('nav.menu')}</span>
        </button>
        <a class="brand" href={user ? '/dashboard' : '/jobs'} aria-label={t('nav.home')}>
          <span class="brand__mark" aria-hidden="true">
            ✓
          </span>
          <span class="brand__name">{t('common.brand')}</span>
        </a>
        <div class="topbar__right">
          <LanguageSwitcher />
          {user ? (
            <>
              <Bell />
              <Account class="only-wide" />
            </>
          ) : (
            <>
              <a class="btn btn--ghost" href="/login">
                {t('auth.logIn')}
              </a>
              <a class="btn btn--primary only-wide" href="/register">
                {t('auth.registerCompany')}
              </a>
            </>
          )}
        </div>
      </header>
      <div class="frame">
        <aside id="sidebar" ref={sidebar} class={`sidebar${open ? ' sidebar--open' : ''}`}>
          <nav aria-label={t('nav.label')} class="sidenav">
            {groups.map(({ group, items }) => (
              <div class="nav-group" key={group}>
                <p class="nav-group__title" id={`nav-${group}`}>
                  {t(`nav.groups.${group}`)}
                </p>
                <ul aria-labelledby={`nav-${group}`}>
                  {items.map((item) => (
                    <li key={item.href}>
                      <a class="nav-link" href={item.href} aria-current={isCurrent(item, path) ? 'page' : undefined}>
                        {t(item.label)}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </nav>
          <div class="sidebar__footer only-narrow">
            {user ? (
              <Account class="account--stacked" />
            ) : (
              <a class="btn btn--primary" href="/register">
                {t('auth.registerCompany')}
              </a>
            )}
          </div>
        </aside>
        <main class="main" id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
