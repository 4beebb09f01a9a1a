import { locale, t } from '../i18n';
import { ApiFailure } from '../lib/api';
import { formatMinor, minorDigits } from '../lib/format';
import { Field } from './ui';

/** What a money input holds: nothing, an amount in integer minor units, or text that is not an amount. */
export type Money = { kind: 'empty' } | { kind: 'ok'; minor: number } | { kind: 'invalid'; reason: 'format' | 'decimals' };

/**
 * Reads an amount typed in the current language ("1.234,56" in Portuguese, "1,234.56" in English) into integer minor
 * units of `currency`. The language's decimal separator is the decimal point; the other separator groups thousands,
 * unless it is the only one and one or two digits follow it ("12.50" typed in Portuguese is twelve and a half).
 */
export function parseMoney(text: string, currency: string): Money {
  // A separator just typed at the end ("12," on the way to "12,50") does not make the text wrong yet.
  const s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/[.,]$/, '');
  if (!s) return { kind: 'empty' };
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return { kind: 'invalid', reason: 'format' };
  const decimal = new Intl.NumberFormat(locale.value).formatToParts(1.1).find((p) => p.type === 'decimal')?.value ?? '.';
  const group = decimal === ',' ? '.' : ',';
  let whole: string;
  let fraction = '';
  const at = s.lastIndexOf(decimal);
  if (at >= 0) {
    whole = s.slice(0, at);
    fraction = s.slice(at + 1);
    if (whole.includes(decimal) || fraction.includes(group)) return { kind: 'invalid', reason: 'format' };
    const groups = whole.split(group);
    if (groups.length > 1 && groups.slice(1).some((g) => g.length !== 3)) return { kind: 'invalid', reason: 'format' };
    whole = groups.join('');
  } else {
    const parts = s.split(group);
    if (parts.length === 2 && parts[1]!.length >= 1 && parts[1]!.length <= 2) {
      whole = parts[0]!;
      fraction = parts[1]!;
    } else {
      if (parts.slice(1).some((g) => g.length !== 3)) return { kind: 'invalid', reason: 'format' };
      whole = parts.join('');
    }
  }
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(fraction) || (whole === '' && fraction === '')) return { kind: 'invalid', reason: 'format' };
  const digits = minorDigits(currency);
  if (fraction.length > digits) return { kind: 'invalid', reason: 'decimals' };
  const minor = Number(whole || '0') * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? { kind: 'ok', minor } : { kind: 'invalid', reason: 'format' };
}

/** An amount in minor units as a money input shows it ("2450,00"): the language's decimal mark, no grouping, no symbol. */
export function moneyText(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '';
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale.value, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(minor / 10 ** digits);
}

/** The localized message for a money input that does not hold an amount. */
export const moneyError = (m: Money, currency: string) =>
  m.kind !== 'invalid' ? undefined : m.reason === 'decimals' ? t('services.money.decimals', { count: minorDigits(currency) }) : t('services.money.format', { example: moneyText(123456, currency) });

/**
 * The amounts of a form, in minor units, or a validation failure naming each money field that does not hold one (the
 * form shows it next to the field and focuses it, as for the server's own field errors).
 */
export function readMoney<K extends string>(fields: Record<K, { text: string; currency: string; required?: boolean }>): Record<K, number | undefined> {
  const out = {} as Record<K, number | undefined>;
  const details: { path: string; message: string }[] = [];
  for (const [path, f] of Object.entries(fields) as [K, { text: string; currency: string; required?: boolean }][]) {
    const m = parseMoney(f.text, f.currency);
    if (m.kind === 'ok') out[path] = m.minor;
    else if (m.kind === 'empty') {
      if (f.required) details.push({ path, message: t('errors.validation.required') });
      out[path] = undefined;
    } else details.push({ path, message: moneyError(m, f.currency)! });
  }
  if (details.length) throw new ApiFailure(400, 'VALIDATION_FAILED', 'Invalid amount', details);
  return out;
}

/**
 * A money input: the amount typed in the current language, the currency beside it, and what was understood ("=
 * €2,450.00") or why it is not an amount. `error` (from the server or the form) wins over the local reading.
 */
export function MoneyField(props: { label: string; name: string; value: string; currency: string; onInput: (text: string) => void; error?: string | undefined; hint?: string; testId?: string }) {
  const parsed = parseMoney(props.value, props.currency);
  const local = moneyError(parsed, props.currency);
  const understood = parsed.kind === 'ok' ? t('services.money.reads', { amount: formatMinor(parsed.minor, props.currency) }) : undefined;
  const hint = [understood, props.hint].filter(Boolean).join(' · ');
  return (
    <Field label={t('services.money.label', { label: props.label, currency: props.currency })} error={props.error ?? local} {...(hint ? { hint } : {})}>
      {(a) => (
        <input
          {...a}
          name={props.name}
          inputMode="decimal"
          autocomplete="off"
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          placeholder={moneyText(0, props.currency)}
          data-testid={props.testId}
        />
      )}
    </Field>
  );
}
