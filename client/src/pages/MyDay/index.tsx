import { useEffect } from 'preact/hooks';
import { addDays, dayLabel, fsmEvent, isDay, todayUtc, VisitStatus, windowText } from '../../components/fsm-bits';
import { Button, Empty, ErrorNote, Loading, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { currentUser } from '../../lib/session';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

/** The signed-in technician's visits of a UTC day, by time or nearest first ("optimize route"); live. */
export function MyDay() {
  const [q, setQ] = useQueryState({ date: '', optimize: '' });
  const date = isDay(q.date) ? q.date : todayUtc();
  const optimize = q.optimize === 'true';
  const day = useAsync(() => call(api.fsm['my-day'].$get({ query: { date, ...(optimize ? { optimize: 'true' } : {}) } })).then((b) => b.data), [date, optimize]);
  // Live: a visit of mine scheduled, moved or stepped (by me elsewhere or by a dispatcher).
  const ev = fsmEvent('fsm.visit.');
  const me = currentUser.value?.id;
  const mine = ev && me && Array.isArray(ev.data.technicianIds) && ev.data.technicianIds.includes(me) ? ev.id : null;
  useEffect(() => {
    if (mine) void day.reload();
  }, [mine]);
  return (
    <>
      <PageHeader title={t('fsm.myDay.title')} />
      <div class="row spaced-bottom" role="group" aria-label={t('fsm.board.day')}>
        <Button variant="secondary" onClick={() => setQ({ date: addDays(date, -1), optimize: q.optimize })} aria-label={t('fsm.board.previousDay')}>
          <span aria-hidden="true">←</span>
        </Button>
        <strong>{dayLabel(date)}</strong>
        <Button variant="secondary" onClick={() => setQ({ date: addDays(date, 1), optimize: q.optimize })} aria-label={t('fsm.board.nextDay')}>
          <span aria-hidden="true">→</span>
        </Button>
        {date !== todayUtc() ? (
          <Button variant="ghost" onClick={() => setQ({ date: '', optimize: q.optimize })}>
            {t('fsm.board.today')}
          </Button>
        ) : null}
      </div>
      <label class="row toggle spaced-bottom">
        <input type="checkbox" checked={optimize} onChange={(e) => setQ({ date: q.date, optimize: e.currentTarget.checked ? 'true' : '' })} data-testid="optimize" />
        <span>
          {t('fsm.myDay.optimize')}
          <span class="small muted"> · {t('fsm.myDay.optimizeHint')}</span>
        </span>
      </label>
      {day.error ? <ErrorNote error={day.error} retry={day.reload} /> : null}
      {!day.data ? (
        day.error ? null : <Loading />
      ) : day.data.length === 0 ? (
        <Empty title={t('fsm.myDay.empty')}>{t('fsm.myDay.emptyHint')}</Empty>
      ) : (
        <ol class="plain-list my-day">
          {day.data.map((v, i) => (
            <li key={v.id} class="card my-day__visit" data-testid="my-visit" data-number={v.jobNumber}>
              <span class="my-day__index" aria-hidden="true">
                {i + 1}
              </span>
              <div class="stack">
                <div class="row row--between">
                  <strong>{windowText(v.start, v.end)}</strong>
                  <VisitStatus status={v.status} />
                </div>
                <a href={`/field/visits/${v.id}`} class="board__title my-day__link" data-testid="my-visit-link">
                  {v.jobNumber} · {v.jobTitle}
                </a>
                <span class="small">
                  {v.customerName}
                  {v.siteName ? ` · ${v.siteName}` : ''}
                </span>
                <span class="small muted">{v.siteAddress}</span>
                {v.legKm !== null && v.legKm !== undefined ? <span class="small muted">{t('fsm.myDay.legText', { km: formatNumber(Math.round(v.legKm * 10) / 10) })}</span> : null}
              </div>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
