import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Asset, Location } from '../../../../src/modules/cmms/cmms.schemas';
import { AssetForm } from '../../components/asset-form';
import { ASSET_STATUSES, AssetStatus, CRITICALITIES, Criticality, indent, loadAssets, loadLocations, locationTree } from '../../components/cmms-bits';
import { Button, Empty, ErrorNote, Field, FormError, Loading, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';
import { useSubmit } from '../../lib/use-submit';

/** Create a location, or change one (name, where it is, address) and delete it while it is empty. */
function LocationForm({ location, locations, onSaved, onCancel }: { location?: Location; locations: Location[]; onSaved: () => void; onCancel: () => void }) {
  const [v, setV] = useState({ name: location?.name ?? '', parentId: location?.parentId ?? '', address: location?.address ?? '' });
  const form = useSubmit(async (remove?: boolean) => {
    if (location && remove) {
      if (!confirm(t('cmms.assets.confirmDeleteLocation', { name: location.name }))) return;
      await call(api.cmms.locations[':id'].$delete({ param: { id: location.id } }));
      toast(t('cmms.assets.locationDeleted'), { tone: 'success' });
    } else if (location) {
      await call(api.cmms.locations[':id'].$patch({ param: { id: location.id }, json: { name: v.name, parentId: v.parentId || null, address: v.address } }));
      toast(t('cmms.assets.locationSaved'), { tone: 'success' });
    } else {
      await call(api.cmms.locations.$post({ json: { name: v.name, parentId: v.parentId || null, address: v.address } }));
      toast(t('cmms.assets.locationCreated'), { tone: 'success' });
    }
    onSaved();
  });
  // A location cannot move inside itself or one of its own locations.
  const inside = new Set<string>(location ? [location.id] : []);
  for (const { location: l } of locationTree(locations)) if (l.parentId && inside.has(l.parentId)) inside.add(l.id);
  return (
    <form onSubmit={form.onSubmit(false)} noValidate aria-label={location ? t('cmms.assets.editLocationNamed', { name: location.name }) : t('cmms.assets.newLocation')} class={location ? 'card card--inset' : ''}>
      <FormError error={form.error} fields={['name', 'parentId', 'address']} />
      <div class="form-grid">
        <Field label={t('cmms.assets.locationName')} error={form.fields.name}>
          {(a) => <input {...a} name="locationName" value={v.name} onInput={(e) => setV({ ...v, name: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.assets.inside')} error={form.fields.parentId}>
          {(a) => (
            <select {...a} value={v.parentId} onChange={(e) => setV({ ...v, parentId: e.currentTarget.value })}>
              <option value="">{t('cmms.assets.topLevel')}</option>
              {locationTree(locations)
                .filter(({ location: l }) => !inside.has(l.id))
                .map(({ location: l, depth }) => (
                  <option value={l.id}>{indent(depth, l.name)}</option>
                ))}
            </select>
          )}
        </Field>
        <Field label={t('cmms.assets.address')} error={form.fields.address}>
          {(a) => <input {...a} value={v.address} onInput={(e) => setV({ ...v, address: e.currentTarget.value })} />}
        </Field>
      </div>
      <div class="row">
        <Button type="submit" busy={form.busy}>
          {location ? t('common.save') : t('cmms.assets.createLocation')}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        {location ? (
          <Button type="button" variant="ghost" disabled={form.busy} onClick={() => form.run(true)}>
            {t('cmms.assets.deleteLocation')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function AssetRow({ a, siblings, depth = 0 }: { a: Asset; siblings: Asset[]; depth?: number }) {
  const children = depth < 6 ? siblings.filter((c) => c.parentId === a.id) : [];
  return (
    <li class="tree__asset" data-testid="asset-row">
      <div class="tree__row">
        <span class="stacked">
          <a href={`/maintenance/assets/${a.id}`}>{a.name}</a>
          <span class="small muted">
            {a.code}
            {a.category ? ` · ${a.category}` : ''}
          </span>
        </span>
        <span class="tags">
          <AssetStatus status={a.status} />
          <Criticality level={a.criticality} />
        </span>
      </div>
      {children.length ? (
        <ul class="tree">
          {children.map((c) => (
            <AssetRow key={c.id} a={c} siblings={siblings} depth={depth + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

interface Node {
  location: Location;
  children: Node[];
  assets: Asset[];
  count: number;
}

function LocationNode({ node, filtered, locations, onChanged }: { node: Node; filtered: boolean; locations: Location[]; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const ids = new Set(node.assets.map((a) => a.id));
  const roots = node.assets.filter((a) => !a.parentId || !ids.has(a.parentId));
  return (
    <li class="tree__location" data-testid="location-node">
      <details open>
        <summary>
          <strong>{node.location.name}</strong> <span class="small muted">{t('cmms.assets.count', { count: node.count })}</span>
          {node.location.address ? <span class="small muted break"> · {node.location.address}</span> : null}
        </summary>
        {isManager.value ? (
          editing ? (
            <LocationForm
              location={node.location}
              locations={locations}
              onCancel={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                onChanged();
              }}
            />
          ) : (
            <button class="link small tree__edit" onClick={() => setEditing(true)} aria-label={t('cmms.assets.editLocationNamed', { name: node.location.name })}>
              {t('cmms.assets.editLocation')}
            </button>
          )
        ) : null}
        <ul class="tree">
          {node.children.filter((c) => !filtered || c.count > 0).map((c) => (
            <LocationNode key={c.location.id} node={c} filtered={filtered} locations={locations} onChanged={onChanged} />
          ))}
          {roots.map((a) => (
            <AssetRow key={a.id} a={a} siblings={node.assets} />
          ))}
        </ul>
      </details>
    </li>
  );
}

/** Assets as a tree of locations (locations nest), with status and criticality, search and filters; admins add both. */
export function Assets() {
  const { route } = useLocation();
  const [q, setQ] = useQueryState({ search: '', status: '', criticality: '', locationId: '' });
  const [search, setSearch] = useState(q.search);
  useEffect(() => setSearch(q.search), [q.search]);
  const [adding, setAdding] = useState<'asset' | 'location' | null>(null);
  const locations = useAsync(loadLocations, []);
  const assets = useAsync(
    () =>
      loadAssets({
        ...(q.search ? { search: q.search } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.criticality ? { criticality: q.criticality } : {}),
        ...(q.locationId ? { locationId: q.locationId } : {}),
      }),
    [q.search, q.status, q.criticality, q.locationId],
  );
  const all = useAsync(() => (isManager.value ? loadAssets() : Promise.resolve([])), []);
  const filtered = Boolean(q.search || q.status || q.criticality || q.locationId);
  const manager = isManager.value;

  const build = (): { roots: Node[]; unplaced: Asset[] } => {
    const locs = locations.data ?? [];
    const nodes = new Map<string, Node>(locs.map((l) => [l.id, { location: l, children: [], assets: [], count: 0 }]));
    const roots: Node[] = [];
    for (const l of locs) {
      const node = nodes.get(l.id)!;
      const parent = l.parentId ? nodes.get(l.parentId) : undefined;
      (parent ? parent.children : roots).push(node);
    }
    const unplaced: Asset[] = [];
    for (const a of assets.data ?? []) {
      const node = a.locationId ? nodes.get(a.locationId) : undefined;
      if (node) node.assets.push(a);
      else unplaced.push(a);
    }
    const count = (n: Node): number => (n.count = n.assets.length + n.children.reduce((s, c) => s + count(c), 0));
    roots.forEach(count);
    return { roots: roots.filter((r) => !filtered || r.count > 0), unplaced };
  };
  const error = locations.error ?? assets.error;
  const ready = locations.data && assets.data;
  const { roots, unplaced } = ready ? build() : { roots: [], unplaced: [] };
  return (
    <>
      <PageHeader title={t('cmms.assets.title')}>
        {manager ? (
          <>
            <Button onClick={() => setAdding(adding === 'asset' ? null : 'asset')} aria-expanded={adding === 'asset'} data-testid="new-asset">
              {t('cmms.assets.new')}
            </Button>
            <Button variant="secondary" onClick={() => setAdding(adding === 'location' ? null : 'location')} aria-expanded={adding === 'location'}>
              {t('cmms.assets.newLocation')}
            </Button>
          </>
        ) : null}
      </PageHeader>
      {adding === 'asset' && locations.data ? (
        <section class="card spaced-bottom">
          <h2>{t('cmms.assets.newTitle')}</h2>
          <AssetForm
            locations={locations.data}
            assets={all.data ?? []}
            onCancel={() => setAdding(null)}
            onSaved={(a) => {
              toast(t('cmms.assets.created'), { tone: 'success' });
              route(`/maintenance/assets/${a.id}`);
            }}
          />
        </section>
      ) : null}
      {adding === 'location' && locations.data ? (
        <section class="card spaced-bottom">
          <h2>{t('cmms.assets.newLocation')}</h2>
          <LocationForm
            locations={locations.data}
            onCancel={() => setAdding(null)}
            onSaved={() => {
              setAdding(null);
              void locations.reload();
            }}
          />
        </section>
      ) : null}
      <form class="filters card" role="search" aria-label={t('cmms.assets.filters')} onSubmit={(e) => (e.preventDefault(), setQ({ search: search.trim() }))}>
        <Field label={t('cmms.assets.search')} class="filters__wide" hint={t('cmms.assets.searchHint')}>
          {(a) => <input {...a} name="search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />}
        </Field>
        <Field label={t('cmms.assets.status')}>
          {(a) => (
            <select {...a} name="status" value={q.status} onChange={(e) => setQ({ status: e.currentTarget.value })}>
              <option value="">{t('common.any')}</option>
              {ASSET_STATUSES.map((s) => (
                <option value={s}>{t(`cmms.assetStatus.${s}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cmms.assets.criticality')}>
          {(a) => (
            <select {...a} name="criticality" value={q.criticality} onChange={(e) => setQ({ criticality: e.currentTarget.value })}>
              <option value="">{t('common.any')}</option>
              {CRITICALITIES.map((c) => (
                <option value={c}>{t(`cmms.criticality.${c}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cmms.assets.location')}>
          {(a) => (
            <select {...a} name="locationId" value={q.locationId} onChange={(e) => setQ({ locationId: e.currentTarget.value })}>
              <option value="">{t('common.any')}</option>
              {locationTree(locations.data ?? []).map(({ location, depth }) => (
                <option value={location.id}>{indent(depth, location.name)}</option>
              ))}
            </select>
          )}
        </Field>
      </form>
      {error ? <ErrorNote error={error} retry={() => void Promise.all([locations.reload(), assets.reload()])} /> : null}
      {!ready ? (
        error ? null : <Loading />
      ) : assets.data!.length === 0 ? (
        <Empty title={filtered ? t('cmms.assets.noMatch') : t('cmms.assets.empty')}>{filtered ? t('cmms.assets.noMatchHint') : manager ? t('cmms.assets.emptyHint') : t('cmms.assets.emptyMemberHint')}</Empty>
      ) : (
        <section class="card" aria-label={t('cmms.assets.tree')}>
          <p class="small muted">{t('cmms.assets.total', { count: assets.data!.length })}</p>
          <ul class="tree tree--root">
            {roots.map((n) => (
              <LocationNode key={n.location.id} node={n} filtered={filtered} locations={locations.data!} onChanged={() => void Promise.all([locations.reload(), assets.reload()])} />
            ))}
            {unplaced.length ? (
              <li class="tree__location">
                <details open>
                  <summary>
                    <strong>{t('cmms.assets.noLocation')}</strong> <span class="small muted">{t('cmms.assets.count', { count: unplaced.length })}</span>
                  </summary>
                  <ul class="tree">
                    {unplaced.filter((a) => !a.parentId || !unplaced.some((p) => p.id === a.parentId)).map((a) => (
                      <AssetRow key={a.id} a={a} siblings={unplaced} />
                    ))}
                  </ul>
                </details>
              </li>
            ) : null}
          </ul>
        </section>
      )}
    </>
  );
}
