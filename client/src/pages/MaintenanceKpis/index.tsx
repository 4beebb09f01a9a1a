import { BarChart } from '../../components/charts';
import { loadAssets } from '../../components/cmms-bits';
import { ErrorNote, Field, Loading, PageHeader } from '../../components/ui';
import { locale, t } from '../../i18n';
import { api, call } from '../../lib/api';
import { dayEnd, dayOf, dayStart, formatDate, formatNumber, formatPercent } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

const DAY = 86_400_000;
const hours = (v: number | null) => (v === null ? '—' : t('cmms.hours', { value: formatNumber(Math.round(v * 10) / 10) }));

/** Up to six equal slices of [from, to) for the trend chart. */
function slices(from: string, to: string) {
  const a = Date.parse(from);
  const b = Date.parse(to);
  const n = Math.max(1, Math.min(6, Math.ceil((b - a) / (7 * DAY))));
  const size = (b - a) / n;
  return Array.from({ length: n }, (_, i) => ({ from: new Date(a + i * size).toISOString(), to: new Date(i === n - 1 ? b : a + (i + 1) * size).toISOString() }));
}

function Kpi({ label, value, hint, testId }: { label: string; value: string; hint: string; testId: string }) {
  return (
    <div class="card kpi" data-testid={testId}>
      <span class="kpi__label">{label}</span>
      <strong class="kpi__value">{value}</strong>
      <span class="small muted">{hint}</span>
    </div>
  );
}

