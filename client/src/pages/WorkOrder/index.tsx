import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { WorkOrder as WorkOrderType } from '../../../../src/modules/cmms/cmms.schemas';
import { BackLink, canWorkOn, cmmsEvent, currencyDigits, loadParts, useDirectory, WoBadges } from '../../components/cmms-bits';
import { FieldJobFromWorkOrder } from '../../components/fsm-from-work-order';
import { WorkOrderForm } from '../../components/work-order-form';
import { Button, Field, FormError, Loading, PageError, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDateTime, formatMoney, formatNumber, timeAgo } from '../../lib/format';
import { isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

type Status = WorkOrderType['status'];
type Side = 'owner' | 'contractor';

/** The API of a work order from either side: the owner company's routes or the contractor's (/cmms/contracted). */
function endpoints(side: Side, id: string) {
  const param = { id };
  return {
    get: () => (side === 'owner' ? call(api.cmms.workorders[':id'].$get({ param })) : call(api.cmms.contracted[':id'].$get({ param }))).then((b) => b.data),
    status: (status: Status, reason?: string) => {
      const json = { status, ...(reason ? { reason } : {}) };
      return side === 'owner' ? call(api.cmms.workorders[':id'].status.$post({ param, json })) : call(api.cmms.contracted[':id'].status.$post({ param, json }));
    },
    checklist: (index: number, done: boolean) =>
      side === 'owner' ? call(api.cmms.workorders[':id'].checklist.$patch({ param, json: { index, done } })) : call(api.cmms.contracted[':id'].checklist.$patch({ param, json: { index, done } })),
    time: (minutes: number, note: string) => {
      const json = { minutes, ...(note.trim() ? { note: note.trim() } : {}) };
      return side === 'owner' ? call(api.cmms.workorders[':id'].time.$post({ param, json })) : call(api.cmms.contracted[':id'].time.$post({ param, json }));
    },
    note: (body: string) => (side === 'owner' ? call(api.cmms.workorders[':id'].notes.$post({ param, json: { body } })) : call(api.cmms.contracted[':id'].notes.$post({ param, json: { body } }))),
  };
}

const OPEN: Status[] = ['open', 'in_progress', 'on_hold'];

/** "1 h 30 min" / "45 min". */
export function duration(minutes: number) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return t('cmms.wo.time.minutes', { m });
  return m ? t('cmms.wo.time.hoursMinutes', { h, m }) : t('cmms.wo.time.hours', { h });
}

/** The moves the caller may make from the current status: the worker's, and (owner admins) close and cancel. */
function movesFor(status: Status, side: Side, canAct: boolean, manager: boolean) {
  const out: { to: Status; label: string; reason?: boolean; variant: 'primary' | 'secondary' | 'danger' | 'ghost'; testId: string }[] = [];
  if (canAct) {
    if (status === 'open') out.push({ to: 'in_progress', label: t('cmms.wo.actions.start'), variant: 'primary', testId: 'wo-start' });
    if (status === 'on_hold') out.push({ to: 'in_progress', label: t('cmms.wo.actions.resume'), variant: 'primary', testId: 'wo-resume' });
    if (status === 'in_progress') {
      out.push({ to: 'complete', label: t('cmms.wo.actions.complete'), variant: 'primary', testId: 'wo-complete' });
      out.push({ to: 'on_hold', label: t('cmms.wo.actions.hold'), reason: true, variant: 'secondary', testId: 'wo-hold' });
    }
  }
  if (side === 'owner' && manager) {
    if (status === 'complete') out.push({ to: 'closed', label: t('cmms.wo.actions.close'), variant: 'primary', testId: 'wo-close' });
    if (OPEN.includes(status)) out.push({ to: 'cancelled', label: t('cmms.wo.actions.cancel'), reason: true, variant: 'ghost', testId: 'wo-cancel' });
  }
  return out;
}

