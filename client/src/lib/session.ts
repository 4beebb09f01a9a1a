import { computed, signal } from '@preact/signals';
import type { Company, User } from '../../../src/core/tenancy/tenancy.schemas';

export interface Tokens {
  token: string;
  refreshToken: string;
}

const KEY = 'completo.tokens';

function load(): Tokens | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

/** Tokens survive reloads in localStorage; everything else is re-read from /auth/me. */
export const tokens = signal<Tokens | null>(load());
export const currentUser = signal<User | null>(null);
export const currentCompany = signal<Company | null>(null);

export const isStaff = computed(() => currentUser.value?.role === 'DEV' || currentUser.value?.role === 'admin');
export const isManager = computed(() => isStaff.value || currentUser.value?.role === 'admin_empresa');

export function setTokens(next: Tokens | null) {
  tokens.value = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next));
  else localStorage.removeItem(KEY);
}

export function clearSession() {
  setTokens(null);
  currentUser.value = null;
  currentCompany.value = null;
}
