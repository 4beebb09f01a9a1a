import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { PublicVisit } from '../../../../src/modules/fsm/fsm.schemas';
import { STEPS } from '../../components/fsm-bits';
import { ErrorNote, Loading, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { ApiFailure, api, call } from '../../lib/api';
import { formatDateTime, timeAgo } from '../../lib/format';
import { useTitle } from '../../lib/use-title';

const POLL_MS = 12_000;
const FINAL: PublicVisit['status'][] = ['completed', 'cancelled'];

/** The visit a tracking link names, polled while the tab is visible and the visit is not over. */
function useTracked(token: string) {
  const [data, setData] = useState<PublicVisit | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let over = false;
    const load = async () => {
      clearTimeout(timer);
      try {
        const body = await call(api.public.visits[':customerToken'].$get({ param: { customerToken: token } }));
        if (stopped) return;
        setData(body.data);
        setError(null);
        over = FINAL.includes(body.data.status);
      } catch (err) {
        if (stopped) return;
        const failure = err instanceof ApiFailure ? err : new ApiFailure(0, 'INTERNAL', String(err));
        setError(failure);
        over = failure.code === 'NOT_FOUND';
      }
      if (!over && !document.hidden) timer = setTimeout(() => void load(), POLL_MS);
    };
    const onVisibility = () => {
      if (!document.hidden && !over) void load();
      else clearTimeout(timer);
    };
    void load();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [token]);
  return { data, error };
}

/** The customer's tracking page: no login; the company, the visit's progress, its window and the technician. */
export function Track() {
  const { params } = useRoute();
  const { data, error } = useTracked(params.token!);
  if (error?.code === 'NOT_FOUND') return <Unknown />;
  if (error && !data) return <ErrorNote error={error} />;
  if (!data) return <Loading />;
  const at = STEPS.indexOf(data.status as (typeof STEPS)[number]);
  return (
    <div class="portal">
      <PageHeader title={t('fsm.track.title', { company: data.companyName })} tabTitle={t('fsm.track.tab')} />
      {data.status === 'cancelled' ? (
        <p class="alert alert--info" data-testid="track-cancelled">
          {t('fsm.track.cancelled')}
        </p>
      ) : (
        <p class="lead" data-testid="track-status" data-status={data.status}>
          {t(`fsm.track.now.${data.status}`, { name: data.technicianFirstName ?? t('fsm.track.yourTechnician') })}
        </p>
      )}
      <section class="card">
        <ol class="progress" aria-label={t('fsm.visit.steps')}>
          {STEPS.map((s, i) => {
            const state = data.status === 'cancelled' ? 'todo' : i < at || data.status === 'completed' ? 'done' : i === at ? 'current' : 'todo';
            return (
              <li class={`progress__step progress__step--${state}`} aria-current={state === 'current' ? 'step' : undefined} data-step={s}>
                <span class="progress__label">{t(`fsm.track.step.${s}`)}</span>
              </li>
            );
          })}
        </ol>
        <dl class="facts facts--spaced">
          <div>
            <dt>{t('fsm.track.window')}</dt>
            <dd>{t('fsm.track.windowText', { start: formatDateTime(data.windowStart), end: formatDateTime(data.windowEnd) })}</dd>
          </div>
          <div>
            <dt>{t('fsm.track.technician')}</dt>
            <dd>{data.technicianFirstName ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('fsm.track.updated')}</dt>
            <dd>
              <time dateTime={data.updatedAt} title={formatDateTime(data.updatedAt)}>
                {timeAgo(data.updatedAt)}
              </time>
            </dd>
          </div>
        </dl>
      </section>
      {error ? <ErrorNote error={error} /> : null}
      <p class="small muted">{FINAL.includes(data.status) ? t('fsm.track.over') : t('fsm.track.live')}</p>
    </div>
  );
}

function Unknown() {
  useTitle(t('fsm.track.unknownTitle'));
  return (
    <section class="card state-page portal" data-testid="track-unknown">
      <h1>{t('fsm.track.unknownTitle')}</h1>
      <p class="muted">{t('fsm.track.unknownBody')}</p>
    </section>
  );
}
