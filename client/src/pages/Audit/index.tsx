import { KEY_FAMILIES, ROLES, type Role } from '../../../../src/core/auth/roles';
import type { AuditEntry } from '../../../../src/modules/audit/audit.schemas';
import { Badge, Button, Empty, ErrorNote, Field, Loading, PageHeader, Pagination } from '../../components/ui';
import { t, type PlainKey } from '../../i18n';
import { api, call } from '../../lib/api';
import { dayEnd, dayStart, formatDateTime, timeAgo } from '../../lib/format';
import { isStaff } from '../../lib/session';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

/** Actions the server records besides REST writes made with a key (whose action is their event type). */
const KNOWN_ACTIONS: Record<string, PlainKey> = {
  'mcp.tool.called': 'audit.actions.mcpToolCalled',
  'apiKeys.key.created': 'audit.actions.keyCreated',
  'apiKeys.key.revoked': 'audit.actions.keyRevoked',
  'employees.role.changed': 'audit.actions.roleChanged',
};

/** What a target's `kind` names (the entity of an event type, `tool` for MCP, `apiKey`, `user`). */
const KINDS: Record<string, PlainKey> = {
  job: 'audit.kinds.job',
  application: 'audit.kinds.application',
  employee: 'audit.kinds.employee',
  user: 'audit.kinds.user',
  company: 'audit.kinds.company',
  invite: 'audit.kinds.invite',
  partnership: 'audit.kinds.partnership',
  endpoint: 'audit.kinds.endpoint',
  apiKey: 'audit.kinds.apiKey',
  key: 'audit.kinds.apiKey',
  settings: 'audit.kinds.settings',
  service: 'audit.kinds.service',
  proposal: 'audit.kinds.proposal',
  engagement: 'audit.kinds.engagement',
  zettel: 'audit.kinds.zettel',
  asset: 'audit.kinds.asset',
  meter: 'audit.kinds.meter',
  part: 'audit.kinds.part',
  pm: 'audit.kinds.pm',
  workorder: 'audit.kinds.workorder',
  request: 'audit.kinds.request',
  customer: 'audit.kinds.customer',
  site: 'audit.kinds.site',
  technician: 'audit.kinds.technician',
  visit: 'audit.kinds.visit',
  route: 'audit.kinds.route',
};

/** Where an entry's target opens, by the module that recorded it (an FSM job is not a hiring job). */
const linkOf = (action: string, kind: string | null | undefined, id: string) => {
  const module = action.split('.')[0];
  if (kind === 'job' && module === 'jobs') return `/jobs/${id}`;
  if (kind === 'job' && module === 'fsm') return `/field/jobs/${id}`;
  if (kind === 'zettel') return `/knowledge/notes/${id}`;
  if (kind === 'workorder') return `/maintenance/work-orders/${id}`;
  if (kind === 'visit') return `/field/visits/${id}`;
  return undefined;
};

const isRole = (v: string | null | undefined): v is Role => (ROLES as readonly (string | null | undefined)[]).includes(v);
const shortId = (id: string) => `${id.slice(0, 8)}…`;

/**
 * Names for the filter and the targets: the company's keys and people, the event types (REST writes), and for staff
 * the companies. Each is optional: a list that fails to load only leaves ids unnamed.
 */
function useDirectory() {
  return useAsync(async () => {
    const settle = <T,>(p: Promise<T>) => p.catch(() => null);
    const [keys, people, types, companies] = await Promise.all([
      settle(call(api['api-keys'].$get({ query: { limit: '100', sortBy: 'name', sortOrder: 'asc' } }))),
      settle(call(api.employees.$get({ query: { limit: '100', sortBy: 'name', sortOrder: 'asc' } }))),
      settle(call(api.webhooks['event-types'].$get())),
      isStaff.value ? settle(call(api.companies.$get({ query: { limit: '100', sortBy: 'name', sortOrder: 'asc' } }))) : Promise.resolve(null),
    ]);
    const names = new Map<string, string>();
    for (const k of keys?.data ?? []) names.set(k.id, k.name);
    for (const p of people?.data ?? []) names.set(p.id, p.name);
    const companyNames = new Map((companies?.data ?? []).map((c) => [c.id, c.name]));
    // REST writes are audited when made with a key, so only the event types of the modules keys can reach.
    const keyModules: readonly string[] = KEY_FAMILIES;
    const restActions = (types?.data ?? []).map((e) => e.type).filter((type) => keyModules.includes(type.split('.')[0] ?? '') && !(type in KNOWN_ACTIONS));
    return { keys: keys?.data ?? [], people: people?.data ?? [], names, companyNames, restActions };
  }, []);
}

