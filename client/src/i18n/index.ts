import { batch, signal } from '@preact/signals';
import type * as En from './en';
import type * as PtBR from './pt-BR';
import type { PluralForms, Translation } from './types';

/**
 * The web app's messages. Each language is a folder (`en/`, `pt-BR/`) with one file per area; `en` is the reference
 * (its literal texts type the keys and their `{placeholders}`), every other language is typed against it. Each
 * language is a lazy chunk, loaded before the first render and on a switch.
 */
export type Locale = 'en' | 'pt-BR';

/** Language names as their speakers write them (the switcher shows these; they are never translated). */
export const LANGUAGES: Record<Locale, string> = { 'pt-BR': 'Português', en: 'English' };

type Messages = typeof En;
export type Catalogue = Translation<Messages>;

// A language folder that lacks an area fails here (not assignable); one with an extra area fails on `_noExtraArea`.
const loaders: Record<Locale, () => Promise<Catalogue>> = {
  en: () => import('./en'),
  'pt-BR': () => import('./pt-BR'),
};
const _noExtraArea: [Exclude<keyof typeof PtBR, keyof Messages>] extends [never] ? true : false = true;
void _noExtraArea;

type Leaf = string | { readonly other: string };
type Paths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends Leaf ? `${P}${K}` : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];
/** Every message key, e.g. `jobs.board.title`. */
export type Key = Paths<Messages>;

type At<T, K extends string> = K extends `${infer H}.${infer R}` ? (H extends keyof T ? At<T[H], R> : never) : K extends keyof T ? T[K] : never;
type Vars<S> = S extends `${string}{${infer P}}${infer R}` ? P | Vars<R> : never;
type VarsOf<M> = M extends string ? Vars<M> : M extends { readonly other: string } ? 'count' | Vars<M[Exclude<keyof M, 'count'>] & string> : never;
/** The placeholders of a key's English text (plurals always take `count`). */
export type Params<K extends Key> = VarsOf<At<Messages, K>>;
/** Keys whose message takes no placeholders (what a table of keys, like the navigation, may hold). */
export type PlainKey = { [K in Key]: [Params<K>] extends [never] ? K : never }[Key];
type Args<K extends Key> = [Params<K>] extends [never] ? [] : [params: Record<Params<K>, string | number>];

const STORAGE_KEY = 'completo.lang';
const isLocale = (v: unknown): v is Locale => v === 'en' || v === 'pt-BR';

/** The stored choice, else the browser's first preferred language we have, else English. */
export function detectLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage unavailable (private mode): fall through to the browser preference
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('pt')) return 'pt-BR';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export const locale = signal<Locale>('en');
const catalogue = signal<Catalogue | null>(null);

/** Loads a language's catalogue and makes it current; `remember` stores the choice (the header switcher). */
export async function setLocale(next: Locale, remember = false) {
  const loaded = await loaders[next]();
  batch(() => {
    catalogue.value = loaded;
    locale.value = next;
  });
  document.documentElement.lang = next;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // the choice holds for this page only
    }
  }
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();
const rulesFor = (l: Locale) => pluralRules.get(l) ?? pluralRules.set(l, new Intl.PluralRules(l)).get(l)!;
const numbersFor = (l: Locale) => numberFormats.get(l) ?? numberFormats.set(l, new Intl.NumberFormat(l)).get(l)!;

function lookup(key: string): string | PluralForms | undefined {
  let node: unknown = catalogue.value;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' || (typeof node === 'object' && node !== null && 'other' in node) ? (node as string | PluralForms) : undefined;
}

/**
 * The message for `key` in the current language, placeholders filled (numbers formatted for the locale), plural form
 * chosen by `count`. A key missing at run time (it cannot be at compile time) shows as the key itself, which the
 * browser suite looks for. Reading it inside a component re-renders that component when the language changes.
 */
export function t<K extends Key>(key: K, ...args: Args<K>): string {
  const params = (args[0] ?? {}) as Record<string, string | number>;
  const message = lookup(key);
  if (message === undefined) return key;
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const count = Number(params.count ?? 0);
    text = (count === 0 ? message.zero : undefined) ?? message[rulesFor(locale.value).select(count)] ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numbersFor(locale.value).format(value) : value;
  });
}
