import { useEffect, useState } from 'preact/hooks';
import { Field, FormError, Loading, PageError, PageHeader, SaveRow } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatMoney, formatPercent } from '../../lib/format';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

/** An amount to show how the chosen currency reads in the current language. */
const SAMPLE_AMOUNT = 1234.56;

export function Settings() {
  const settings = useAsync(() => call(api.settings.$get()).then((b) => b.data), []);
  const [fee, setFee] = useState('');
  const [currency, setCurrency] = useState('');
  useEffect(() => {
    if (settings.data) {
      setFee(String(settings.data.serviceFeePercent));
      setCurrency(settings.data.defaultCurrency);
    }
  }, [settings.data]);
  const form = useSubmit(async () => {
    const body = await call(api.settings.$patch({ json: { serviceFeePercent: Number(fee), defaultCurrency: currency.trim().toUpperCase() } }));
    settings.setData(() => body.data);
    toast(t('settings.saved'), { tone: 'success' });
  });
  const code = currency.trim().toUpperCase();
  return (
    <>
      <PageHeader title={t('settings.title')} />
      {settings.error ? (
        <PageError error={settings.error} retry={settings.reload} />
      ) : !settings.data ? (
        <Loading />
      ) : (
        <form class="card" onSubmit={form.onSubmit()} noValidate>
          <FormError error={form.error} fields={['serviceFeePercent', 'defaultCurrency']} />
          <Field label={t('settings.fee')} error={form.fields.serviceFeePercent} hint={t('settings.feeHint', { example: formatPercent(settings.data.serviceFeePercent) })}>
            {(a) => <input {...a} name="serviceFeePercent" type="number" min="0" max="100" step="0.1" inputMode="decimal" value={fee} onInput={(e) => setFee(e.currentTarget.value)} />}
          </Field>
          <Field
            label={t('settings.currency')}
            error={form.fields.defaultCurrency}
            hint={t('settings.currencyHint', { example: formatMoney(SAMPLE_AMOUNT, /^[A-Z]{3}$/.test(code) ? code : settings.data.defaultCurrency) })}
          >
            {(a) => <input {...a} name="defaultCurrency" maxLength={3} value={currency} onInput={(e) => setCurrency(e.currentTarget.value)} />}
          </Field>
          <SaveRow updatedAt={settings.data.updatedAt} busy={form.busy} />
        </form>
      )}
    </>
  );
}
