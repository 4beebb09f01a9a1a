import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { MaintenanceRequest } from '../../../../src/modules/cmms/cmms.schemas';
import { cmmsEvent, loadAssets, PRIORITIES, useDirectory } from '../../components/cmms-bits';
import { Badge, Button, Choices, Empty, ErrorNote, Field, FormError, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { dayEnd, formatDateTime, timeAgo } from '../../lib/format';
import { isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';
import { useSubmit } from '../../lib/use-submit';

const TONE = { new: 'info', converted: 'good', declined: 'neutral' } as const;

function NewRequest({ onSaved, onCancel }: { onSaved: () => void; onCancel: () => void }) {
  const assets = useAsync(() => loadAssets(), []);
  const [v, setV] = useState({ title: '', description: '', assetId: '' });
  const form = useSubmit(async () => {
    await call(api.cmms.requests.$post({ json: { title: v.title, description: v.description, ...(v.assetId ? { assetId: v.assetId } : {}) } }));
    toast(t('cmms.requests.filed'), { tone: 'success' });
    onSaved();
  });
  return (
    <form onSubmit={form.onSubmit()} noValidate aria-label={t('cmms.requests.new')}>
      <FormError error={form.error} fields={['title', 'description', 'assetId']} />
      <Field label={t('cmms.requests.titleField')} error={form.fields.title}>
        {(a) => <input {...a} name="title" value={v.title} onInput={(e) => setV({ ...v, title: e.currentTarget.value })} />}
      </Field>
      <Field label={t('cmms.requests.description')} error={form.fields.description}>
        {(a) => <textarea {...a} name="description" value={v.description} onInput={(e) => setV({ ...v, description: e.currentTarget.value })} />}
      </Field>
      <Field label={t('cmms.wo.asset')} error={form.fields.assetId}>
        {(a) => (
          <select {...a} name="assetId" value={v.assetId} onChange={(e) => setV({ ...v, assetId: e.currentTarget.value })}>
            <option value="">{t('cmms.wo.form.noAsset')}</option>
            {(assets.data ?? []).map((x) => (
              <option value={x.id}>
                {x.name} ({x.code})
              </option>
            ))}
          </select>
        )}
      </Field>
      <div class="row">
        <Button type="submit" busy={form.busy}>
          {t('cmms.requests.submit')}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** Turns a request into a work order: priority, due date, assignees and (optionally) a partner as contractor. */
function ConvertForm({ r, onCancel }: { r: MaintenanceRequest; onCancel: () => void }) {
  const { route } = useLocation();
  const { members, partners } = useDirectory();
  const [v, setV] = useState({ priority: 'medium' as (typeof PRIORITIES)[number], dueAt: '', assigneeIds: [] as string[], contractorCompanyId: '' });
  const form = useSubmit(async () => {
    const due = v.dueAt ? dayEnd(v.dueAt) : undefined;
    const body = await call(
      api.cmms.requests[':id'].convert.$post({
        param: { id: r.id },
        json: { priority: v.priority, assigneeIds: v.assigneeIds, ...(due ? { dueAt: due } : {}), ...(v.contractorCompanyId ? { contractorCompanyId: v.contractorCompanyId } : {}) },
      }),
    );
    toast(t('cmms.requests.converted', { number: body.data.number }), { tone: 'success' });
    route(`/maintenance/work-orders/${body.data.id}`);
  });
  return (
    <form class="card card--inset" onSubmit={form.onSubmit()} noValidate aria-label={t('cmms.requests.convertNamed', { title: r.title })} data-testid="convert-form">
      <FormError error={form.error} fields={['priority', 'dueAt', 'assigneeIds', 'contractorCompanyId']} />
      <div class="form-grid">
        <Field label={t('cmms.wo.priority')} error={form.fields.priority}>
          {(a) => (
            <select {...a} name="priority" value={v.priority} onChange={(e) => setV({ ...v, priority: PRIORITIES.find((p) => p === e.currentTarget.value) ?? 'medium' })}>
              {PRIORITIES.map((p) => (
                <option value={p}>{t(`cmms.priority.${p}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cmms.wo.form.dueAt')} error={form.fields.dueAt}>
          {(a) => <input {...a} type="date" name="dueAt" class="input--date" value={v.dueAt} onInput={(e) => setV({ ...v, dueAt: e.currentTarget.value })} />}
        </Field>
        {partners.data?.length ? (
          <Field label={t('cmms.wo.contractor')} error={form.fields.contractorCompanyId}>
            {(a) => (
              <select {...a} name="contractorCompanyId" value={v.contractorCompanyId} onChange={(e) => setV({ ...v, contractorCompanyId: e.currentTarget.value })}>
                <option value="">{t('cmms.wo.form.noContractor')}</option>
                {partners.data!.map((p) => (
                  <option value={p.id}>{p.name}</option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      <Choices legend={t('cmms.wo.assignees')} error={form.fields.assigneeIds}>
        {(a) => (
          <div class="checks">
            {(members.data ?? []).map((m) => (
              <label key={m.id}>
                <input
                  {...a}
                  type="checkbox"
                  name="assignee"
                  value={m.email}
                  checked={v.assigneeIds.includes(m.id)}
                  onChange={() => setV({ ...v, assigneeIds: v.assigneeIds.includes(m.id) ? v.assigneeIds.filter((x) => x !== m.id) : [...v.assigneeIds, m.id] })}
                />{' '}
                {m.name}
              </label>
            ))}
          </div>
        )}
      </Choices>
      <div class="row">
        <Button type="submit" busy={form.busy} data-testid="convert-submit">
          {t('cmms.requests.convertSubmit')}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function DeclineForm({ r, onDone, onCancel }: { r: MaintenanceRequest; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const form = useSubmit(async () => {
    await call(api.cmms.requests[':id'].decline.$post({ param: { id: r.id }, json: { reason } }));
    toast(t('cmms.requests.declined'), { tone: 'success' });
    onDone();
  });
  return (
    <form class="card card--inset" onSubmit={form.onSubmit()} noValidate aria-label={t('cmms.requests.declineNamed', { title: r.title })}>
      <FormError error={form.error} fields={['reason']} />
      <Field label={t('cmms.requests.declineReason')} error={form.fields.reason} hint={t('cmms.requests.declineHint')}>
        {(a) => <textarea {...a} name="declineReason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <div class="row">
        <Button type="submit" variant="danger" busy={form.busy} disabled={!reason.trim()}>
          {t('cmms.requests.decline')}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** Maintenance requests: admins' inbox (convert into a work order or decline with a reason); members file and follow theirs. */
export function MaintenanceRequests() {
  const manager = isManager.value;
  const [q, setQ] = useQueryState({ page: '1', status: manager ? 'new' : 'all' });
  const [open, setOpen] = useState<{ id: string; what: 'convert' | 'decline' } | 'new' | null>(null);
  const live = cmmsEvent('cmms.request.', 'cmms.workorder.created')?.id ?? null;
  const list = useAsync(
    () => call(api.cmms.requests.$get({ query: { page: q.page, limit: '20', sortBy: 'createdAt', sortOrder: 'desc', ...(q.status !== 'all' ? { status: q.status } : {}) } })),
    [q.page, q.status, live],
  );
  const done = () => {
    setOpen(null);
    void list.reload();
  };
  return (
    <>
      <PageHeader title={manager ? t('cmms.requests.title') : t('cmms.requests.mine')}>
        <Button onClick={() => setOpen(open === 'new' ? null : 'new')} aria-expanded={open === 'new'} data-testid="new-request">
          {t('cmms.requests.new')}
        </Button>
      </PageHeader>
      <p class="muted measure">{manager ? t('cmms.requests.intro') : t('cmms.requests.introMember')}</p>
      {open === 'new' ? (
        <section class="card spaced-bottom">
          <h2>{t('cmms.requests.new')}</h2>
          <NewRequest onSaved={done} onCancel={() => setOpen(null)} />
        </section>
      ) : null}
      <div class="tabs" role="group" aria-label={t('cmms.requests.show')}>
        {(['new', 'converted', 'declined', 'all'] as const).map((s) => (
          <Button variant={q.status === s ? 'primary' : 'secondary'} aria-pressed={q.status === s} onClick={() => setQ({ status: s })} data-testid={`requests-${s}`}>
            {t(`cmms.requests.tabs.${s}`)}
          </Button>
        ))}
      </div>
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty title={q.status === 'new' ? t('cmms.requests.emptyNew') : t('cmms.requests.empty')}>{manager ? t('cmms.requests.emptyHint') : t('cmms.requests.emptyMemberHint')}</Empty>
      ) : (
        <ul class="plain-list">
          {list.data.data.map((r) => (
            <li key={r.id} class="card" data-testid="request" data-title={r.title}>
              <div class="row row--between">
                <div class="stacked">
                  <strong class="break">{r.title}</strong>
                  <span class="small muted">
                    {[r.assetName, r.requesterName, r.requesterEmail].filter(Boolean).join(' · ')} · <time dateTime={r.createdAt} title={formatDateTime(r.createdAt)}>{timeAgo(r.createdAt)}</time>
                  </span>
                </div>
                <Badge tone={TONE[r.status]} testId="request-status">
                  {t(`cmms.requestStatus.${r.status}`)}
                </Badge>
              </div>
              <p class="prose">{r.description}</p>
              {r.status === 'declined' && r.declineReason ? <p class="small muted">{t('cmms.requests.declinedBecause', { reason: r.declineReason })}</p> : null}
              {r.status === 'converted' && r.workOrderId ? (
                <p class="small">
                  <a href={`/maintenance/work-orders/${r.workOrderId}`}>{t('cmms.requests.openWorkOrder')}</a>
                </p>
              ) : null}
              {manager && r.status === 'new' ? (
                open !== 'new' && open?.id === r.id ? (
                  open.what === 'convert' ? (
                    <ConvertForm r={r} onCancel={() => setOpen(null)} />
                  ) : (
                    <DeclineForm r={r} onDone={done} onCancel={() => setOpen(null)} />
                  )
                ) : (
                  <div class="row">
                    <Button onClick={() => setOpen({ id: r.id, what: 'convert' })} data-testid="convert">
                      {t('cmms.requests.convert')}
                    </Button>
                    <Button variant="secondary" onClick={() => setOpen({ id: r.id, what: 'decline' })} data-testid="decline">
                      {t('cmms.requests.decline')}
                    </Button>
                  </div>
                )
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
    </>
  );
}
