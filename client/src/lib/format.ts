import { locale, type Locale } from '../i18n';

/** Intl formatters for the current language, built once per language and options. */
function cached<F>(make: (l: Locale) => F) {
  const byLocale = new Map<Locale, F>();
  return () => byLocale.get(locale.value) ?? byLocale.set(locale.value, make(locale.value)).get(locale.value)!;
}

const dateTime = cached((l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' }));
const dateOnly = cached((l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium' }));
const relative = cached((l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' }));
const numbers = cached((l) => new Intl.NumberFormat(l));
const percent = cached((l) => new Intl.NumberFormat(l, { style: 'percent', maximumFractionDigits: 2 }));

export const formatDateTime = (iso: string | null | undefined) => (iso ? dateTime().format(new Date(iso)) : '—');
export const formatDate = (iso: string | null | undefined) => (iso ? dateOnly().format(new Date(iso)) : '—');
export const formatNumber = (n: number) => numbers().format(n);
/** `value` in percent points (12.5 → "12,5 %" / "12.5%"). */
export const formatPercent = (value: number) => percent().format(value / 100);

/** An amount in a currency, as the current language writes it ("R$ 1.234,56" / "R$1,234.56"); an invalid code shows the bare number. */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale.value, { style: 'currency', currency }).format(amount);
  } catch {
    return formatNumber(amount);
  }
}

/** "5 minutes ago" / "há 5 minutos", "in 2 hours" / "em 2 horas", "yesterday" / "ontem"… */
export function timeAgo(iso: string): string {
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['week', 604_800],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of steps) if (Math.abs(seconds) >= size) return relative().format(Math.round(seconds / size), unit);
  return relative().format(Math.round(seconds), 'second');
}

/** A date input's value (YYYY-MM-DD, the user's calendar day) for a moment: today is `dayOf(new Date())`. */
export function dayOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** An instant of a date input's day in the user's time zone, as the API's ISO-8601 UTC; undefined for no valid day. */
function instantOf(day: string, time: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const at = new Date(`${day}T${time}`);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}
/** The first and the last instant of that day (local time). */
export const dayStart = (day: string) => instantOf(day, '00:00:00');
export const dayEnd = (day: string) => instantOf(day, '23:59:59.999');

/** How many minor units a currency's major unit splits into, as digits (EUR 2, JPY 0); 2 for an unknown code. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An amount in integer minor units (cents), as the current language writes it in its currency ("€2,450.00"). */
export const formatMinor = (amount: number, currency: string) => formatMoney(amount / 10 ** minorDigits(currency), currency);
