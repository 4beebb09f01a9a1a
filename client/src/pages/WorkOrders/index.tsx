import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { WorkOrder } from '../../../../src/modules/cmms/cmms.schemas';
import { canWorkOn, cmmsEvent, dueText, loadAssets, PRIORITIES, useDirectory, WO_STATUSES, WoBadges } from '../../components/cmms-bits';
import { WorkOrderForm } from '../../components/work-order-form';
import { Button, Empty, ErrorNote, Field, FormError, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { currentUser, isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';
import { useSubmit } from '../../lib/use-submit';

type Status = WorkOrder['status'];
const ACTIVE = 'open,in_progress,on_hold';
const COLUMNS = ['open', 'in_progress', 'on_hold', 'complete'] as const satisfies readonly Status[];
type Column = (typeof COLUMNS)[number];

/** Where a work order may go from where it is, by the people who work on it (closing is the admins'). */
const MOVES: Record<Status, Status[]> = { open: ['in_progress'], in_progress: ['on_hold', 'complete'], on_hold: ['in_progress'], complete: ['closed'], closed: [], cancelled: [] };
const MOVE_LABEL = { in_progress: 'cmms.wo.actions.start', on_hold: 'cmms.wo.actions.hold', complete: 'cmms.wo.actions.complete', closed: 'cmms.wo.actions.close' } as const;
const moveLabel = (from: Status, to: Status) => (to === 'in_progress' && from === 'on_hold' ? t('cmms.wo.actions.resume') : to in MOVE_LABEL ? t(MOVE_LABEL[to as keyof typeof MOVE_LABEL]) : to);

type Filters = { search: string; priority: string; type: string; assetId: string; assigneeId: string; overdue: string };

/** The list's query for the API from the URL's filters ("me" is the signed-in user). */
function apiFilters(q: Filters) {
  const assignee = q.assigneeId === 'me' ? currentUser.value?.id : q.assigneeId;
  return {
    ...(q.search ? { search: q.search } : {}),
    ...(q.priority ? { priority: q.priority } : {}),
    ...(q.type ? { type: q.type } : {}),
    ...(q.assetId ? { assetId: q.assetId } : {}),
    ...(assignee ? { assigneeId: assignee } : {}),
    ...(q.overdue ? { overdue: 'true' as const } : {}),
  };
}

/** Moves a work order one step; on hold asks for the reason first. */
function useMove(onMoved: () => void) {
  const [holding, setHolding] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const move = useSubmit(async (wo: WorkOrder, to: Status, why?: string) => {
    if (to === 'on_hold' && !why) {
      setHolding(wo.id);
      setReason('');
      return;
    }
    await call(api.cmms.workorders[':id'].status.$post({ param: { id: wo.id }, json: { status: to, ...(why ? { reason: why } : {}) } }));
    setHolding(null);
    toast(t('cmms.wo.moved', { number: wo.number, status: t(`cmms.status.${to}`) }), { tone: 'success' });
    onMoved();
  });
  return { move, holding, setHolding, reason, setReason };
}

function HoldForm({ m, wo }: { m: ReturnType<typeof useMove>; wo: WorkOrder }) {
  return (
    <form class="hold-form" onSubmit={(e) => (e.preventDefault(), m.reason.trim() && void m.move.run(wo, 'on_hold', m.reason.trim()))}>
      <Field label={t('cmms.wo.actions.holdReason')}>{(a) => <input {...a} name="holdReason" value={m.reason} onInput={(e) => m.setReason(e.currentTarget.value)} required />}</Field>
      <div class="row">
        <Button type="submit" busy={m.move.busy} disabled={!m.reason.trim()}>
          {t('cmms.wo.actions.hold')}
        </Button>
        <Button type="button" variant="ghost" onClick={() => m.setHolding(null)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function BoardCard({ wo, m, names }: { wo: WorkOrder; m: ReturnType<typeof useMove>; names: (id: string) => string }) {
  const can = canWorkOn(wo);
  const moves = MOVES[wo.status].filter((to) => to !== 'closed' || isManager.value);
  return (
    <li
      class="board__card"
      data-testid="board-card"
      data-number={wo.number}
      draggable={can}
      onDragStart={(e) => {
        e.dataTransfer?.setData('text/plain', wo.id);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      }}
    >
      <a href={`/maintenance/work-orders/${wo.id}`} class="board__title">
        {wo.number} · {wo.title}
      </a>
      <span class="small muted">
        {[wo.assetName, dueText(wo), wo.assigneeIds.map(names).join(', ')].filter(Boolean).join(' · ')}
      </span>
      <WoBadges wo={wo} />
      {m.holding === wo.id ? (
        <HoldForm m={m} wo={wo} />
      ) : can && moves.length ? (
        <div class="row">
          {moves.map((to) => (
            <Button variant="secondary" class="btn--small" disabled={m.move.busy} onClick={() => m.move.run(wo, to)} data-testid={`move-${to}`}>
              {moveLabel(wo.status, to)}
            </Button>
          ))}
        </div>
      ) : null}
    </li>
  );
}

function BoardColumn({ status, filters, live, tick, m, names, onDropped }: { status: Column; filters: Filters; live: string | null; tick: number; m: ReturnType<typeof useMove>; names: (id: string) => string; onDropped: (id: string, to: Column) => void }) {
  const list = useAsync(
    () => call(api.cmms.workorders.$get({ query: { status, limit: '50', sortBy: 'dueAt', sortOrder: 'asc', ...apiFilters(filters) } })),
    [status, JSON.stringify(filters), live, tick],
  );
  const [over, setOver] = useState(false);
  const headingId = `col-${status}`;
  return (
    <section
      class={`board__column${over ? ' board__column--over' : ''}`}
      aria-labelledby={headingId}
      data-testid={`column-${status}`}
      onDragOver={(e) => (e.preventDefault(), setOver(true))}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const id = e.dataTransfer?.getData('text/plain');
        if (id) onDropped(id, status);
      }}
    >
      <h2 id={headingId} class="board__heading">
        {t(`cmms.status.${status}`)} <span class="muted small">{list.data ? list.data.meta.total : ''}</span>
      </h2>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.data.length === 0 ? (
        <p class="muted small">{t('cmms.wo.board.emptyColumn')}</p>
      ) : (
        <ul class="plain-list board__cards">
          {list.data.data.map((wo) => (
            <BoardCard key={wo.id} wo={wo} m={m} names={names} />
          ))}
        </ul>
      )}
      {list.data && list.data.meta.total > list.data.data.length ? <p class="small muted">{t('cmms.wo.board.more', { count: list.data.meta.total - list.data.data.length })}</p> : null}
    </section>
  );
}

/** Work orders: a filtered, searchable list or a board by status (buttons or drag to move); live. */
export function WorkOrders() {
  const { route } = useLocation();
  const [q, setQ] = useQueryState({ view: 'list', page: '1', search: '', status: 'active', priority: '', type: '', assetId: '', assigneeId: '', overdue: '', sort: '' });
  const [search, setSearch] = useState(q.search);
  useEffect(() => setSearch(q.search), [q.search]);
  const [creating, setCreating] = useState(false);
  const { members, memberName } = useDirectory();
  const assets = useAsync(() => loadAssets(), []);
  // Live: any work-order change or generated PM in the company refreshes what is shown.
  const live = cmmsEvent('cmms.workorder.', 'cmms.pm.')?.id ?? null;
  const filters: Filters = { search: q.search, priority: q.priority, type: q.type, assetId: q.assetId, assigneeId: q.assigneeId, overdue: q.overdue };
  const board = q.view === 'board';
  const list = useAsync(() => {
    if (board) return Promise.resolve(null);
    const [sortBy, sortOrder] = (q.sort || 'createdAt:desc').split(':') as ['createdAt' | 'dueAt' | 'number' | 'updatedAt', 'asc' | 'desc'];
    const status = q.status === 'all' ? undefined : q.status === 'active' ? ACTIVE : q.status;
    return call(api.cmms.workorders.$get({ query: { page: q.page, limit: '20', sortBy, sortOrder, ...(status ? { status } : {}), ...apiFilters(filters) } }));
  }, [board, q.page, q.status, q.sort, JSON.stringify(filters), live]);
  const m = useMove(() => void list.reload());
  const [tick, setTick] = useState(0);
  const mBoard = useMove(() => setTick((n) => n + 1));
  const onDropped = async (id: string, to: Column) => {
    const wo = await call(api.cmms.workorders[':id'].$get({ param: { id } })).then((b) => b.data).catch(() => null);
    if (!wo || wo.status === to) return;
    if (!MOVES[wo.status].includes(to)) {
      toast(t('cmms.wo.board.cannotMove', { from: t(`cmms.status.${wo.status}`), to: t(`cmms.status.${to}`) }), { tone: 'error' });
      return;
    }
    void mBoard.move.run(wo, to);
  };
  const manager = isManager.value;
  return (
    <>
      <PageHeader title={t('cmms.wo.title')}>
        <div class="segmented-buttons" role="group" aria-label={t('cmms.wo.view')}>
          <Button variant={board ? 'secondary' : 'primary'} aria-pressed={!board} onClick={() => setQ({ view: 'list' })} data-testid="view-list">
            {t('cmms.wo.list')}
          </Button>
          <Button variant={board ? 'primary' : 'secondary'} aria-pressed={board} onClick={() => setQ({ view: 'board' })} data-testid="view-board">
            {t('cmms.wo.board.title')}
          </Button>
        </div>
        {manager ? (
          <Button onClick={() => setCreating(!creating)} aria-expanded={creating} data-testid="new-wo">
            {t('cmms.wo.new')}
          </Button>
        ) : null}
      </PageHeader>
      {creating ? (
        <section class="card spaced-bottom">
          <h2>{t('cmms.wo.form.newTitle')}</h2>
          <WorkOrderForm
            onCancel={() => setCreating(false)}
            onSaved={(wo) => {
              toast(t('cmms.wo.createdToast', { number: wo.number }), { tone: 'success' });
              route(`/maintenance/work-orders/${wo.id}`);
            }}
          />
        </section>
      ) : null}
      <form class="filters card" role="search" aria-label={t('cmms.wo.filters')} onSubmit={(e) => (e.preventDefault(), setQ({ search: search.trim() }))}>
        <Field label={t('cmms.wo.search')} hint={t('cmms.wo.searchHint')} class="filters__wide">
          {(a) => <input {...a} name="search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />}
        </Field>
        {board ? null : (
          <Field label={t('cmms.wo.status')}>
            {(a) => (
              <select {...a} name="status" value={q.status} onChange={(e) => setQ({ status: e.currentTarget.value })}>
                <option value="active">{t('cmms.wo.activeStatuses')}</option>
                <option value="all">{t('common.any')}</option>
                {WO_STATUSES.map((s) => (
                  <option value={s}>{t(`cmms.status.${s}`)}</option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('cmms.wo.priority')}>
          {(a) => (
            <select {...a} name="priority" value={q.priority} onChange={(e) => setQ({ priority: e.currentTarget.value })}>
              <option value="">{t('common.any')}</option>
              {PRIORITIES.map((p) => (
                <option value={p}>{t(`cmms.priority.${p}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cmms.wo.type')}>
          {(a) => (
            <select {...a} name="type" value={q.type} onChange={(e) => setQ({ type: e.currentTarget.value })}>
              <option value="">{t('common.any')}</option>
              <option value="corrective">{t('cmms.type.corrective')}</option>
              <option value="preventive">{t('cmms.type.preventive')}</option>
              <option value="request">{t('cmms.type.request')}</option>
            </select>
          )}
        </Field>
        <Field label={t('cmms.wo.asset')}>
          {(a) => (
            <select {...a} name="assetId" value={q.assetId} onChange={(e) => setQ({ assetId: e.currentTarget.value })}>
              <option value="">{t('common.any')}</option>
              {(assets.data ?? []).map((x) => (
                <option value={x.id}>{x.name}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cmms.wo.assignee')}>
          {(a) => (
            <select {...a} name="assigneeId" value={q.assigneeId} onChange={(e) => setQ({ assigneeId: e.currentTarget.value })}>
              <option value="">{t('cmms.wo.anyone')}</option>
              <option value="me">{t('cmms.wo.me')}</option>
              {(members.data ?? []).map((u) => (
                <option value={u.id}>{u.name}</option>
              ))}
            </select>
          )}
        </Field>
        {board ? null : (
          <Field label={t('cmms.wo.sort')}>
            {(a) => (
              <select {...a} name="sort" value={q.sort} onChange={(e) => setQ({ sort: e.currentTarget.value })}>
                <option value="">{t('cmms.wo.sorts.newest')}</option>
                <option value="dueAt:asc">{t('cmms.wo.sorts.dueSoonest')}</option>
                <option value="number:desc">{t('cmms.wo.sorts.number')}</option>
                <option value="updatedAt:desc">{t('cmms.wo.sorts.updated')}</option>
              </select>
            )}
          </Field>
        )}
        <div class="checks filters__check">
          <label>
            <input type="checkbox" name="overdue" checked={q.overdue === 'true'} onChange={(e) => setQ({ overdue: e.currentTarget.checked ? 'true' : '' })} /> {t('cmms.wo.overdueOnly')}
          </label>
        </div>
      </form>
      {board ? (
        <>
          <FormError error={mBoard.move.error} />
          <p class="small muted">{t('cmms.wo.board.hint')}</p>
          <div class="board">
            {COLUMNS.map((status) => (
              <BoardColumn key={status} status={status} filters={filters} live={live} tick={tick} m={mBoard} names={memberName} onDropped={(id, to) => void onDropped(id, to)} />
            ))}
          </div>
        </>
      ) : (
        <>
          <FormError error={m.move.error} />
          {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
          {!list.data ? (
            list.error ? null : <Loading />
          ) : list.data.data.length === 0 ? (
            <Empty title={t('cmms.wo.empty')}>{manager ? t('cmms.wo.emptyHintAdmin') : t('cmms.wo.emptyHint')}</Empty>
          ) : (
            <table class="table--stack" aria-label={t('cmms.wo.title')} data-testid="wo-table">
              <thead>
                <tr>
                  <th>{t('cmms.wo.workOrder')}</th>
                  <th>{t('cmms.wo.asset')}</th>
                  <th>{t('cmms.wo.status')}</th>
                  <th>{t('cmms.wo.dueAt')}</th>
                  <th>{t('cmms.wo.assignees')}</th>
                  <th>
                    <span class="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.data.map((wo) => (
                  <tr key={wo.id} data-testid="wo-row" data-number={wo.number}>
                    <td class="cell--primary">
                      <span class="stacked">
                        <a href={`/maintenance/work-orders/${wo.id}`} data-testid="wo-link">
                          {wo.number} · {wo.title}
                        </a>
                        <span class="small muted">{formatDate(wo.createdAt)}</span>
                      </span>
                    </td>
                    <td data-label={t('cmms.wo.asset')}>{wo.assetName ? <a href={`/maintenance/assets/${wo.assetId}`}>{wo.assetName}</a> : '—'}</td>
                    <td data-label={t('cmms.wo.status')}>
                      <WoBadges wo={wo} />
                    </td>
                    <td data-label={t('cmms.wo.dueAt')}>{formatDate(wo.dueAt)}</td>
                    <td data-label={t('cmms.wo.assignees')}>{wo.assigneeIds.length ? wo.assigneeIds.map(memberName).join(', ') : '—'}</td>
                    <td class="cell--actions">
                      {m.holding === wo.id ? (
                        <HoldForm m={m} wo={wo} />
                      ) : canWorkOn(wo) ? (
                        <div class="row">
                          {MOVES[wo.status]
                            .filter((to) => to !== 'closed' || manager)
                            .map((to) => (
                              <Button variant="ghost" class="btn--small" disabled={m.move.busy} onClick={() => m.move.run(wo, to)}>
                                {moveLabel(wo.status, to)}
                              </Button>
                            ))}
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
        </>
      )}
    </>
  );
}
