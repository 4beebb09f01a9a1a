import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { Visit } from '../../../../src/modules/fsm/fsm.schemas';
import { BackLink } from '../../components/cmms-bits';
import { CopyButton } from '../../components/copy';
import { dayLabel, Dialog, fsmEvent, loadTechnicians, mapLink, namesOf, STEPS, utcDay, utcHm, VisitStatus, windowText } from '../../components/fsm-bits';
import { VisitForm } from '../../components/fsm-visit-form';
import { SignaturePad, SignatureView } from '../../components/signature-pad';
import { Button, Field, FormError, Loading, PageError, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { ApiFailure, api, call } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { currentUser, isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

type Status = Visit['status'];
const NEXT: Partial<Record<Status, 'dispatched' | 'en_route' | 'on_site' | 'completed'>> = { scheduled: 'dispatched', dispatched: 'en_route', en_route: 'on_site', on_site: 'completed' };

/** The status steps as a progress list, each reached one with its time. */
function Steps({ visit }: { visit: Visit }) {
  const at = STEPS.indexOf(visit.status as (typeof STEPS)[number]);
  return (
    <ol class="progress" aria-label={t('fsm.visit.steps')} data-testid="visit-steps">
      {STEPS.map((s, i) => {
        const when = visit.statusTimes[s];
        const state = visit.status === 'cancelled' ? (when ? 'done' : 'todo') : i < at || visit.status === 'completed' ? 'done' : i === at ? 'current' : 'todo';
        return (
          <li class={`progress__step progress__step--${state}`} aria-current={state === 'current' ? 'step' : undefined} data-step={s}>
            <span class="progress__label">{t(`fsm.visitStatus.${s}`)}</span>
            <span class="small muted">{when ? formatDateTime(when) : '—'}</span>
          </li>
        );
      })}
    </ol>
  );
}

function StatusActions({ visit, dispatcher, technician, onChanged }: { visit: Visit; dispatcher: boolean; technician: boolean; onChanged: (v: Visit) => void }) {
  const next = NEXT[visit.status];
  const [signature, setSignature] = useState<{ png: string | null; tooLarge: boolean }>({ png: null, tooLarge: false });
  const move = useSubmit(async (to: Status) => {
    const json = { status: to, version: visit.version, ...(to === 'completed' && signature.png ? { signature: signature.png } : {}) };
    const body = await call(api.fsm.visits[':id'].status.$post({ param: { id: visit.id }, json }));
    toast(t('fsm.visit.moved', { status: t(`fsm.visitStatus.${to}`) }), { tone: 'success' });
    onChanged(body.data);
  });
  const cancelVisit = useSubmit(async () => {
    if (!confirm(t('fsm.visit.confirmCancel'))) return;
    const body = await call(api.fsm.visits[':id'].status.$post({ param: { id: visit.id }, json: { status: 'cancelled', version: visit.version } }));
    onChanged(body.data);
  });
  const canNext = next && (next === 'dispatched' ? dispatcher : dispatcher || technician);
  const undone = visit.checklist.filter((i) => !i.done).length;
  if (!canNext && !(dispatcher && visit.status !== 'completed' && visit.status !== 'cancelled')) return null;
  return (
    <div class="stack">
      {next === 'completed' && canNext ? (
        <div class="stack" aria-labelledby="signature-title">
          <h3 id="signature-title">{t('fsm.visit.signature')}</h3>
          <p class="small muted">{t('fsm.visit.signatureHint')}</p>
          <SignaturePad onChange={(png, tooLarge) => setSignature({ png, tooLarge })} disabled={move.busy} />
          {signature.tooLarge ? (
            <p class="alert alert--error" role="alert" data-testid="signature-too-large">
              {t('fsm.visit.signatureTooLarge')}
            </p>
          ) : null}
          {undone > 0 ? <p class="small muted">{t('fsm.visit.checklistLeft', { count: undone })}</p> : null}
        </div>
      ) : null}
      <div class="row">
        {canNext && next ? (
          <Button class="btn--big" busy={move.busy} disabled={next === 'completed' && signature.tooLarge} onClick={() => move.run(next)} data-testid={`step-${next}`}>
            {t(`fsm.visit.stepAction.${next}`)}
          </Button>
        ) : null}
        {dispatcher && visit.status !== 'completed' && visit.status !== 'cancelled' ? (
          <Button variant="ghost" busy={cancelVisit.busy} onClick={() => cancelVisit.run()} data-testid="cancel-visit">
            {t('fsm.visit.cancel')}
          </Button>
        ) : null}
      </div>
      <FormError error={move.error ?? cancelVisit.error} fields={[]} />
    </div>
  );
}

function Checklist({ visit, canTick, onChanged, onStale }: { visit: Visit; canTick: boolean; onChanged: (v: Visit) => void; onStale: () => void }) {
  // The box shows the tick at once; the server's answer (or the error, which undoes it) follows.
  const [pending, setPending] = useState<Record<number, boolean>>({});
  const tick = useSubmit(async (index: number, done: boolean) => {
    const checklist = visit.checklist.map((item, i) => (i === index ? { ...item, done } : item));
    setPending({ [index]: done });
    try {
      const body = await call(api.fsm.visits[':id'].$patch({ param: { id: visit.id }, json: { version: visit.version, checklist } }));
      onChanged(body.data);
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'CONFLICT') onStale();
      throw err;
    } finally {
      setPending({});
    }
  });
  const done = visit.checklist.filter((i) => i.done).length;
  return (
    <section class="card" aria-labelledby="checklist-title">
      <div class="row row--between">
        <h2 id="checklist-title">{t('fsm.visit.checklist')}</h2>
        {visit.checklist.length ? <span class="small muted">{t('fsm.visit.checklistDone', { done, count: visit.checklist.length })}</span> : null}
      </div>
      {visit.checklist.length === 0 ? (
        <p class="muted small">{t('fsm.visit.noChecklist')}</p>
      ) : (
        <ul class="plain-list checklist checklist--big">
          {visit.checklist.map((item, i) => (
            <li key={i}>
              <label class={(pending[i] ?? item.done) ? 'checklist__done' : ''}>
                <input type="checkbox" checked={pending[i] ?? item.done} disabled={!canTick || tick.busy} onChange={(e) => tick.run(i, e.currentTarget.checked)} data-testid="visit-checklist-item" /> {item.label}
              </label>
            </li>
          ))}
        </ul>
      )}
      <FormError error={tick.error} />
    </section>
  );
}

function Notes({ visit, canWrite, onChanged, onStale }: { visit: Visit; canWrite: boolean; onChanged: (v: Visit) => void; onStale: () => void }) {
  const [notes, setNotes] = useState(visit.notes);
  useEffect(() => setNotes(visit.notes), [visit.notes]);
  const form = useSubmit(async () => {
    try {
      const body = await call(api.fsm.visits[':id'].$patch({ param: { id: visit.id }, json: { version: visit.version, notes } }));
      toast(t('fsm.visit.notesSaved'), { tone: 'success' });
      onChanged(body.data);
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'CONFLICT') onStale();
      throw err;
    }
  });
  return (
    <section class="card" aria-labelledby="notes-title">
      <h2 id="notes-title">{t('fsm.visit.notes')}</h2>
      {canWrite ? (
        <form onSubmit={form.onSubmit()} noValidate>
          <FormError error={form.error} fields={['notes']} />
          <Field label={t('fsm.visit.notesLabel')} error={form.fields.notes}>
            {(a) => <textarea {...a} name="notes" value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />}
          </Field>
          <Button type="submit" variant="secondary" busy={form.busy} disabled={notes === visit.notes}>
            {t('fsm.visit.saveNotes')}
          </Button>
        </form>
      ) : visit.notes ? (
        <p class="prose">{visit.notes}</p>
      ) : (
        <p class="muted small">{t('fsm.visit.noNotes')}</p>
      )}
    </section>
  );
}