function StatusActions({ wo, side, canAct, onChanged }: { wo: WorkOrderType; side: Side; canAct: boolean; onChanged: () => void }) {
  const [asking, setAsking] = useState<Status | null>(null);
  const [reason, setReason] = useState('');
  const act = useSubmit(async (to: Status, why?: string) => {
    await endpoints(side, wo.id).status(to, why);
    setAsking(null);
    setReason('');
    toast(t('cmms.wo.moved', { number: wo.number, status: t(`cmms.status.${to}`) }), { tone: 'success' });
    onChanged();
  });
  const moves = movesFor(wo.status, side, canAct, isManager.value);
  if (!moves.length) return null;
  const undone = wo.checklist.filter((i) => !i.done).length;
  return (
    <div class="stack">
      <div class="row">
        {moves.map((m) => (
          <Button variant={m.variant} busy={act.busy && !asking} disabled={act.busy} onClick={() => (m.reason ? (setAsking(m.to), setReason('')) : act.run(m.to))} data-testid={m.testId}>
            {m.label}
          </Button>
        ))}
      </div>
      {wo.status === 'in_progress' && undone > 0 ? <p class="small muted">{t('cmms.wo.checklistLeft', { count: undone })}</p> : null}
      {asking ? (
        <form class="card card--inset" onSubmit={(e) => (e.preventDefault(), reason.trim() && void act.run(asking, reason.trim()))}>
          <Field label={asking === 'on_hold' ? t('cmms.wo.actions.holdReason') : t('cmms.wo.actions.cancelReason')} error={act.fields.reason}>
            {(a) => <textarea {...a} name="reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} data-testid="wo-reason" />}
          </Field>
          <div class="row">
            <Button type="submit" busy={act.busy} disabled={!reason.trim()} data-testid="wo-reason-submit">
              {asking === 'on_hold' ? t('cmms.wo.actions.hold') : t('cmms.wo.actions.cancelConfirm')}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setAsking(null)}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : null}
      <FormError error={act.error} fields={['reason']} />
    </div>
  );
}

function Checklist({ wo, side, canTick, onChanged }: { wo: WorkOrderType; side: Side; canTick: boolean; onChanged: (wo: WorkOrderType) => void }) {
  // The box shows the tick at once; the server's answer (or the error, which undoes it) follows.
  const [pending, setPending] = useState<Record<number, boolean>>({});
  const tick = useSubmit(async (index: number, done: boolean) => {
    setPending((p) => ({ ...p, [index]: done }));
    try {
      const body = await endpoints(side, wo.id).checklist(index, done);
      onChanged(body.data);
    } finally {
      setPending((p) => {
        const { [index]: _settled, ...rest } = p;
        return rest;
      });
    }
  });
  const done = wo.checklist.filter((i) => i.done).length;
  return (
    <section class="card" aria-labelledby="checklist-title">
      <div class="row row--between">
        <h2 id="checklist-title">{t('cmms.wo.checklist')}</h2>
        {wo.checklist.length ? <span class="small muted">{t('cmms.wo.checklistDone', { done, count: wo.checklist.length })}</span> : null}
      </div>
      {wo.checklist.length === 0 ? (
        <p class="muted small">{side === 'owner' && isManager.value ? t('cmms.wo.noChecklistAdmin') : t('cmms.wo.noChecklist')}</p>
      ) : (
        <ul class="plain-list checklist">
          {wo.checklist.map((item, i) => (
            <li key={i}>
              <label class={(pending[i] ?? item.done) ? 'checklist__done' : ''}>
                <input type="checkbox" checked={pending[i] ?? item.done} disabled={!canTick || tick.busy} onChange={(e) => tick.run(i, e.currentTarget.checked)} data-testid="checklist-item" /> {item.label}
              </label>
            </li>
          ))}
        </ul>
      )}
      <FormError error={tick.error} />
    </section>
  );
}

function TimeLogs({ wo, side, canLog, onLogged }: { wo: { id: string; totalMinutes: number; timeLogs: { id: string; userName: string | null; minutes: number; note: string | null; createdAt: string }[] }; side: Side; canLog: boolean; onLogged: () => void }) {
  const [minutes, setMinutes] = useState('');
  const [note, setNote] = useState('');
  const form = useSubmit(async () => {
    await endpoints(side, wo.id).time(minutes.trim() === '' ? Number.NaN : Number(minutes), note);
    setMinutes('');
    setNote('');
    toast(t('cmms.wo.time.logged'), { tone: 'success' });
    onLogged();
  });
  return (
    <section class="card" aria-labelledby="time-title">
      <div class="row row--between">
        <h2 id="time-title">{t('cmms.wo.time.title')}</h2>
        <span class="small muted">{t('cmms.wo.time.total', { total: duration(wo.totalMinutes) })}</span>
      </div>
      {wo.timeLogs.length === 0 ? (
        <p class="muted small">{t('cmms.wo.time.empty')}</p>
      ) : (
        <ul class="list">
          {wo.timeLogs.map((l) => (
            <li key={l.id} class="small">
              <strong>{duration(l.minutes)}</strong> · {l.userName ?? t('cmms.wo.formerMember')} · <span class="muted">{formatDateTime(l.createdAt)}</span>
              {l.note ? <div class="break">{l.note}</div> : null}
            </li>
          ))}
        </ul>
      )}
      {canLog ? (
        <form onSubmit={form.onSubmit()} noValidate aria-label={t('cmms.wo.time.add')} class="spaced">
          <FormError error={form.error} fields={['minutes', 'note']} />
          <div class="form-grid">
            <Field label={t('cmms.wo.time.minutesLabel')} error={form.fields.minutes}>
              {(a) => <input {...a} name="minutes" inputMode="numeric" value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />}
            </Field>
            <Field label={t('cmms.wo.time.note')} error={form.fields.note}>
              {(a) => <input {...a} name="timeNote" value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
            </Field>
          </div>
          <Button type="submit" variant="secondary" busy={form.busy}>
            {t('cmms.wo.time.add')}
          </Button>
        </form>
      ) : null}
    </section>
  );
}

function PartsUsed({ wo, canUse, onUsed }: { wo: { id: string; parts?: { id: string; partName: string | null; quantity: number; unitCost: number; currency: string; createdAt: string }[] | undefined }; canUse: boolean; onUsed: () => void }) {
  const parts = useAsync(() => (canUse ? loadParts() : Promise.resolve([])), [canUse]);
  const [partId, setPartId] = useState('');
  const [quantity, setQuantity] = useState('1');
  const form = useSubmit(async () => {
    const body = await call(api.cmms.workorders[':id'].parts.$post({ param: { id: wo.id }, json: { partId, quantity: quantity.trim() === '' ? Number.NaN : Number(quantity) } }));
    const part = parts.data?.find((p) => p.id === partId);
    const left = body.data.stockLeft;
    const low = part && left !== undefined && left <= part.minStock;
    toast(t('cmms.wo.parts.used', { name: body.data.partName ?? '' }), { body: left !== undefined ? t('cmms.wo.parts.left', { count: left }) : undefined, tone: low ? 'info' : 'success' });
    setQuantity('1');
    void parts.reload();
    onUsed();
  });
  const money = (minor: number, currency: string) => formatMoney(minor / 10 ** currencyDigits(currency), currency);
  const used = wo.parts ?? [];
  return (
    <section class="card" aria-labelledby="parts-title">
      <h2 id="parts-title">{t('cmms.wo.parts.title')}</h2>
      {used.length === 0 ? (
        <p class="muted small">{t('cmms.wo.parts.empty')}</p>
      ) : (
        <ul class="list">
          {used.map((u) => (
            <li key={u.id} class="small row row--between">
              <span>
                <strong>{u.partName ?? '—'}</strong> × {formatNumber(u.quantity)}
              </span>
              <span class="muted">{t('cmms.wo.parts.cost', { unit: money(u.unitCost, u.currency), total: money(u.unitCost * u.quantity, u.currency) })}</span>
            </li>
          ))}
        </ul>
      )}
      {canUse ? (
        <form onSubmit={form.onSubmit()} noValidate aria-label={t('cmms.wo.parts.add')} class="spaced">
          <FormError error={form.error} fields={['partId', 'quantity']} />
          <div class="form-grid">
            <Field label={t('cmms.wo.parts.part')} error={form.fields.partId}>
              {(a) => (
                <select {...a} name="partId" value={partId} onChange={(e) => setPartId(e.currentTarget.value)}>
                  <option value="">{t('cmms.wo.parts.choose')}</option>
                  {(parts.data ?? []).map((p) => (
                    <option value={p.id}>{t('cmms.wo.parts.option', { name: p.name, stock: p.stock })}</option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('cmms.wo.parts.quantity')} error={form.fields.quantity}>
              {(a) => <input {...a} name="quantity" inputMode="numeric" value={quantity} onInput={(e) => setQuantity(e.currentTarget.value)} />}
            </Field>
          </div>
          <Button type="submit" variant="secondary" busy={form.busy} disabled={!partId}>
            {t('cmms.wo.parts.add')}
          </Button>
        </form>
      ) : null}
    </section>
  );
}

function Notes({ wo, side, canWrite, onAdded }: { wo: { id: string; notes: { id: string; authorName: string | null; body: string; createdAt: string }[] }; side: Side; canWrite: boolean; onAdded: () => void }) {
  const [body, setBody] = useState('');
  const form = useSubmit(async () => {
    await endpoints(side, wo.id).note(body);
    setBody('');
    onAdded();
  });
  return (
    <section class="card" aria-labelledby="notes-title">
      <h2 id="notes-title">{t('cmms.wo.notes.title')}</h2>
      {wo.notes.length === 0 ? (
        <p class="muted small">{t('cmms.wo.notes.empty')}</p>
      ) : (
        <ul class="list">
          {wo.notes.map((n) => (
            <li key={n.id} data-testid="wo-note">
              <div class="small muted">
                {n.authorName ?? t('cmms.wo.formerMember')} · <time dateTime={n.createdAt}>{timeAgo(n.createdAt)}</time>
              </div>
              <p class="prose">{n.body}</p>
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <form onSubmit={form.onSubmit()} noValidate aria-label={t('cmms.wo.notes.add')}>
          <FormError error={form.error} fields={['body']} />
          <Field label={t('cmms.wo.notes.body')} error={form.fields.body}>
            {(a) => <textarea {...a} name="note" value={body} onInput={(e) => setBody(e.currentTarget.value)} />}
          </Field>
          <Button type="submit" variant="secondary" busy={form.busy} disabled={!body.trim()}>
            {t('cmms.wo.notes.add')}
          </Button>
        </form>
      ) : null}
    </section>
  );
}

/** One work order, from the owner company (`side="owner"`) or from the contractor it is contracted to; live. */
export function WorkOrderView({ side }: { side: Side }) {
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id!;
  const [editing, setEditing] = useState(false);
  const { memberName, partnerName } = useDirectory();
  const wo = useAsync(() => endpoints(side, id).get(), [id, side]);
  // Live: another person's (or the contractor's) change to this work order.
  const ev = cmmsEvent('cmms.workorder.');
  const live = ev && ev.data.workOrderId === id ? ev.id : null;
  useEffect(() => {
    if (live) void wo.reload();
  }, [live]);
  const remove = useSubmit(async () => {
    if (!confirm(t('cmms.wo.confirmDelete'))) return;
    await call(api.cmms.workorders[':id'].$delete({ param: { id } }));
    toast(t('cmms.wo.deleted'), { tone: 'success' });
    route('/maintenance/work-orders');
  });
  const backHref = side === 'owner' ? '/maintenance/work-orders' : '/maintenance/contracted';
  const back = <BackLink href={backHref}>{side === 'owner' ? t('cmms.wo.back') : t('cmms.contracted.back')}</BackLink>;
  if (wo.error)
    return (
      <>
        {back}
        <PageError error={wo.error} retry={wo.reload} />
      </>
    );
  if (!wo.data) return <Loading />;
  const w = wo.data;
  const manager = side === 'owner' && isManager.value;
  const canAct = side === 'contractor' || canWorkOn(w);
  const finished = w.status === 'closed' || w.status === 'cancelled';
  const reload = () => void wo.reload();
  return (
    <>
      {back}
      <PageHeader title={`${w.number} · ${w.title}`} tabTitle={w.number}>
        {manager && !finished ? (
          <Button variant="secondary" onClick={() => setEditing(!editing)} aria-expanded={editing} data-testid="edit-wo">
            {editing ? t('cmms.wo.stopEditing') : t('cmms.wo.edit')}
          </Button>
        ) : null}
        {manager ? (
          <Button variant="ghost" busy={remove.busy} onClick={() => remove.run()}>
            {t('cmms.wo.delete')}
          </Button>
        ) : null}
      </PageHeader>
      <FormError error={remove.error} />
      <section class="card" aria-label={t('cmms.wo.details')}>
        {editing ? (
          <WorkOrderForm
            wo={w}
            onCancel={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              toast(t('cmms.wo.saved'), { tone: 'success' });
              reload();
            }}
          />
        ) : (
          <div class="stack">
            <WoBadges wo={w} />
            {w.status === 'on_hold' && w.onHoldReason ? (
              <p class="alert alert--info" data-testid="hold-reason">
                {t('cmms.wo.onHoldBecause', { reason: w.onHoldReason })}
              </p>
            ) : null}
            {w.status === 'cancelled' && w.cancelReason ? <p class="alert alert--info">{t('cmms.wo.cancelledBecause', { reason: w.cancelReason })}</p> : null}
            <dl class="facts">
              {side === 'contractor' && w.companyName ? (
                <>
                  <dt>{t('cmms.contracted.for')}</dt>
                  <dd>{w.companyName}</dd>
                </>
              ) : null}
              <dt>{t('cmms.wo.asset')}</dt>
              <dd>{w.assetName ? side === 'owner' && w.assetId ? <a href={`/maintenance/assets/${w.assetId}`}>{w.assetName}</a> : w.assetName : '—'}</dd>
              <dt>{t('cmms.wo.dueAt')}</dt>
              <dd>{formatDateTime(w.dueAt)}</dd>
              {side === 'owner' ? (
                <>
                  <dt>{t('cmms.wo.assignees')}</dt>
                  <dd data-testid="wo-assignees">{w.assigneeIds.length ? w.assigneeIds.map(memberName).join(', ') : t('cmms.wo.nobody')}</dd>
                  <dt>{t('cmms.wo.contractor')}</dt>
                  <dd>{w.contractorCompanyId ? partnerName(w.contractorCompanyId) : '—'}</dd>
                </>
              ) : null}
              <dt>{t('cmms.wo.created')}</dt>
              <dd>{formatDateTime(w.createdAt)}</dd>
              {w.startedAt ? (
                <>
                  <dt>{t('cmms.wo.started')}</dt>
                  <dd>{formatDateTime(w.startedAt)}</dd>
                </>
              ) : null}
              {w.completedAt ? (
                <>
                  <dt>{t('cmms.wo.completed')}</dt>
                  <dd>{formatDateTime(w.completedAt)}</dd>
                </>
              ) : null}
              {w.scheduleId || w.requestId ? (
                <>
                  <dt>{t('cmms.wo.origin')}</dt>
                  <dd>{w.scheduleId ? t('cmms.wo.fromSchedule') : t('cmms.wo.fromRequest')}</dd>
                </>
              ) : null}
            </dl>
            {w.description ? <p class="prose">{w.description}</p> : null}
            <StatusActions wo={w} side={side} canAct={canAct} onChanged={reload} />
          </div>
        )}
      </section>
      {side === 'contractor' ? <FieldJobFromWorkOrder workOrderId={w.id} title={w.title} open={OPEN.includes(w.status)} /> : null}
      <Checklist wo={w} side={side} canTick={canAct && OPEN.includes(w.status)} onChanged={(fresh) => wo.setData((cur) => (cur ? { ...cur, ...fresh } : cur))} />
      <TimeLogs wo={w} side={side} canLog={canAct && !finished} onLogged={reload} />
      {side === 'owner' ? <PartsUsed wo={w} canUse={canAct && !finished} onUsed={reload} /> : null}
      <Notes wo={w} side={side} canWrite={canAct} onAdded={reload} />
      <p class="small muted">{t('common.lastChanged', { when: formatDateTime(w.updatedAt) })}</p>
    </>
  );
}

export const WorkOrder = () => <WorkOrderView side="owner" />;
export const ContractedWorkOrder = () => <WorkOrderView side="contractor" />;

