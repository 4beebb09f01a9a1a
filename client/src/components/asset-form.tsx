import { useState } from 'preact/hooks';
import type { Asset, Location } from '../../../src/modules/cmms/cmms.schemas';
import { t } from '../i18n';
import { api, call } from '../lib/api';
import { useSubmit } from '../lib/use-submit';
import { ASSET_STATUSES, CRITICALITIES, indent, locationTree } from './cmms-bits';
import { Button, Field, FormError } from './ui';

/** The asset form (create here, edit on the asset page): every field of an asset. */
export function AssetForm({ asset, locations, assets, onSaved, onCancel }: { asset?: Asset; locations: Location[]; assets: Asset[]; onSaved: (a: Asset) => void; onCancel: () => void }) {
  const [v, setV] = useState({
    name: asset?.name ?? '',
    code: asset?.code ?? '',
    category: asset?.category ?? '',
    locationId: asset?.locationId ?? '',
    parentId: asset?.parentId ?? '',
    serialNumber: asset?.serialNumber ?? '',
    criticality: asset?.criticality ?? 'medium',
    status: asset?.status ?? 'operational',
  });
  const set = (patch: Partial<typeof v>) => setV({ ...v, ...patch });
  const form = useSubmit(async () => {
    const json = {
      name: v.name,
      code: v.code,
      category: v.category,
      locationId: v.locationId || null,
      parentId: v.parentId || null,
      serialNumber: v.serialNumber,
      criticality: v.criticality,
      status: v.status,
    };
    const body = asset ? await call(api.cmms.assets[':id'].$patch({ param: { id: asset.id }, json })) : await call(api.cmms.assets.$post({ json }));
    onSaved(body.data);
  });
  const tree = locationTree(locations);
  return (
    <form onSubmit={form.onSubmit()} noValidate aria-label={asset ? t('cmms.assets.editTitle') : t('cmms.assets.newTitle')} data-testid="asset-form">
      <FormError error={form.error} fields={Object.keys(v)} />
      <div class="form-grid">
        <Field label={t('cmms.assets.name')} error={form.fields.name}>
          {(a) => <input {...a} name="name" value={v.name} onInput={(e) => set({ name: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.assets.code')} error={form.fields.code} hint={t('cmms.assets.codeHint')}>
          {(a) => <input {...a} name="code" value={v.code} onInput={(e) => set({ code: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.assets.category')} error={form.fields.category}>
          {(a) => <input {...a} name="category" value={v.category} onInput={(e) => set({ category: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.assets.serial')} error={form.fields.serialNumber}>
          {(a) => <input {...a} name="serialNumber" value={v.serialNumber} onInput={(e) => set({ serialNumber: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.assets.location')} error={form.fields.locationId}>
          {(a) => (
            <select {...a} name="locationId" value={v.locationId} onChange={(e) => set({ locationId: e.currentTarget.value })}>
              <option value="">{t('cmms.assets.noLocation')}</option>
              {tree.map(({ location, depth }) => (
                <option value={location.id}>{indent(depth, location.name)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cmms.assets.parent')} error={form.fields.parentId} hint={t('cmms.assets.parentHint')}>
          {(a) => (
            <select {...a} name="parentId" value={v.parentId} onChange={(e) => set({ parentId: e.currentTarget.value })}>
              <option value="">{t('cmms.assets.noParent')}</option>
              {assets
                .filter((x) => x.id !== asset?.id)
                .map((x) => (
                  <option value={x.id}>
                    {x.name} ({x.code})
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label={t('cmms.assets.criticality')} error={form.fields.criticality}>
          {(a) => (
            <select {...a} name="criticality" value={v.criticality} onChange={(e) => set({ criticality: CRITICALITIES.find((c) => c === e.currentTarget.value) ?? 'medium' })}>
              {CRITICALITIES.map((c) => (
                <option value={c}>{t(`cmms.criticality.${c}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cmms.assets.status')} error={form.fields.status}>
          {(a) => (
            <select {...a} name="status" value={v.status} onChange={(e) => set({ status: ASSET_STATUSES.find((c) => c === e.currentTarget.value) ?? 'operational' })}>
              {ASSET_STATUSES.map((s) => (
                <option value={s}>{t(`cmms.assetStatus.${s}`)}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div class="row">
        <Button type="submit" busy={form.busy} data-testid="asset-submit">
          {asset ? t('common.save') : t('cmms.assets.create')}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

