import { useEffect, useMemo, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { Meter, Schedule } from '../../../../src/modules/cmms/cmms.schemas';
import { AssetForm } from '../../components/asset-form';
import { LineChart } from '../../components/charts';
import { AssetStatus, BackLink, cmmsEvent, Criticality, dueText, loadAssets, loadLocations, locationTree, PRIORITIES, useDirectory, WoBadges } from '../../components/cmms-bits';
import { Badge, Button, Choices, ErrorNote, Field, FormError, Loading, PageError, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { qrPath } from '../../lib/qr';
import { isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

/** The asset's public request link as a QR code (drawn here from uqr's modules), printable with its name and code. */
function QrCard({ asset, onRotated }: { asset: { id: string; name: string; code: string; requestToken: string }; onRotated: () => void }) {
  const link = `${location.origin}/r/${asset.requestToken}`;
  const qr = useMemo(() => qrPath(link), [link]);
  const rotate = useSubmit(async () => {
    if (!confirm(t('cmms.asset.qr.confirmRotate'))) return;
    await call(api.cmms.assets[':id']['request-token'].$post({ param: { id: asset.id } }));
    toast(t('cmms.asset.qr.rotated'), { tone: 'success' });
    onRotated();
  });
  return (
    <section class="card qr-card" aria-labelledby="qr-title" data-testid="qr-card">
      <h2 id="qr-title" class="no-print">
        {t('cmms.asset.qr.title')}
      </h2>
      <p class="muted small no-print">{t('cmms.asset.qr.intro')}</p>
      <div class="qr-label">
        <svg class="qr" viewBox={`0 0 ${qr.size} ${qr.size}`} role="img" aria-label={t('cmms.asset.qr.alt', { name: asset.name })} data-testid="qr-code" shape-rendering="crispEdges">
          <rect class="qr__light" width={qr.size} height={qr.size} />
          <path class="qr__dark" d={qr.d} />
        </svg>
        <div class="qr-label__text">
          <strong class="qr-label__name">{asset.name}</strong>
          <span>{asset.code}</span>
          <span class="small">{t('cmms.asset.qr.scan')}</span>
          <a class="small break" href={link} data-testid="request-link">
            {link}
          </a>
        </div>
      </div>
      <FormError error={rotate.error} />
      <div class="row no-print spaced">
        <Button onClick={() => window.print()} data-testid="print-qr">
          {t('cmms.asset.qr.print')}
        </Button>
        {isManager.value ? (
          <Button variant="ghost" busy={rotate.busy} onClick={() => rotate.run()}>
            {t('cmms.asset.qr.rotate')}
          </Button>
        ) : null}
      </div>
    </section>
  );
}

/** One meter: its readings over time (chart + latest values) and the form to record one. */
function MeterPanel({ meter, threshold, onRecorded }: { meter: Meter; threshold: number | null; onRecorded: () => void }) {
  const readings = useAsync(
    () => call(api.cmms.meters[':id'].readings.$get({ param: { id: meter.id }, query: { limit: '100', sortBy: 'readAt', sortOrder: 'desc' } })).then((b) => [...b.data].reverse()),
    [meter.id, meter.lastReadAt, meter.readingCount],
  );
  const [value, setValue] = useState('');
  const form = useSubmit(async () => {
    const n = Number(value.replace(',', '.'));
    await call(api.cmms.meters[':id'].readings.$post({ param: { id: meter.id }, json: { value: value.trim() === '' ? Number.NaN : n } }));
    setValue('');
    toast(t('cmms.asset.meters.recorded', { value: formatNumber(n), unit: meter.unit }), { tone: 'success' });
    onRecorded();
  });
  const latest = readings.data?.slice(-5).reverse() ?? [];
  return (
    <li class="meter" data-testid="meter">
      <div class="row row--between">
        <div>
          <h3 class="meter__name">{meter.name}</h3>
          <span class="small muted">
            {t(`cmms.meterKind.${meter.kind}`)} ·{' '}
            {meter.lastReading === null
              ? t('cmms.asset.meters.noReading')
              : t('cmms.asset.meters.last', { value: formatNumber(meter.lastReading), unit: meter.unit, when: formatDateTime(meter.lastReadAt) })}
          </span>
        </div>
        {threshold !== null ? <Badge tone="info">{t('cmms.asset.meters.nextPm', { value: formatNumber(threshold), unit: meter.unit })}</Badge> : null}
      </div>
      {readings.error ? <ErrorNote error={readings.error} retry={readings.reload} /> : null}
      {readings.data && readings.data.length > 0 ? (
        <>
          <LineChart
            points={readings.data.map((r) => ({ at: r.readAt, value: r.value }))}
            threshold={threshold}
            label={t('cmms.asset.meters.chart', { name: meter.name, unit: meter.unit, count: readings.data.length })}
            testId="reading-chart"
          />
          {threshold !== null ? <p class="small muted chart-legend">{t('cmms.asset.meters.thresholdLegend')}</p> : null}
          <details>
            <summary class="small">{t('cmms.asset.meters.latest')}</summary>
            <table class="compact">
              <thead>
                <tr>
                  <th>{t('cmms.asset.meters.when')}</th>
                  <th>{t('cmms.asset.meters.value')}</th>
                  <th>{t('cmms.asset.meters.source')}</th>
                </tr>
              </thead>
              <tbody>
                {latest.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDateTime(r.readAt)}</td>
                    <td>
                      {formatNumber(r.value)} {meter.unit}
                    </td>
                    <td>{t(`cmms.asset.meters.sources.${r.source}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      ) : readings.data ? (
        <p class="muted small">{t('cmms.asset.meters.noReadingsHint')}</p>
      ) : null}
      <form class="search-row spaced" onSubmit={form.onSubmit()} noValidate aria-label={t('cmms.asset.meters.recordFor', { name: meter.name })}>
        <Field
          label={t('cmms.asset.meters.newReading', { unit: meter.unit })}
          error={form.fields.value}
          hint={meter.kind === 'cumulative' ? t('cmms.asset.meters.cumulativeHint') : undefined}
          class="search-row__field"
        >
          {(a) => <input {...a} name="reading" inputMode="decimal" value={value} onInput={(e) => setValue(e.currentTarget.value)} data-testid="reading-value" />}
        </Field>
        <Button type="submit" busy={form.busy} data-testid="reading-submit">
          {t('cmms.asset.meters.record')}
        </Button>
      </form>
      <FormError error={form.error} fields={['value']} />
    </li>
  );
}

function MeterForm({ assetId, onSaved, onCancel }: { assetId: string; onSaved: () => void; onCancel: () => void }) {
  const [v, setV] = useState({ name: '', unit: '', kind: 'cumulative' as Meter['kind'] });
  const form = useSubmit(async () => {
    await call(api.cmms.assets[':id'].meters.$post({ param: { id: assetId }, json: v }));
    toast(t('cmms.asset.meters.created'), { tone: 'success' });
    onSaved();
  });
  return (
    <form onSubmit={form.onSubmit()} noValidate aria-label={t('cmms.asset.meters.add')} class="spaced">
      <FormError error={form.error} fields={['name', 'unit', 'kind']} />
      <div class="form-grid">
        <Field label={t('cmms.asset.meters.name')} error={form.fields.name}>
          {(a) => <input {...a} name="meterName" value={v.name} onInput={(e) => setV({ ...v, name: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.asset.meters.unit')} error={form.fields.unit} hint={t('cmms.asset.meters.unitHint')}>
          {(a) => <input {...a} name="unit" value={v.unit} onInput={(e) => setV({ ...v, unit: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.asset.meters.kind')} error={form.fields.kind}>
          {(a) => (
            <select {...a} value={v.kind} onChange={(e) => setV({ ...v, kind: e.currentTarget.value === 'gauge' ? 'gauge' : 'cumulative' })}>
              <option value="cumulative">{t('cmms.meterKind.cumulative')}</option>
              <option value="gauge">{t('cmms.meterKind.gauge')}</option>
            </select>
          )}
        </Field>
      </div>
      <div class="row">
        <Button type="submit" busy={form.busy}>
          {t('cmms.asset.meters.create')}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const numOrNull = (text: string) => (text.trim() === '' ? null : Number(text.replace(',', '.')));

/** Create or change a PM schedule: every N days and/or every N meter units (whichever comes first). */
function ScheduleForm({ assetId, meters, schedule, onSaved, onCancel }: { assetId: string; meters: Meter[]; schedule?: Schedule; onSaved: () => void; onCancel: () => void }) {
  const { members } = useDirectory();
  const cumulative = meters.filter((m) => m.kind === 'cumulative');
  const [v, setV] = useState({
    title: schedule?.title ?? '',
    description: schedule?.description ?? '',
    checklist: (schedule?.checklist ?? []).join('\n'),
    priority: schedule?.priority ?? 'medium',
    assigneeIds: schedule?.assigneeIds ?? [],
    everyDays: schedule?.everyDays?.toString() ?? '',
    everyMeterUnits: schedule?.everyMeterUnits?.toString() ?? '',
    meterId: schedule?.meterId ?? cumulative[0]?.id ?? '',
    basis: schedule?.basis ?? 'schedule',
    leadDays: String(schedule?.leadDays ?? 0),
    active: schedule?.active ?? true,
    nextDueAt: '',
    nextDueMeter: '',
  });
  const set = (patch: Partial<typeof v>) => setV({ ...v, ...patch });
  const form = useSubmit(async () => {
    const everyMeterUnits = numOrNull(v.everyMeterUnits);
    const common = {
      title: v.title,
      description: v.description,
      checklist: lines(v.checklist),
      priority: v.priority,
      assigneeIds: v.assigneeIds,
      basis: v.basis,
      leadDays: Number(v.leadDays || '0'),
    };
    if (schedule) {
      await call(
        api.cmms.schedules[':id'].$patch({
          param: { id: schedule.id },
          json: { ...common, everyDays: numOrNull(v.everyDays), everyMeterUnits, meterId: everyMeterUnits === null ? null : v.meterId || null, active: v.active },
        }),
      );
    } else {
      const everyDays = numOrNull(v.everyDays);
      const nextDueMeter = numOrNull(v.nextDueMeter);
      await call(
        api.cmms.schedules.$post({
          json: {
            ...common,
            assetId,
            ...(everyDays !== null ? { everyDays } : {}),
            ...(everyMeterUnits !== null ? { everyMeterUnits, ...(v.meterId ? { meterId: v.meterId } : {}) } : {}),
            ...(v.nextDueAt ? { nextDueAt: new Date(`${v.nextDueAt}T08:00:00`).toISOString() } : {}),
            ...(nextDueMeter !== null ? { nextDueMeter } : {}),
          },
        }),
      );
    }
    toast(schedule ? t('cmms.asset.pm.saved') : t('cmms.asset.pm.created'), { tone: 'success' });
    onSaved();
  });
  const keys = Object.keys(v);
  return (
    <form onSubmit={form.onSubmit()} noValidate aria-label={schedule ? t('cmms.asset.pm.edit') : t('cmms.asset.pm.add')} data-testid="schedule-form" class="spaced">
      <FormError error={form.error} fields={keys} />
      <Field label={t('cmms.asset.pm.titleField')} error={form.fields.title}>
        {(a) => <input {...a} name="scheduleTitle" value={v.title} onInput={(e) => set({ title: e.currentTarget.value })} />}
      </Field>
      <Field label={t('cmms.asset.pm.description')} error={form.fields.description}>
        {(a) => <textarea {...a} value={v.description} onInput={(e) => set({ description: e.currentTarget.value })} />}
      </Field>
      <div class="form-grid">
        <Field label={t('cmms.asset.pm.everyDays')} error={form.fields.everyDays} hint={t('cmms.asset.pm.everyDaysHint')}>
          {(a) => <input {...a} name="everyDays" inputMode="numeric" value={v.everyDays} onInput={(e) => set({ everyDays: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.asset.pm.everyUnits')} error={form.fields.everyMeterUnits} hint={cumulative.length ? t('cmms.asset.pm.everyUnitsHint') : t('cmms.asset.pm.noMeter')}>
          {(a) => <input {...a} name="everyMeterUnits" inputMode="decimal" disabled={!cumulative.length} value={v.everyMeterUnits} onInput={(e) => set({ everyMeterUnits: e.currentTarget.value })} />}
        </Field>
        {cumulative.length ? (
          <Field label={t('cmms.asset.pm.meter')} error={form.fields.meterId}>
            {(a) => (
              <select {...a} value={v.meterId} onChange={(e) => set({ meterId: e.currentTarget.value })}>
                {cumulative.map((m) => (
                  <option value={m.id}>
                    {m.name} ({m.unit})
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field label={t('cmms.asset.pm.basis')} error={form.fields.basis}>
          {(a) => (
            <select {...a} value={v.basis} onChange={(e) => set({ basis: e.currentTarget.value === 'completion' ? 'completion' : 'schedule' })}>
              <option value="schedule">{t('cmms.basis.schedule')}</option>
              <option value="completion">{t('cmms.basis.completion')}</option>
            </select>
          )}
        </Field>
        <Field label={t('cmms.asset.pm.leadDays')} error={form.fields.leadDays} hint={t('cmms.asset.pm.leadDaysHint')}>
          {(a) => <input {...a} name="leadDays" inputMode="numeric" value={v.leadDays} onInput={(e) => set({ leadDays: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.wo.priority')} error={form.fields.priority}>
          {(a) => (
            <select {...a} value={v.priority} onChange={(e) => set({ priority: PRIORITIES.find((p) => p === e.currentTarget.value) ?? 'medium' })}>
              {PRIORITIES.map((p) => (
                <option value={p}>{t(`cmms.priority.${p}`)}</option>
              ))}
            </select>
          )}
        </Field>
        {schedule ? null : (
          <>
            <Field label={t('cmms.asset.pm.firstDue')} error={form.fields.nextDueAt} hint={t('cmms.asset.pm.firstDueHint')}>
              {(a) => <input {...a} type="date" class="input--date" value={v.nextDueAt} onInput={(e) => set({ nextDueAt: e.currentTarget.value })} />}
            </Field>
            <Field label={t('cmms.asset.pm.firstDueMeter')} error={form.fields.nextDueMeter} hint={t('cmms.asset.pm.firstDueMeterHint')}>
              {(a) => <input {...a} inputMode="decimal" value={v.nextDueMeter} onInput={(e) => set({ nextDueMeter: e.currentTarget.value })} />}
            </Field>
          </>
        )}
      </div>
      <Field label={t('cmms.asset.pm.checklist')} error={form.fields.checklist} hint={t('cmms.wo.form.checklistHint')}>
        {(a) => <textarea {...a} name="scheduleChecklist" value={v.checklist} onInput={(e) => set({ checklist: e.currentTarget.value })} />}
      </Field>
      <Choices legend={t('cmms.wo.assignees')} error={form.fields.assigneeIds}>
        {(a) => (
          <div class="checks">
            {(members.data ?? []).map((m) => (
              <label key={m.id}>
                <input
                  {...a}
                  type="checkbox"
                  checked={v.assigneeIds.includes(m.id)}
                  onChange={() => set({ assigneeIds: v.assigneeIds.includes(m.id) ? v.assigneeIds.filter((x) => x !== m.id) : [...v.assigneeIds, m.id] })}
                />{' '}
                {m.name}
              </label>
            ))}
          </div>
        )}
      </Choices>
      {schedule ? (
        <div class="checks field">
          <label>
            <input type="checkbox" checked={v.active} onChange={() => set({ active: !v.active })} /> {t('cmms.asset.pm.active')}
          </label>
        </div>
      ) : null}
      <div class="row">
        <Button type="submit" busy={form.busy} data-testid="schedule-submit">
          {schedule ? t('common.save') : t('cmms.asset.pm.create')}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** "Every 30 days or every 500 h, whichever comes first". */
function interval(s: Schedule, meters: Meter[]) {
  const unit = meters.find((m) => m.id === s.meterId)?.unit ?? '';
  const days = s.everyDays !== null ? t('cmms.asset.pm.everyNDays', { count: s.everyDays }) : null;
  const units = s.everyMeterUnits !== null ? t('cmms.asset.pm.everyNUnits', { value: formatNumber(s.everyMeterUnits), unit }) : null;
  return days && units ? t('cmms.asset.pm.whicheverFirst', { a: days, b: units }) : (days ?? units ?? '');
}

function Schedules({ assetId, meters, schedules, onChanged }: { assetId: string; meters: Meter[]; schedules: Schedule[]; onChanged: () => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const manager = isManager.value;
  return (
    <section class="card" aria-labelledby="pm-title">
      <div class="row row--between">
        <h2 id="pm-title">{t('cmms.asset.pm.title')}</h2>
        {manager && editing !== 'new' ? (
          <Button variant="secondary" onClick={() => setEditing('new')} data-testid="new-schedule">
            {t('cmms.asset.pm.add')}
          </Button>
        ) : null}
      </div>
      {editing === 'new' ? (
        <ScheduleForm
          assetId={assetId}
          meters={meters}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      ) : null}
      {schedules.length === 0 ? (
        <p class="muted">{manager ? t('cmms.asset.pm.emptyAdmin') : t('cmms.asset.pm.empty')}</p>
      ) : (
        <ul class="list">
          {schedules.map((s) => {
            const unit = meters.find((m) => m.id === s.meterId)?.unit ?? '';
            return (
              <li key={s.id} data-testid="schedule">
                {editing === s.id ? (
                  <ScheduleForm
                    assetId={assetId}
                    meters={meters}
                    schedule={s}
                    onCancel={() => setEditing(null)}
                    onSaved={() => {
                      setEditing(null);
                      onChanged();
                    }}
                  />
                ) : (
                  <div class="row row--between">
                    <div class="stacked">
                      <strong>{s.title}</strong>
                      <span class="small">{interval(s, meters)}</span>
                      <span class="small muted">
                        {t(`cmms.basis.${s.basis}`)}
                        {s.leadDays ? ` · ${t('cmms.asset.pm.lead', { count: s.leadDays })}` : ''}
                        {s.checklist.length ? ` · ${t('cmms.asset.pm.items', { count: s.checklist.length })}` : ''}
                        {` · ${t('cmms.asset.pm.generated', { count: s.generatedCount })}`}
                      </span>
                      <span class="small">
                        {[s.nextDueAt ? t('cmms.asset.pm.nextAt', { date: formatDate(s.nextDueAt) }) : null, s.nextDueMeter !== null ? t('cmms.asset.pm.nextAtMeter', { value: formatNumber(s.nextDueMeter), unit }) : null]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                    </div>
                    <div class="row">
                      <Badge tone={s.active ? 'good' : 'neutral'}>{s.active ? t('cmms.asset.pm.isActive') : t('cmms.asset.pm.inactive')}</Badge>
                      {manager ? (
                        <Button variant="ghost" onClick={() => setEditing(s.id)} aria-label={t('cmms.asset.pm.editNamed', { title: s.title })}>
                          {t('cmms.asset.pm.editShort')}
                        </Button>
                      ) : null}
                    </div>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function WorkOrderHistory({ assetId, live }: { assetId: string; live: string | null }) {
  const [page, setPage] = useState(1);
  const list = useAsync(
    () => call(api.cmms.workorders.$get({ query: { assetId, page: String(page), limit: '10', sortBy: 'createdAt', sortOrder: 'desc' } })),
    [assetId, page, live],
  );
  return (
    <section class="card" aria-labelledby="wo-history">
      <div class="row row--between">
        <h2 id="wo-history">{t('cmms.asset.history.title')}</h2>
        <a href={`/maintenance/work-orders?assetId=${assetId}&status=all`} class="small">
          {t('cmms.asset.history.all')}
        </a>
      </div>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.data.length === 0 ? (
        <p class="muted">{t('cmms.asset.history.empty')}</p>
      ) : (
        <ul class="list" data-testid="asset-work-orders">
          {list.data.data.map((w) => (
            <li key={w.id} data-testid="asset-work-order">
              <div class="row row--between">
                <span class="stacked">
                  <a href={`/maintenance/work-orders/${w.id}`}>
                    {w.number} · {w.title}
                  </a>
                  <span class="small muted">
                    {formatDate(w.createdAt)}
                    {w.dueAt ? ` · ${dueText(w)}` : ''}
                  </span>
                </span>
                <WoBadges wo={w} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {list.data && list.data.meta.total > 0 ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={setPage} /> : null}
    </section>
  );
}

function Downtime({ assetId, live }: { assetId: string; live: string }) {
  const [page, setPage] = useState(1);
  const list = useAsync(() => call(api.cmms.assets[':id'].downtime.$get({ param: { id: assetId }, query: { page: String(page), limit: '10', sortBy: 'startedAt', sortOrder: 'desc' } })), [assetId, page, live]);
  return (
    <section class="card" aria-labelledby="downtime-title">
      <h2 id="downtime-title">{t('cmms.asset.downtime.title')}</h2>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.data.length === 0 ? (
        <p class="muted">{t('cmms.asset.downtime.empty')}</p>
      ) : (
        <table class="table--stack" data-testid="downtime">
          <thead>
            <tr>
              <th>{t('cmms.asset.downtime.from')}</th>
              <th>{t('cmms.asset.downtime.to')}</th>
              <th>{t('cmms.asset.downtime.hours')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((d) => (
              <tr key={d.id}>
                <td class="cell--primary">{formatDateTime(d.startedAt)}</td>
                <td data-label={t('cmms.asset.downtime.to')}>{d.endedAt ? formatDateTime(d.endedAt) : <Badge tone="bad">{t('cmms.asset.downtime.ongoing')}</Badge>}</td>
                <td data-label={t('cmms.asset.downtime.hours')}>{t('cmms.hours', { value: formatNumber(Math.round(d.hours * 10) / 10) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.data && list.data.meta.total > 0 ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={setPage} /> : null}
    </section>
  );
}

/** One asset: details and status, QR code, meters with their readings, PM schedules, work orders and downtime. */
export function Asset() {
  const { params } = useRoute();
  const id = params.id!;
  const [editing, setEditing] = useState(false);
  const [addingMeter, setAddingMeter] = useState(false);
  const asset = useAsync(() => call(api.cmms.assets[':id'].$get({ param: { id } })).then((b) => b.data), [id]);
  const locations = useAsync(loadLocations, []);
  const allAssets = useAsync(() => (isManager.value ? loadAssets() : Promise.resolve([])), []);
  const meters = useAsync(() => call(api.cmms.assets[':id'].meters.$get({ param: { id }, query: { limit: '100', sortBy: 'name', sortOrder: 'asc' } })).then((b) => b.data), [id]);
  const schedules = useAsync(() => call(api.cmms.schedules.$get({ query: { assetId: id, limit: '100', sortBy: 'createdAt', sortOrder: 'asc' } })).then((b) => b.data), [id]);
  // Live: readings, status changes and work orders of this asset, from whoever made them.
  const ev = cmmsEvent('cmms.');
  const mine = ev && (ev.data.assetId === id || ev.type.startsWith('cmms.workorder.') || ev.type === 'cmms.pm.generated') ? ev.id : null;
  useEffect(() => {
    if (!mine || !ev) return;
    if (ev.type === 'cmms.meter.reading_recorded') void Promise.all([meters.reload(), schedules.reload()]);
    if (ev.type === 'cmms.asset.status_changed') void asset.reload();
    if (ev.type === 'cmms.pm.generated') void schedules.reload();
  }, [mine]);
  const status = useSubmit(async (to: 'operational' | 'down' | 'retired') => {
    if (to === 'retired' && !confirm(t('cmms.asset.confirmRetire'))) return;
    const body = await call(api.cmms.assets[':id'].$patch({ param: { id }, json: { status: to } }));
    asset.setData(() => body.data);
    toast(t(`cmms.asset.statusToast.${to}`), { tone: 'success' });
  });
  const recorded = async () => {
    const before = (schedules.data ?? []).reduce((sum, s) => sum + s.generatedCount, 0);
    await meters.reload();
    const fresh = await call(api.cmms.schedules.$get({ query: { assetId: id, limit: '100', sortBy: 'createdAt', sortOrder: 'asc' } })).then((b) => b.data);
    schedules.setData(() => fresh);
    const after = fresh.reduce((sum, s) => sum + s.generatedCount, 0);
    if (after > before) toast(t('cmms.asset.meters.pmFired'), { body: t('cmms.asset.meters.pmFiredBody'), tone: 'info' });
  };
  if (asset.error) return <PageError error={asset.error} retry={asset.reload} />;
  if (!asset.data) return <Loading />;
  const a = asset.data;
  const manager = isManager.value;
  const path = locationTree(locations.data ?? []).find((l) => l.location.id === a.locationId)?.path;
  const parent = allAssets.data?.find((x) => x.id === a.parentId);
  const thresholdOf = (meterId: string) => {
    const due = (schedules.data ?? []).filter((s) => s.active && s.meterId === meterId && s.nextDueMeter !== null).map((s) => s.nextDueMeter!);
    return due.length ? Math.min(...due) : null;
  };
  return (
    <div class="asset-page">
      <BackLink href="/maintenance/assets">{t('cmms.asset.back')}</BackLink>
      <PageHeader title={a.name}>
        {manager ? (
          <>
            <Button variant="secondary" onClick={() => setEditing(!editing)} aria-expanded={editing} data-testid="edit-asset">
              {editing ? t('cmms.asset.stopEditing') : t('cmms.asset.edit')}
            </Button>
            {a.status === 'operational' ? (
              <Button variant="danger" busy={status.busy} onClick={() => status.run('down')} data-testid="asset-down">
                {t('cmms.asset.markDown')}
              </Button>
            ) : (
              <Button busy={status.busy} onClick={() => status.run('operational')} data-testid="asset-up">
                {t('cmms.asset.markOperational')}
              </Button>
            )}
            {a.status !== 'retired' ? (
              <Button variant="ghost" disabled={status.busy} onClick={() => status.run('retired')}>
                {t('cmms.asset.retire')}
              </Button>
            ) : null}
          </>
        ) : null}
      </PageHeader>
      <FormError error={status.error} />
      <section class="card" aria-label={t('cmms.asset.details')}>
        {editing && locations.data ? (
          <AssetForm
            asset={a}
            locations={locations.data}
            assets={allAssets.data ?? []}
            onCancel={() => setEditing(false)}
            onSaved={(saved) => {
              asset.setData(() => saved);
              setEditing(false);
              toast(t('cmms.asset.saved'), { tone: 'success' });
            }}
          />
        ) : (
          <>
            <p class="tags">
              <AssetStatus status={a.status} />
              <Criticality level={a.criticality} />
            </p>
            <dl class="facts">
              <dt>{t('cmms.assets.code')}</dt>
              <dd>{a.code}</dd>
              <dt>{t('cmms.assets.category')}</dt>
              <dd>{a.category ?? '—'}</dd>
              <dt>{t('cmms.assets.location')}</dt>
              <dd>{path ?? t('cmms.assets.noLocation')}</dd>
              <dt>{t('cmms.assets.serial')}</dt>
              <dd>{a.serialNumber ?? '—'}</dd>
              {parent ? (
                <>
                  <dt>{t('cmms.assets.parent')}</dt>
                  <dd>
                    <a href={`/maintenance/assets/${parent.id}`}>{parent.name}</a>
                  </dd>
                </>
              ) : null}
            </dl>
          </>
        )}
      </section>
      <QrCard asset={a} onRotated={() => void asset.reload()} />
      <section class="card" aria-labelledby="meters-title">
        <div class="row row--between">
          <h2 id="meters-title">{t('cmms.asset.meters.title')}</h2>
          {manager && !addingMeter ? (
            <Button variant="secondary" onClick={() => setAddingMeter(true)}>
              {t('cmms.asset.meters.add')}
            </Button>
          ) : null}
        </div>
        {addingMeter ? (
          <MeterForm
            assetId={id}
            onCancel={() => setAddingMeter(false)}
            onSaved={() => {
              setAddingMeter(false);
              void meters.reload();
            }}
          />
        ) : null}
        {meters.error ? <ErrorNote error={meters.error} retry={meters.reload} /> : null}
        {!meters.data ? (
          meters.error ? null : <Loading />
        ) : meters.data.length === 0 ? (
          <p class="muted">{manager ? t('cmms.asset.meters.emptyAdmin') : t('cmms.asset.meters.empty')}</p>
        ) : (
          <ul class="list">
            {meters.data.map((m) => (
              <MeterPanel key={m.id} meter={m} threshold={thresholdOf(m.id)} onRecorded={() => void recorded()} />
            ))}
          </ul>
        )}
      </section>
      {schedules.error ? <ErrorNote error={schedules.error} retry={schedules.reload} /> : null}
      {schedules.data && meters.data ? <Schedules assetId={id} meters={meters.data} schedules={schedules.data} onChanged={() => void schedules.reload()} /> : null}
      <WorkOrderHistory assetId={id} live={mine} />
      <Downtime assetId={id} live={a.status + a.updatedAt} />
    </div>
  );
}

