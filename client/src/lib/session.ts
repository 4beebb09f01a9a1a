import { computed, signal } from '@preact/signals';
import type { Company, User } from '../../../src/core/tenancy/tenancy.schemas';

/**
 * The access token lives in memory only. The refresh token is in the HttpOnly `completo_rt` cookie the server sets
 * (scripts never see it); a reload gets a new access token through POST /auth/refresh with `{}`.
 */
export const accessToken = signal<string | null>(null);
export const currentUser = signal<User | null>(null);
export const currentCompany = signal<Company | null>(null);

export const signedIn = computed(() => accessToken.value !== null);
export const isStaff = computed(() => currentUser.value?.role === 'DEV' || currentUser.value?.role === 'admin');
export const isManager = computed(() => isStaff.value || currentUser.value?.role === 'admin_empresa');

/** Not a secret: "this browser had a session", so anonymous visitors do not call /auth/refresh on every load. */
const HINT = 'completo.session';
/** Where earlier versions kept both tokens. */
const LEGACY = ['completo.tokens'];

function storage(fn: () => void) {
  try {
    fn();
  } catch {
    // storage unavailable (private mode, quota): the session still works for this page
  }
}

export function forgetLegacyTokens() {
  storage(() => {
    for (const key of LEGACY) {
      localStorage.removeItem(key);
      sessionStorage.removeItem(key);
    }
  });
}

export function hadSession(): boolean {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return false;
  }
}

export function setAccessToken(token: string) {
  accessToken.value = token;
  storage(() => localStorage.setItem(HINT, '1'));
}

export function clearSession() {
  accessToken.value = null;
  currentUser.value = null;
  currentCompany.value = null;
  storage(() => localStorage.removeItem(HINT));
}
