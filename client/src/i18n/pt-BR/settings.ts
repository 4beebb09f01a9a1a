import type en from '../en/settings';
import type { Translation } from '../types';

export default {
  title: 'Configurações da plataforma',
  fee: 'Taxa de serviço (%)',
  feeHint: 'Cobrada nos contratos de serviço, de 0 a 100. Hoje: {example}.',
  currency: 'Moeda padrão',
  currencyHint: 'Código ISO 4217, como BRL ou EUR. Os valores ficam assim: {example}.',
  saved: 'Configurações da plataforma salvas',
} satisfies Translation<typeof en>;
