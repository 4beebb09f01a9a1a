import { useEffect, useState } from 'preact/hooks';
import { ErrorNote, Field, FormError, Loading, PageHeader, SaveRow } from '../../components/ui';
import { api, call } from '../../lib/api';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

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
    toast('Platform settings saved', { tone: 'success' });
  });
  if (settings.error) return <ErrorNote error={settings.error} retry={settings.reload} />;
  if (!settings.data) return <Loading />;
  return (
    <>
      <PageHeader title="Platform settings" />
      <form class="card" onSubmit={form.onSubmit()} noValidate>
        <FormError error={form.error} fields={['serviceFeePercent', 'defaultCurrency']} />
        <Field label="Service fee (%)" error={form.fields.serviceFeePercent} hint="Charged on service deals, 0–100.">
          {(a) => <input {...a} type="number" min="0" max="100" step="0.1" inputMode="decimal" value={fee} onInput={(e) => setFee(e.currentTarget.value)} />}
        </Field>
        <Field label="Default currency" error={form.fields.defaultCurrency} hint="ISO 4217, e.g. EUR">
          {(a) => <input {...a} maxLength={3} value={currency} onInput={(e) => setCurrency(e.currentTarget.value)} />}
        </Field>
        <SaveRow updatedAt={settings.data.updatedAt} busy={form.busy} />
      </form>
    </>
  );
}