function Target({ action, target, names }: { action: string; target: AuditEntry['target']; names: Map<string, string> }) {
  const { kind, id, name, from, to, ...rest } = target;
  if (kind === 'tool')
    return (
      <span>
        {t('audit.kinds.tool')} <code class="break">{name}</code>
      </span>
    );
  const kindKey = kind === 'job' && action.startsWith('fsm.') ? 'audit.kinds.fieldJob' : kind ? KINDS[kind] : undefined;
  const label = kindKey ? t(kindKey) : (kind ?? '');
  const named = id ? (names.get(id) ?? name) : name;
  const href = id ? linkOf(action, kind, id) : undefined;
  return (
    <span class="stacked">
      <span>
        {label}
        {id || named ? ': ' : ''}
        {href && id ? (
          <a href={href} title={id}>
            {named ?? shortId(id)}
          </a>
        ) : named ? (
          <span class="break">{named}</span>
        ) : id ? (
          <code title={id}>{shortId(id)}</code>
        ) : null}
      </span>
      {from || to ? (
        <span class="small">
          {isRole(from) ? t(`common.roles.${from}`) : from} → {isRole(to) ? t(`common.roles.${to}`) : to}
        </span>
      ) : null}
      {Object.entries(rest).map(([k, v]) => (
        <span key={k} class="small muted break">
          {k}: {v}
        </span>
      ))}
    </span>
  );
}

function Row({ e, names, companyNames, onActor }: { e: AuditEntry; names: Map<string, string>; companyNames: Map<string, string> | null; onActor: (id: string) => void }) {
  const actorName = e.actor.name ?? names.get(e.actor.id) ?? t('audit.actor.unknown');
  const known = KNOWN_ACTIONS[e.action];
  return (
    <tr data-testid="audit-entry">
      <td class="cell--primary">
        <time dateTime={e.createdAt}>{timeAgo(e.createdAt)}</time>
        <div class="small muted">{formatDateTime(e.createdAt)}</div>
      </td>
      <td data-label={t('audit.columns.actor')}>
        <span class="audit-actor">
          <Badge tone={e.actor.kind === 'apiKey' ? 'info' : 'neutral'}>{t(`audit.actor.${e.actor.kind}`)}</Badge>{' '}
          <button type="button" class="link break" title={t('audit.actor.only', { name: actorName })} onClick={() => onActor(e.actor.id)} data-testid="audit-actor">
            {actorName}
          </button>
        </span>
      </td>
      <td data-label={t('audit.columns.action')}>
        <span class="stacked">
          {known ? <span>{t(known)}</span> : null}
          <code class={`break${known ? ' small muted' : ''}`} data-testid="audit-action">
            {e.action}
          </code>
        </span>
      </td>
      <td data-label={t('audit.columns.target')} data-testid="audit-target">
        <Target action={e.action} target={e.target} names={names} />
      </td>
      <td data-label={t('audit.columns.status')}>
        <Badge tone={e.status === 'ok' ? 'good' : 'bad'} testId="audit-status">
          {t(`audit.status.${e.status}`)}
        </Badge>
      </td>
      {companyNames ? (
        <td data-label={t('audit.columns.company')} class="small">
          {companyNames.get(e.companyId) ?? <code title={e.companyId}>{shortId(e.companyId)}</code>}
        </td>
      ) : null}
    </tr>
  );
}

