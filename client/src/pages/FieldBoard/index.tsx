import { useEffect, useState } from 'preact/hooks';
import type { Board, Conflict, Job, Technician, Visit } from '../../../../src/modules/fsm/fsm.schemas';
import { addDays, dayLabel, Dialog, fsmEvent, hmOf, isDay, JobPriority, minutesOf, shiftsOn, todayUtc, utcHm, VisitStatus, windowText } from '../../components/fsm-bits';
import { VisitForm } from '../../components/fsm-visit-form';
import { Badge, Button, ErrorNote, Field, Loading, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { ApiFailure, api, call } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

type Lane = Board['lanes'][number];
type Pending = { kind: 'assign'; job: Job; techId: string | null; start: string | null } | { kind: 'move'; visit: Visit; fromTech: string; techId: string; start: string | null };

const MOVABLE: Visit['status'][] = ['scheduled', 'dispatched'];
const round15 = (m: number) => Math.max(0, Math.min(24 * 60 - 15, Math.round(m / 15) * 15));

/** Where a new visit of `minutes` would go in a lane: the first free quarter hour inside its shift, else after its last visit. */
function suggestedStart(lane: Lane | undefined, day: string, minutes: number): string {
  if (!lane) return '12:00';
  const busy = lane.visits.map((v) => [minutesOf(utcHm(v.start)), v.end.slice(0, 10) === day ? minutesOf(utcHm(v.end)) : 24 * 60] as const);
  for (const s of shiftsOn(lane.technician, day)) {
    for (let from = minutesOf(s.start); from + minutes <= minutesOf(s.end); from += 15) {
      if (busy.every(([a, b]) => from + minutes <= a || b <= from)) return hmOf(from);
    }
  }
  const last = busy.reduce((acc, [, b]) => Math.max(acc, b), -1);
  return last >= 0 ? hmOf(round15(last + 7)) : (shiftsOn(lane.technician, day)[0]?.start ?? '12:00');
}

/** A conflict's text in the reader's language, from the board's own data. */
function conflictText(c: Conflict, board: Board): string {
  const lane = board.lanes.find((l) => l.technician.userId === c.technicianId);
  const visit = board.lanes.flatMap((l) => l.visits).find((v) => v.id === c.visitId);
  if (!visit) return c.detail;
  if (c.kind === 'overlap' && lane) {
    const other = lane.visits.find((o) => o.id !== visit.id && o.start < visit.end && visit.start < o.end);
    if (other) return t('fsm.board.conflict.overlapDetail', { number: other.jobNumber ?? '', window: windowText(other.start, other.end), name: lane.technician.name });
  }
  if (c.kind === 'outside_shift' && lane) {
    const shifts = shiftsOn(lane.technician, board.date);
    return shifts.length
      ? t('fsm.board.conflict.outsideDetail', { name: lane.technician.name, hours: shifts.map((s) => `${s.start}–${s.end}`).join(', ') })
      : t('fsm.board.conflict.noShiftDetail', { name: lane.technician.name });
  }
  if (c.kind === 'missing_skill') {
    const team = new Set(board.lanes.filter((l) => visit.technicianIds.includes(l.technician.userId)).flatMap((l) => l.technician.skills.map((s) => s.toLowerCase())));
    const missing = (visit.requiredSkills ?? []).filter((s) => !team.has(s.toLowerCase()));
    if (missing.length) return t('fsm.board.conflict.skillDetail', { skills: missing.join(', ') });
  }
  return c.detail;
}

/** The day's span on a 24-hour axis: shift(s) shaded, visits as blocks (the cards below say the same in words). */
function Timeline({ lane, day }: { lane: Lane; day: string }) {
  const pct = (hm: string) => `${(minutesOf(hm) / (24 * 60)) * 100}%`;
  const width = (a: string, b: string) => `${(Math.max(15, minutesOf(b) - minutesOf(a)) / (24 * 60)) * 100}%`;
  return (
    <div class="timeline" aria-hidden="true" data-testid="timeline">
      {['06:00', '12:00', '18:00'].map((h) => (
        <span class="timeline__tick" style={{ left: pct(h) }}>
          {h.slice(0, 2)}
        </span>
      ))}
      {shiftsOn(lane.technician, day).map((s) => (
        <span class="timeline__shift" style={{ left: pct(s.start), width: width(s.start, s.end) }} />
      ))}
      {lane.visits.map((v) => {
        const start = utcHm(v.start);
        const end = v.end.slice(0, 10) === day ? utcHm(v.end) : '24:00';
        return <span class={`timeline__visit timeline__visit--${v.status}`} style={{ left: pct(start), width: width(start, end) }} title={`${v.jobNumber ?? ''} ${start}–${end}`} />;
      })}
    </div>
  );
}

function VisitCard({ visit, lane, board, onMove, onChanged }: { visit: Visit; lane: Lane; board: Board; onMove: (p: Pending) => void; onChanged: (stale?: boolean) => void }) {
  const [busy, setBusy] = useState(false);
  const conflicts = board.conflicts.filter((c) => c.visitId === visit.id && (c.technicianId === null || c.technicianId === lane.technician.userId));
  const movable = MOVABLE.includes(visit.status);
  const dispatch = async () => {
    setBusy(true);
    try {
      await call(api.fsm.visits[':id'].status.$post({ param: { id: visit.id }, json: { status: 'dispatched', version: visit.version } }));
      toast(t('fsm.board.dispatched', { number: visit.jobNumber ?? '' }), { tone: 'success' });
      onChanged();
    } catch (err) {
      if (err instanceof ApiFailure) toast(err.code === 'CONFLICT' ? t('fsm.board.stale') : errorText(err), { tone: 'error' });
      onChanged(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li
      class={`board__card${conflicts.length ? ' board__card--conflict' : ''}`}
      data-testid="lane-visit"
      data-number={visit.jobNumber}
      data-status={visit.status}
      draggable={movable}
      onDragStart={(e) => {
        e.dataTransfer?.setData('text/plain', `visit:${visit.id}:${lane.technician.userId}`);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      }}
    >
      <span class="row row--between">
        <strong>{windowText(visit.start, visit.end)}</strong>
        <VisitStatus status={visit.status} />
      </span>
      <a href={`/field/visits/${visit.id}`} class="board__title">
        {visit.jobNumber} · {visit.jobTitle}
      </a>
      <span class="small muted">{[visit.customerName, visit.siteName].filter(Boolean).join(' · ')}</span>
      {conflicts.length ? (
        <ul class="plain-list conflicts">
          {conflicts.map((c) => (
            <li data-testid="conflict" data-kind={c.kind}>
              <Badge tone="bad">{t(`fsm.board.conflict.${c.kind}`)}</Badge> <span class="small">{conflictText(c, board)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {movable ? (
        <div class="row">
          {visit.status === 'scheduled' ? (
            <Button class="btn--small" busy={busy} onClick={() => void dispatch()} data-testid="dispatch">
              {t('fsm.board.dispatch')}
            </Button>
          ) : null}
          <Button variant="secondary" class="btn--small" onClick={() => onMove({ kind: 'move', visit, fromTech: lane.technician.userId, techId: lane.technician.userId, start: utcHm(visit.start) })} data-testid="move-visit">
            {t('fsm.board.move')}
          </Button>
        </div>
      ) : null}
    </li>
  );
}

function LaneView({ lane, board, onDrop, onMove, onChanged }: { lane: Lane; board: Board; onDrop: (data: string, techId: string, start: string | null) => void; onMove: (p: Pending) => void; onChanged: (stale?: boolean) => void }) {
  const [over, setOver] = useState(false);
  const tech = lane.technician;
  const shifts = shiftsOn(tech, board.date);
  const headingId = `lane-${tech.userId}`;
  return (
    <section
      class={`lane${over ? ' lane--over' : ''}`}
      aria-labelledby={headingId}
      data-testid="lane"
      data-email={tech.email}
      onDragOver={(e) => (e.preventDefault(), setOver(true))}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const data = e.dataTransfer?.getData('text/plain');
        // Dropped on the time axis: the start is where it fell (to the quarter hour); elsewhere the dialog suggests one.
        const axis = e.target instanceof Element ? e.target.closest('.timeline') : null;
        const box = axis?.getBoundingClientRect();
        const start = box && box.width > 0 ? hmOf(round15(((e.clientX - box.left) / box.width) * 24 * 60)) : null;
        if (data) onDrop(data, tech.userId, start);
      }}
    >
      <div class="row row--between">
        <h2 id={headingId} class="board__heading">
          {tech.name}
        </h2>
        <span class="small muted" data-testid="shift">
          {shifts.length ? t('fsm.board.shift', { hours: shifts.map((s) => `${s.start}–${s.end}`).join(', ') }) : t('fsm.board.noShift')}
        </span>
      </div>
      {tech.skills.length ? <p class="small muted">{tech.skills.join(', ')}</p> : null}
      <Timeline lane={lane} day={board.date} />
      {lane.visits.length === 0 ? (
        <p class="small muted">{t('fsm.board.emptyLane')}</p>
      ) : (
        <ul class="plain-list lane__cards">
          {lane.visits.map((v) => (
            <VisitCard key={v.id} visit={v} lane={lane} board={board} onMove={onMove} onChanged={onChanged} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TrayCard({ job, onAssign }: { job: Job; onAssign: () => void }) {
  return (
    <li
      class="board__card"
      data-testid="tray-job"
      data-number={job.number}
      draggable
      onDragStart={(e) => {
        e.dataTransfer?.setData('text/plain', `job:${job.id}`);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      }}
    >
      <a href={`/field/jobs/${job.id}`} class="board__title">
        {job.number} · {job.title}
      </a>
      <span class="small muted">{[job.customerName, job.siteName, t('fsm.minutes', { count: job.durationMin })].filter(Boolean).join(' · ')}</span>
      <span class="tags">
        <JobPriority level={job.priority} />
        {job.requiredSkills.map((s) => (
          <Badge>{s}</Badge>
        ))}
      </span>
      <div class="row">
        <Button variant="secondary" class="btn--small" onClick={onAssign} data-testid="assign">
          {t('fsm.board.assign')}
        </Button>
      </div>
    </li>
  );
}

/** The dispatch board of a UTC day: the tray, a lane per technician, conflicts; drag or "Assign"/"Move"; live. */
export function FieldBoard() {
  const [q, setQ] = useQueryState({ date: '' });
  const date = isDay(q.date) ? q.date : todayUtc();
  const board = useAsync(() => call(api.fsm.board.$get({ query: { date } })).then((b) => b.data), [date]);
  const [pending, setPending] = useState<Pending | null>(null);
  // Live: any visit or job change of the company (another dispatcher's move, a technician's step) refreshes the board.
  const ev = fsmEvent('fsm.visit.', 'fsm.job.');
  useEffect(() => {
    if (ev) void board.reload();
  }, [ev?.id]);
  const refresh = (stale?: boolean) => {
    if (stale) toast(t('fsm.board.stale'), { tone: 'error' });
    void board.reload();
  };
  const b = board.data;
  const laneOf = (id: string | null) => b?.lanes.find((l) => l.technician.userId === id);
  const onDrop = (data: string, techId: string, start: string | null) => {
    if (!b) return;
    const [kind, id, from] = data.split(':');
    if (kind === 'job') {
      const job = b.unassigned.find((j) => j.id === id);
      if (job) setPending({ kind: 'assign', job, techId, start });
    } else if (kind === 'visit' && from) {
      const visit = b.lanes.flatMap((l) => l.visits).find((v) => v.id === id);
      if (visit && MOVABLE.includes(visit.status)) setPending({ kind: 'move', visit, fromTech: from, techId, start: start ?? utcHm(visit.start) });
    }
  };
  const technicians: Technician[] = b?.lanes.map((l) => l.technician) ?? [];
  return (
    <>
      <PageHeader title={t('fsm.board.title')} />
      <div class="row spaced-bottom board-dates" role="group" aria-label={t('fsm.board.day')}>
        <Button variant="secondary" onClick={() => setQ({ date: addDays(date, -1) })} aria-label={t('fsm.board.previousDay')} data-testid="prev-day">
          <span aria-hidden="true">←</span>
        </Button>
        <Field label={t('fsm.board.dateLabel')} class="inline-field">
          {(a) => <input {...a} type="date" class="input--date" value={date} onChange={(e) => isDay(e.currentTarget.value) && setQ({ date: e.currentTarget.value })} data-testid="board-date" />}
        </Field>
        <Button variant="secondary" onClick={() => setQ({ date: addDays(date, 1) })} aria-label={t('fsm.board.nextDay')} data-testid="next-day">
          <span aria-hidden="true">→</span>
        </Button>
        {date !== todayUtc() ? (
          <Button variant="ghost" onClick={() => setQ({ date: '' })}>
            {t('fsm.board.today')}
          </Button>
        ) : null}
        <span class="muted small">{dayLabel(date)}</span>
      </div>
      {board.error ? <ErrorNote error={board.error} retry={board.reload} /> : null}
      {!b ? (
        board.error ? null : <Loading />
      ) : (
        <div class={`fsm-board${board.loading ? ' is-reloading' : ''}`}>
          <section class="lane tray" aria-labelledby="tray-title" data-testid="tray">
            <h2 id="tray-title" class="board__heading">
              {t('fsm.board.tray')} <span class="muted small">{b.unassigned.length}</span>
            </h2>
            <p class="small muted">{t('fsm.board.trayHint')}</p>
            {b.unassigned.length === 0 ? (
              <p class="small muted">{t('fsm.board.trayEmpty')}</p>
            ) : (
              <ul class="plain-list board__cards">
                {b.unassigned.map((j) => (
                  <TrayCard key={j.id} job={j} onAssign={() => setPending({ kind: 'assign', job: j, techId: null, start: null })} />
                ))}
              </ul>
            )}
          </section>
          <div class="stack">
            {b.conflicts.length ? (
              <p class="alert alert--warn" data-testid="conflict-count">
                {t('fsm.board.conflicts', { count: new Set(b.conflicts.map((c) => c.visitId)).size })}
              </p>
            ) : null}
            {b.lanes.length === 0 ? (
              <p class="muted">
                {t('fsm.board.noTechnicians')} <a href="/field/technicians">{t('fsm.technicians.title')}</a>
              </p>
            ) : (
              b.lanes.map((lane) => <LaneView key={lane.technician.userId} lane={lane} board={b} onDrop={onDrop} onMove={setPending} onChanged={refresh} />)
            )}
          </div>
        </div>
      )}
      {pending && b ? (
        <Dialog
          title={pending.kind === 'assign' ? t('fsm.board.assignTitle', { number: pending.job.number }) : t('fsm.board.moveTitle', { number: pending.visit.jobNumber ?? '' })}
          onClose={() => setPending(null)}
          testId="board-dialog"
        >
          <VisitForm
            job={
              pending.kind === 'assign'
                ? pending.job
                : { id: pending.visit.jobId, version: 0, durationMin: (Date.parse(pending.visit.end) - Date.parse(pending.visit.start)) / 60_000, requiredSkills: pending.visit.requiredSkills ?? [] }
            }
            {...(pending.kind === 'move' ? { visit: pending.visit } : {})}
            technicians={technicians}
            initial={
              pending.kind === 'assign'
                ? { technicianIds: pending.techId ? [pending.techId] : [], day: date, start: pending.start ?? suggestedStart(laneOf(pending.techId), date, pending.job.durationMin) }
                : { technicianIds: [...new Set(pending.visit.technicianIds.map((x) => (x === pending.fromTech ? pending.techId : x)))], day: date, start: pending.start ?? utcHm(pending.visit.start) }
            }
            onCancel={() => setPending(null)}
            onStale={() => {
              setPending(null);
              refresh(true);
            }}
            onSaved={(v) => {
              setPending(null);
              toast(pending.kind === 'assign' ? t('fsm.board.assigned', { number: v.jobNumber ?? '' }) : t('fsm.board.moved', { number: v.jobNumber ?? '' }), { tone: 'success' });
              void board.reload();
            }}
          />
        </Dialog>
      ) : null}
    </>
  );
}