/** MTBF, MTTR, PM compliance, downtime and backlog by age, for a date range and optionally one asset, with SVG charts. */
export function MaintenanceKpis() {
  const today = dayOf(new Date());
  const monthAgo = dayOf(new Date(Date.now() - 30 * DAY));
  const [q, setQ] = useQueryState({ from: monthAgo, to: today, assetId: '' });
  const assets = useAsync(() => loadAssets(), []);
  const from = dayStart(q.from);
  const to = dayEnd(q.to);
  const invalid = !from || !to || from >= to;
  const kpis = useAsync(async () => {
    if (invalid) return null;
    const asset = q.assetId ? { assetId: q.assetId } : {};
    const [total, trend] = await Promise.all([
      call(api.cmms.kpis.$get({ query: { from, to, ...asset } })).then((b) => b.data),
      Promise.all(slices(from, to).map((s) => call(api.cmms.kpis.$get({ query: { ...s, ...asset } })).then((b) => ({ ...s, downtime: b.data.downtimeHours, failures: b.data.failures })))),
    ]);
    return { total, trend };
  }, [from, to, q.assetId]);
  const k = kpis.data?.total;
  const short = (iso: string) => new Intl.DateTimeFormat(locale.value, { day: 'numeric', month: 'short' }).format(new Date(iso));
  return (
    <>
      <PageHeader title={t('cmms.kpis.title')} />
      <form class="filters card" aria-label={t('cmms.kpis.range')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('cmms.kpis.from')} error={invalid ? t('cmms.kpis.badRange') : undefined}>
          {(a) => <input {...a} type="date" name="from" class="input--date" value={q.from} max={q.to} onChange={(e) => e.currentTarget.value && setQ({ from: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.kpis.to')}>
          {(a) => <input {...a} type="date" name="to" class="input--date" value={q.to} min={q.from} onChange={(e) => e.currentTarget.value && setQ({ to: e.currentTarget.value })} />}
        </Field>
        <Field label={t('cmms.wo.asset')}>
          {(a) => (
            <select {...a} name="assetId" value={q.assetId} onChange={(e) => setQ({ assetId: e.currentTarget.value })}>
              <option value="">{t('cmms.kpis.allAssets')}</option>
              {(assets.data ?? []).map((x) => (
                <option value={x.id}>{x.name}</option>
              ))}
            </select>
          )}
        </Field>
      </form>
      {kpis.error ? <ErrorNote error={kpis.error} retry={kpis.reload} /> : null}
      {!kpis.data || !k ? (
        kpis.error || invalid ? null : <Loading />
      ) : (
        <div class={kpis.loading ? 'is-reloading' : ''} aria-busy={kpis.loading}>
          <p class="small muted">{t('cmms.kpis.window', { from: formatDate(k.from), to: formatDate(k.to) })}</p>
          <div class="kpis">
            <Kpi label={t('cmms.kpis.mtbf')} value={hours(k.mtbfHours)} hint={t('cmms.kpis.mtbfHint', { count: k.failures })} testId="kpi-mtbf" />
            <Kpi label={t('cmms.kpis.mttr')} value={hours(k.mttrHours)} hint={t('cmms.kpis.mttrHint', { count: k.repairs })} testId="kpi-mttr" />
            <Kpi
              label={t('cmms.kpis.compliance')}
              value={k.pmCompliancePercent === null ? '—' : formatPercent(k.pmCompliancePercent)}
              hint={t('cmms.kpis.complianceHint', { onTime: k.pmOnTime, count: k.pmDue })}
              testId="kpi-compliance"
            />
            <Kpi label={t('cmms.kpis.downtime')} value={hours(k.downtimeHours)} hint={t('cmms.kpis.downtimeHint')} testId="kpi-downtime" />
          </div>
          <div class="chart-grid">
            <section class="card" aria-labelledby="backlog-title">
              <h2 id="backlog-title">{t('cmms.kpis.backlog', { count: k.backlog.total })}</h2>
              <p class="small muted">{t('cmms.kpis.backlogHint')}</p>
              <BarChart
                label={t('cmms.kpis.backlogChart', { a: k.backlog.byAge['0-7'], b: k.backlog.byAge['8-30'], c: k.backlog.byAge['31+'] })}
                bars={[
                  { label: t('cmms.kpis.age.fresh'), value: k.backlog.byAge['0-7'], tone: 'good' },
                  { label: t('cmms.kpis.age.month'), value: k.backlog.byAge['8-30'], tone: 'warn' },
                  { label: t('cmms.kpis.age.old'), value: k.backlog.byAge['31+'], tone: 'bad' },
                ]}
                testId="backlog-chart"
              />
            </section>
            <section class="card" aria-labelledby="pm-title">
              <h2 id="pm-title">{t('cmms.kpis.pmTitle')}</h2>
              <p class="small muted">{t('cmms.kpis.pmHint')}</p>
              <BarChart
                label={t('cmms.kpis.pmChart', { onTime: k.pmOnTime, count: k.pmDue })}
                bars={[
                  { label: t('cmms.kpis.pmDue'), value: k.pmDue },
                  { label: t('cmms.kpis.pmOnTime'), value: k.pmOnTime, tone: 'good' },
                  { label: t('cmms.kpis.pmLate'), value: Math.max(0, k.pmDue - k.pmOnTime), tone: 'bad' },
                ]}
              />
            </section>
            <section class="card chart-grid__wide" aria-labelledby="trend-title">
              <h2 id="trend-title">{t('cmms.kpis.trendTitle')}</h2>
              <p class="small muted">{t('cmms.kpis.trendHint')}</p>
              <BarChart
                label={t('cmms.kpis.trendChart')}
                bars={kpis.data.trend.map((s) => ({ label: short(s.from), value: Math.round(s.downtime * 10) / 10, tone: 'warn' as const }))}
                format={(v) => formatNumber(v)}
                testId="downtime-chart"
              />
              <table class="compact">
                <thead>
                  <tr>
                    <th>{t('cmms.kpis.period')}</th>
                    <th>{t('cmms.kpis.downtime')}</th>
                    <th>{t('cmms.kpis.failures')}</th>
                  </tr>
                </thead>
                <tbody>
                  {kpis.data.trend.map((s) => (
                    <tr key={s.from}>
                      <td>{t('cmms.kpis.periodRange', { from: short(s.from), to: short(new Date(Date.parse(s.to) - 1).toISOString()) })}</td>
                      <td>{hours(s.downtime)}</td>
                      <td>{formatNumber(s.failures)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
          <details class="card formulas">
            <summary>{t('cmms.kpis.howTitle')}</summary>
            <ul class="small">
              <li>{t('cmms.kpis.how.mtbf')}</li>
              <li>{t('cmms.kpis.how.mttr')}</li>
              <li>{t('cmms.kpis.how.compliance')}</li>
              <li>{t('cmms.kpis.how.backlog')}</li>
            </ul>
          </details>
        </div>
      )}
    </>
  );
}