export function Audit() {
  const [q, setQ] = useQueryState({ page: '1', actor: '', action: '', from: '', to: '' });
  const from = q.from ? dayStart(q.from) : undefined;
  const to = q.to ? dayEnd(q.to) : undefined;
  const list = useAsync(
    () =>
      call(
        api.audit.$get({
          query: {
            page: q.page,
            limit: '20',
            sortBy: 'createdAt',
            sortOrder: 'desc',
            ...(q.actor ? { actorId: q.actor } : {}),
            ...(q.action ? { action: q.action } : {}),
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
          },
        }),
      ),
    [q.page, q.actor, q.action, from, to],
  );
  const dir = useDirectory();
  const names = dir.data?.names ?? new Map<string, string>();
  const staff = isStaff.value;
  const filtered = Boolean(q.actor || q.action || q.from || q.to);
  const actorKnown = !q.actor || names.has(q.actor);
  const actionKnown = !q.action || q.action in KNOWN_ACTIONS || (dir.data?.restActions ?? []).includes(q.action);
  return (
    <>
      <PageHeader title={t('audit.title')} />
      <p class="muted measure">{staff ? t('audit.introStaff') : t('audit.intro')}</p>
      <section class="card" aria-labelledby="audit-list">
        <h2 id="audit-list" class="sr-only">
          {t('audit.list')}
        </h2>
        <form class="filters" role="search" aria-label={t('audit.filters.label')} onSubmit={(e) => e.preventDefault()}>
          <Field label={t('audit.filters.actor')}>
            {(a) => (
              <select {...a} name="actor" value={q.actor} onChange={(e) => setQ({ actor: e.currentTarget.value })}>
                <option value="">{t('audit.filters.anyone')}</option>
                {actorKnown ? null : <option value={q.actor}>{shortId(q.actor)}</option>}
                {dir.data?.keys.length ? (
                  <optgroup label={t('audit.filters.keys')}>
                    {dir.data.keys.map((k) => (
                      <option key={k.id} value={k.id}>
                        {k.name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
                {dir.data?.people.length ? (
                  <optgroup label={t('audit.filters.people')}>
                    {dir.data.people.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
              </select>
            )}
          </Field>
          <Field label={t('audit.filters.action')} class="filters__wide">
            {(a) => (
              <select {...a} name="action" value={q.action} onChange={(e) => setQ({ action: e.currentTarget.value })}>
                <option value="">{t('audit.filters.anyAction')}</option>
                {actionKnown ? null : <option value={q.action}>{q.action}</option>}
                <optgroup label={t('audit.filters.known')}>
                  {Object.entries(KNOWN_ACTIONS).map(([action, key]) => (
                    <option key={action} value={action}>
                      {t(key)} ({action})
                    </option>
                  ))}
                </optgroup>
                {dir.data?.restActions.length ? (
                  <optgroup label={t('audit.filters.rest')}>
                    {dir.data.restActions.map((action) => (
                      <option key={action} value={action}>
                        {action}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
              </select>
            )}
          </Field>
          <Field label={t('audit.filters.from')}>
            {(a) => <input {...a} name="from" type="date" max={q.to || undefined} value={q.from} onChange={(e) => setQ({ from: e.currentTarget.value })} />}
          </Field>
          <Field label={t('audit.filters.to')}>
            {(a) => <input {...a} name="to" type="date" min={q.from || undefined} value={q.to} onChange={(e) => setQ({ to: e.currentTarget.value })} />}
          </Field>
        </form>
        {filtered ? (
          <p>
            <Button variant="ghost" onClick={() => setQ({ actor: '', action: '', from: '', to: '' })}>
              {t('audit.filters.clear')}
            </Button>
          </p>
        ) : null}
        {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
        {!list.data ? (
          list.error ? null : <Loading />
        ) : list.data.data.length === 0 ? (
          filtered ? (
            <Empty title={t('audit.emptyFiltered')} />
          ) : (
            <Empty title={t('audit.empty')}>{t('audit.emptyHint')}</Empty>
          )
        ) : (
          <table class="table--stack" aria-labelledby="audit-list" aria-busy={list.loading} data-testid="audit-table">
            <thead>
              <tr>
                <th>{t('audit.columns.time')}</th>
                <th>{t('audit.columns.actor')}</th>
                <th>{t('audit.columns.action')}</th>
                <th>{t('audit.columns.target')}</th>
                <th>{t('audit.columns.status')}</th>
                {staff ? <th>{t('audit.columns.company')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((e) => (
                <Row key={e.id} e={e} names={names} companyNames={staff ? (dir.data?.companyNames ?? new Map()) : null} onActor={(actor) => setQ({ actor })} />
              ))}
            </tbody>
          </table>
        )}
        {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
      </section>
    </>
  );
}
