import type { Area } from '../types';

export default {
  title: 'Platform settings',
  fee: 'Service fee (%)',
  feeHint: 'Charged on service deals, 0–100. Currently {example}.',
  currency: 'Default currency',
  currencyHint: 'ISO 4217 code, such as BRL or EUR. Amounts then read like {example}.',
  saved: 'Platform settings saved',
} as const satisfies Area;