/** A visit, for its technicians (steps, checklist, notes, signature) and dispatchers (also move, tracking link); live. */
export function FieldVisit() {
  const { params } = useRoute();
  const id = params.id!;
  const visit = useAsync(() => call(api.fsm.visits[':id'].$get({ param: { id } })).then((b) => b.data), [id]);
  const techs = useAsync(() => loadTechnicians(), []);
  const [moving, setMoving] = useState(false);
  const ev = fsmEvent('fsm.visit.');
  const live = ev && ev.data.visitId === id ? ev.id : null;
  useEffect(() => {
    // Our own change is already shown (same version): reload only for someone else's.
    if (live && (ev?.data.version !== visit.data?.version || ev?.data.status !== visit.data?.status)) void visit.reload();
  }, [live]);
  /** Who took a history step recorded before names were kept: a technician by name, anyone else as a dispatcher. */
  const actorName = (id: string) => {
    const named = namesOf([id], techs.data);
    return named === t('fsm.formerTechnician') ? t('fsm.visit.dispatcher') : named;
  };
  const stale = () => {
    toast(t('fsm.board.stale'), { tone: 'error' });
    void visit.reload();
  };
  const dispatcher = isManager.value;
  const back = <BackLink href={dispatcher ? '/field/board' : '/field/my-day'}>{dispatcher ? t('fsm.visit.backBoard') : t('fsm.visit.backDay')}</BackLink>;
  if (visit.error)
    return (
      <>
        {back}
        <PageError error={visit.error} retry={visit.reload} />
      </>
    );
  if (!visit.data) return <Loading />;
  const v = visit.data;
  const technician = Boolean(currentUser.value && v.technicianIds.includes(currentUser.value.id));
  const active = v.status !== 'completed' && v.status !== 'cancelled';
  const set = (fresh: Visit) => visit.setData((cur) => ({ ...cur, ...fresh, signature: fresh.signature ?? cur?.signature ?? null }));
  const backTo = <BackLink href={dispatcher ? `/field/board?date=${utcDay(v.start)}` : `/field/my-day?date=${utcDay(v.start)}`}>{dispatcher ? t('fsm.visit.backBoard') : t('fsm.visit.backDay')}</BackLink>;
  return (
    <div class="visit-page">
      {backTo}
      <PageHeader title={`${v.jobNumber ?? ''} · ${v.jobTitle ?? ''}`} tabTitle={t('fsm.visit.tab', { number: v.jobNumber ?? '' })}>
        <VisitStatus status={v.status} />
      </PageHeader>
      <section class="card stack" aria-label={t('fsm.visit.details')}>
        <dl class="facts">
          <div>
            <dt>{t('fsm.visit.when')}</dt>
            <dd>
              {dayLabel(utcDay(v.start))} · {windowText(v.start, v.end)}
            </dd>
          </div>
          <div>
            <dt>{t('fsm.visit.technicians')}</dt>
            <dd>{namesOf(v.technicianIds, techs.data)}</dd>
          </div>
          <div>
            <dt>{t('fsm.jobs.customer')}</dt>
            <dd>
              {v.customerName ?? '—'}
              {v.customerPhone ? (
                <div>
                  <a href={`tel:${v.customerPhone.replace(/[^\d+]/g, '')}`}>{v.customerPhone}</a>
                </div>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>{t('fsm.visit.address')}</dt>
            <dd>
              {v.siteName ? <div>{v.siteName}</div> : null}
              <div>{v.siteAddress ?? '—'}</div>
              {v.lat !== null && v.lat !== undefined && v.lng !== null && v.lng !== undefined ? (
                <a href={mapLink(v.lat, v.lng)} target="_blank" rel="noopener noreferrer" data-testid="map-link">
                  {t('fsm.visit.openMap')}
                </a>
              ) : null}
            </dd>
          </div>
          {v.legKm !== null && v.legKm !== undefined ? (
            <>
              <div>
                <dt>{t('fsm.myDay.leg')}</dt>
                <dd>{t('fsm.km', { km: formatNumber(Math.round(v.legKm * 10) / 10) })}</dd>
              </div>
            </>
          ) : null}
          <div>
            <dt>{t('fsm.visit.job')}</dt>
            <dd>
              <a href={`/field/jobs/${v.jobId}`}>{v.jobNumber}</a>
            </dd>
          </div>
        </dl>
        {v.accessNotes ? (
          <p class="alert alert--info" data-testid="access-notes">
            <strong>{t('fsm.visit.accessNotes')}</strong> {v.accessNotes}
          </p>
        ) : null}
        {dispatcher ? (
          <div class="row">
            {active && (v.status === 'scheduled' || v.status === 'dispatched') ? (
              <Button variant="secondary" onClick={() => setMoving(true)} data-testid="move-visit">
                {t('fsm.visit.reschedule')}
              </Button>
            ) : null}
            <CopyButton text={`${location.origin}/track/${v.customerToken}`} label={t('fsm.visit.copyLink')} variant="secondary" testId="copy-tracking" />
          </div>
        ) : null}
      </section>
      <section class="card stack" aria-labelledby="status-title">
        <h2 id="status-title">{t('fsm.visit.progress')}</h2>
        <Steps visit={v} />
        {active ? <StatusActions visit={v} dispatcher={dispatcher} technician={technician} onChanged={(fresh) => (fresh.status === 'completed' && !fresh.signature ? void visit.reload() : set(fresh))} /> : null}
        {v.status === 'completed' && v.signature ? (
          <figure class="signature-view">
            <SignatureView png={v.signature} label={t('fsm.visit.signatureAlt')} />
            <figcaption class="small muted">{t('fsm.visit.signature')}</figcaption>
          </figure>
        ) : null}
      </section>
      <Checklist visit={v} canTick={active && (technician || dispatcher)} onChanged={set} onStale={stale} />
      <Notes visit={v} canWrite={active && (technician || dispatcher)} onChanged={set} onStale={stale} />
      {v.history.length ? (
        <section class="card" aria-labelledby="history-title">
          <h2 id="history-title">{t('fsm.visit.history')}</h2>
          <ul class="list">
            {v.history.map((h) => (
              <li class="small" data-testid="visit-history-entry" data-status={h.status}>
                <strong>{t(`fsm.visitStatus.${h.status}`)}</strong> · {formatDateTime(h.at)} · {h.byName ?? actorName(h.by)}
                {h.note ? <div class="break">{h.note}</div> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {moving && techs.data ? (
        <Dialog title={t('fsm.board.moveTitle', { number: v.jobNumber ?? '' })} onClose={() => setMoving(false)} testId="visit-dialog">
          <VisitForm
            job={{ id: v.jobId, version: 0, durationMin: (Date.parse(v.end) - Date.parse(v.start)) / 60_000, requiredSkills: v.requiredSkills ?? [] }}
            visit={v}
            technicians={techs.data}
            initial={{ technicianIds: v.technicianIds, day: utcDay(v.start), start: utcHm(v.start) }}
            onCancel={() => setMoving(false)}
            onStale={() => (setMoving(false), stale())}
            onSaved={(fresh) => {
              setMoving(false);
              toast(t('fsm.board.moved', { number: fresh.jobNumber ?? '' }), { tone: 'success' });
              set(fresh);
            }}
          />
        </Dialog>
      ) : null}
    </div>
  );
}
