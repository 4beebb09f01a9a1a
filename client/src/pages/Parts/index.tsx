import { useState } from 'preact/hooks';
import type { Part } from '../../../../src/modules/cmms/cmms.schemas';
import { cmmsEvent, currencyDigits, toMajor, toMinor } from '../../components/cmms-bits';
import { Badge, Button, Empty, ErrorNote, Field, FormError, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatMoney, formatNumber } from '../../lib/format';
import { isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';
import { useSubmit } from '../../lib/use-submit';

const money = (p: Pick<Part, 'unitCost' | 'currency'>) => formatMoney(p.unitCost / 10 ** currencyDigits(p.currency), p.currency);
const count = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

function PartForm({ part, currency: currency0, onSaved, onCancel }: { part?: Part; currency: string; onSaved: () => void; onCancel: () => void }) {
  const [v, setV] = useState({
    name: part?.name ?? '',
    sku: part?.sku ?? '',
    stock: String(part?.stock ?? 0),
    minStock: String(part?.minStock ?? 0),
    unitCost: part ? toMajor(part.unitCost, part.currency) : '',
    currency: part?.currency ?? currency0,
  });
  const set = (patch: Partial<typeof v>) => setV({ ...v, ...patch });
  const [costError, setCostError] = useState<string | undefined>(undefined);
  const form = useSubmit(async () => {
    const currency = v.currency.trim().toUpperCase();
    const unitCost = v.unitCost.trim() === '' ? 0 : toMinor(v.unitCost, currency);
    if (Number.isNaN(unitCost)) {
      setCostError(t('cmms.parts.costInvalid'));
      return;
    }
    setCostError(undefined);
    const common = { name: v.name, sku: v.sku, minStock: count(v.minStock), unitCost, currency };
    if (part) await call(api.cmms.parts[':id'].$patch({ param: { id: part.id }, json: common }));
    else await call(api.cmms.parts.$post({ json: { ...common, stock: count(v.stock) } }));
    toast(part ? t('cmms.parts.saved') : t('cmms.parts.created'), { tone: 'success' });
    onSaved();
  });
  return (
    <form onSubmit={form.onSubmit()} noValidate aria-label={part ? t('cmms.parts.editNamed', { name: part.name }) : t('cmms.parts.new')} data-testid="part-form">
      <FormError error={form.error} fields={Object.keys(v)} />
      <div class="form-grid">
        <Field label={t('cmms.parts.name')} error={form.fields.name}>
          {(a) => <input {...a} name="partName" value={v.name} onInput={(e) => set({ name: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.parts.sku')} error={form.fields.sku}>
          {(a) => <input {...a} name="sku" value={v.sku} onInput={(e) => set({ sku: e.currentTarget.value })} />}
        </Field>
        {part ? null : (
          <Field label={t('cmms.parts.stock')} error={form.fields.stock}>
            {(a) => <input {...a} name="stock" inputMode="numeric" value={v.stock} onInput={(e) => set({ stock: e.currentTarget.value })} />}
          </Field>
        )}
        <Field label={t('cmms.parts.minStock')} error={form.fields.minStock} hint={t('cmms.parts.minStockHint')}>
          {(a) => <input {...a} name="minStock" inputMode="numeric" value={v.minStock} onInput={(e) => set({ minStock: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.parts.unitCost')} error={costError ?? form.fields.unitCost} hint={t('cmms.parts.unitCostHint')}>
          {(a) => <input {...a} name="unitCost" inputMode="decimal" value={v.unitCost} onInput={(e) => set({ unitCost: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.parts.currency')} error={form.fields.currency}>
          {(a) => <input {...a} name="currency" maxLength={3} value={v.currency} onInput={(e) => set({ currency: e.currentTarget.value })} />}
        </Field>
      </div>
      <div class="row">
        <Button type="submit" busy={form.busy} data-testid="part-submit">
          {part ? t('common.save') : t('cmms.parts.create')}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** Adds or removes stock (a delivery, a count) against the stock as read: 409 if it changed meanwhile. */
function StockForm({ part, onSaved, onCancel }: { part: Part; onSaved: () => void; onCancel: () => void }) {
  const [delta, setDelta] = useState('');
  const form = useSubmit(async () => {
    if (!/^[+-]?\d+$/.test(delta.trim())) return;
    const change = Number(delta);
    await call(api.cmms.parts[':id'].$patch({ param: { id: part.id }, json: { stock: part.stock + change, expectedStock: part.stock } }));
    toast(t('cmms.parts.adjusted', { name: part.name, count: part.stock + change }), { tone: 'success' });
    onSaved();
  });
  const next = /^[+-]?\d+$/.test(delta.trim()) ? part.stock + Number(delta) : null;
  return (
    <form class="stock-form" onSubmit={form.onSubmit()} noValidate aria-label={t('cmms.parts.adjustNamed', { name: part.name })}>
      <FormError error={form.error} fields={['stock']} />
      <Field label={t('cmms.parts.delta')} error={form.fields.stock ?? form.fields.expectedStock} hint={next !== null ? t('cmms.parts.newStock', { count: next }) : t('cmms.parts.deltaHint')}>
        {(a) => <input {...a} name="delta" inputMode="numeric" value={delta} onInput={(e) => setDelta(e.currentTarget.value)} data-testid="stock-delta" />}
      </Field>
      <div class="row">
        <Button type="submit" busy={form.busy} disabled={next === null}>
          {t('cmms.parts.apply')}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** Spare parts with their stock; at or below the minimum they are highlighted. Admins add, edit and adjust stock. */
export function Parts() {
  const [q, setQ] = useQueryState({ page: '1', low: '' });
  const [open, setOpen] = useState<{ id: string; what: 'edit' | 'stock' } | 'new' | null>(null);
  const live = cmmsEvent('cmms.part.', 'cmms.workorder.')?.id ?? null;
  const list = useAsync(
    () => call(api.cmms.parts.$get({ query: { page: q.page, limit: '50', sortBy: 'name', sortOrder: 'asc', ...(q.low ? { lowStock: 'true' } : {}) } })),
    [q.page, q.low, live],
  );
  const manager = isManager.value;
  const done = () => {
    setOpen(null);
    void list.reload();
  };
  return (
    <>
      <PageHeader title={t('cmms.parts.title')}>
        {manager ? (
          <Button onClick={() => setOpen(open === 'new' ? null : 'new')} aria-expanded={open === 'new'} data-testid="new-part">
            {t('cmms.parts.new')}
          </Button>
        ) : null}
      </PageHeader>
      {open === 'new' ? (
        <section class="card spaced-bottom">
          <h2>{t('cmms.parts.new')}</h2>
          <PartForm currency={list.data?.data[0]?.currency ?? 'BRL'} onSaved={done} onCancel={() => setOpen(null)} />
        </section>
      ) : null}
      <div class="checks filters card">
        <label>
          <input type="checkbox" name="lowStock" checked={q.low === 'true'} onChange={(e) => setQ({ low: e.currentTarget.checked ? 'true' : '' })} /> {t('cmms.parts.lowOnly')}
        </label>
      </div>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty title={q.low ? t('cmms.parts.noneLow') : t('cmms.parts.empty')}>{q.low ? t('cmms.parts.noneLowHint') : manager ? t('cmms.parts.emptyHint') : t('cmms.parts.emptyMemberHint')}</Empty>
      ) : (
        <table class="table--stack" aria-label={t('cmms.parts.title')} data-testid="parts-table">
          <thead>
            <tr>
              <th>{t('cmms.parts.name')}</th>
              <th>{t('cmms.parts.stock')}</th>
              <th>{t('cmms.parts.minStock')}</th>
              <th>{t('cmms.parts.unitCost')}</th>
              <th>
                <span class="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((p) => (
              <tr key={p.id} class={p.lowStock ? 'row--low' : ''} data-testid="part-row" data-low={p.lowStock ? 'true' : 'false'}>
                <td class="cell--primary">
                  {open !== 'new' && open?.id === p.id && open.what === 'edit' ? (
                    <PartForm part={p} currency={p.currency} onSaved={done} onCancel={() => setOpen(null)} />
                  ) : (
                    <span class="stacked">
                      <strong>{p.name}</strong>
                      <span class="small muted">{p.sku ?? '—'}</span>
                    </span>
                  )}
                </td>
                <td data-label={t('cmms.parts.stock')}>
                  <span class="stacked">
                    <span>{formatNumber(p.stock)}</span>
                    {p.lowStock ? (
                      <Badge tone={p.stock === 0 ? 'bad' : 'warn'} testId="low-stock">
                        {p.stock === 0 ? t('cmms.parts.out') : t('cmms.parts.low')}
                      </Badge>
                    ) : null}
                  </span>
                </td>
                <td data-label={t('cmms.parts.minStock')}>{formatNumber(p.minStock)}</td>
                <td data-label={t('cmms.parts.unitCost')}>{money(p)}</td>
                <td class="cell--actions">
                  {manager ? (
                    open !== 'new' && open?.id === p.id && open.what === 'stock' ? (
                      <StockForm part={p} onSaved={done} onCancel={() => setOpen(null)} />
                    ) : (
                      <div class="row">
                        <Button variant="secondary" class="btn--small" onClick={() => setOpen({ id: p.id, what: 'stock' })} aria-label={t('cmms.parts.adjustNamed', { name: p.name })}>
                          {t('cmms.parts.adjust')}
                        </Button>
                        <Button variant="ghost" class="btn--small" onClick={() => setOpen({ id: p.id, what: 'edit' })} aria-label={t('cmms.parts.editNamed', { name: p.name })}>
                          {t('cmms.parts.edit')}
                        </Button>
                      </div>
                    )
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
    </>
  );
}
