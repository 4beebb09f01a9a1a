import { useEffect, useState } from 'preact/hooks';
import type { Service } from '../../../src/modules/services/services.schemas';
import { t } from '../i18n';
import { ApiFailure, api, call } from '../lib/api';
import { dayEnd, dayOf } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { useSubmit } from '../lib/use-submit';
import { MoneyField, readMoney } from './money';
import { Button, Choices, Field, FormError } from './ui';

const TYPES: Service['types'][number][] = ['public', 'partners'];
const FIELDS = ['title', 'description', 'category', 'budgetMin', 'budgetMax', 'currency', 'deadline', 'types', 'types.0'];

/** Publish a service request: what the company needs, a budget in the chosen currency, a deadline, who may bid. */
export function ServiceForm({ onSaved, onCancel }: { onSaved: (service: Service) => void; onCancel: () => void }) {
  // The platform's default currency fills the currency field (any member may read the settings).
  const settings = useAsync(() => call(api.settings.$get()).then((b) => b.data), []);
  const [v, setV] = useState({ title: '', description: '', category: '', budgetMin: '', budgetMax: '', currency: '', deadline: '', types: ['public'] as Service['types'] });
  useEffect(() => {
    if (settings.data && !v.currency) setV((cur) => ({ ...cur, currency: settings.data!.defaultCurrency }));
  }, [settings.data]);
  const currency = /^[A-Za-z]{3}$/.test(v.currency.trim()) ? v.currency.trim().toUpperCase() : settings.data?.defaultCurrency ?? 'EUR';
  const form = useSubmit(async () => {
    const money = readMoney({ budgetMin: { text: v.budgetMin, currency }, budgetMax: { text: v.budgetMax, currency } });
    if (money.budgetMin !== undefined && money.budgetMax !== undefined && money.budgetMin > money.budgetMax) {
      throw new ApiFailure(400, 'VALIDATION_FAILED', 'Invalid budget', [{ path: 'budgetMin', message: t('services.form.budgetOrder') }]);
    }
    const deadline = v.deadline ? dayEnd(v.deadline) : undefined;
    const body = await call(
      api.services.$post({
        json: {
          title: v.title,
          description: v.description,
          category: v.category,
          ...(money.budgetMin !== undefined ? { budgetMin: money.budgetMin } : {}),
          ...(money.budgetMax !== undefined ? { budgetMax: money.budgetMax } : {}),
          ...(v.currency.trim() ? { currency: v.currency.trim().toUpperCase() } : {}),
          ...(deadline ? { deadline } : {}),
          types: v.types,
        },
      }),
    );
    onSaved(body.data);
  });
  const set = (k: 'title' | 'description' | 'category' | 'currency' | 'deadline') => (e: Event) => setV({ ...v, [k]: (e.currentTarget as HTMLInputElement).value });
  const toggle = (type: Service['types'][number]) => setV({ ...v, types: v.types.includes(type) ? v.types.filter((x) => x !== type) : [...v.types, type] });
  const f = form.fields;
  return (
    <form onSubmit={form.onSubmit()} noValidate aria-label={t('services.form.label')}>
      <FormError error={form.error} fields={FIELDS} />
      <Field label={t('services.form.title')} error={f.title}>
        {(a) => <input {...a} name="title" value={v.title} onInput={set('title')} maxLength={200} />}
      </Field>
      <Field label={t('services.form.description')} error={f.description} hint={t('services.form.descriptionHint')}>
        {(a) => <textarea {...a} name="description" value={v.description} onInput={set('description')} />}
      </Field>
      <div class="grid">
        <Field label={t('services.form.category')} error={f.category} hint={t('services.form.categoryHint')}>
          {(a) => <input {...a} name="category" value={v.category} onInput={set('category')} maxLength={60} />}
        </Field>
        <Field label={t('services.form.currency')} error={f.currency} hint={t('services.form.currencyHint')}>
          {(a) => <input {...a} name="currency" value={v.currency} onInput={set('currency')} maxLength={3} autocapitalize="characters" />}
        </Field>
      </div>
      <div class="grid">
        <MoneyField label={t('services.form.budgetMin')} name="budgetMin" currency={currency} value={v.budgetMin} onInput={(text) => setV({ ...v, budgetMin: text })} error={f.budgetMin} />
        <MoneyField label={t('services.form.budgetMax')} name="budgetMax" currency={currency} value={v.budgetMax} onInput={(text) => setV({ ...v, budgetMax: text })} error={f.budgetMax} />
        <Field label={t('services.form.deadline')} error={f.deadline} hint={t('services.form.deadlineHint')}>
          {(a) => <input {...a} name="deadline" type="date" class="input--date" min={dayOf(new Date())} value={v.deadline} onInput={set('deadline')} />}
        </Field>
      </div>
      <Choices legend={t('services.form.visibility')} error={f.types ?? f['types.0']}>
        {(a) => (
          <div class="checks">
            {TYPES.map((type) => (
              <label>
                <input {...a} type="checkbox" name="types" value={type} checked={v.types.includes(type)} onChange={() => toggle(type)} /> {t(`services.types.${type}`)}{' '}
                <span class="small muted">({t(`services.typeHints.${type}`)})</span>
              </label>
            ))}
          </div>
        )}
      </Choices>
      <div class="row">
        <Button type="submit" busy={form.busy} data-testid="service-submit">
          {t('services.form.publish')}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
