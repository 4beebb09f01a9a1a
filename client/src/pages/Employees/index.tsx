import { useEffect, useState } from 'preact/hooks';
import type { Role } from '../../../../src/core/auth/roles';
import type { User } from '../../../../src/core/tenancy/tenancy.schemas';
import { Badge, Button, Empty, ErrorNote, Field, FormError, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { currentUser, isManager, isStaff } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';
import { useSubmit } from '../../lib/use-submit';

const assignableRoles = (): Role[] => {
  if (!isStaff.value) return ['cliente', 'admin_empresa'];
  return currentUser.value?.role === 'DEV' ? ['cliente', 'admin_empresa', 'admin', 'DEV'] : ['cliente', 'admin_empresa', 'admin'];
};

function NewEmployee({ onCreated }: { onCreated: () => void }) {
  const empty: { name: string; email: string; password: string; role: Role; skills: string } = { name: '', email: '', password: '', role: 'cliente', skills: '' };
  const [v, setV] = useState(empty);
  const form = useSubmit(async () => {
    const skills = v.skills.split(',').map((s) => s.trim()).filter(Boolean);
    await call(api.employees.$post({ json: { name: v.name, email: v.email, password: v.password, role: v.role, skills } }));
    toast(t('team.add.done'), { body: t('team.add.doneBody', { name: v.name }), tone: 'success' });
    setV(empty);
    onCreated();
  });
  const set = (k: keyof typeof v) => (e: Event) => setV({ ...v, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <form class="card" onSubmit={form.onSubmit()} noValidate aria-labelledby="add-employee">
      <h2 id="add-employee">{t('team.add.title')}</h2>
      <FormError error={form.error} fields={['name', 'email', 'password', 'role', 'skills', 'skills.0']} />
      <div class="grid">
        <Field label={t('team.add.name')} error={form.fields.name}>
          {(a) => <input {...a} name="name" value={v.name} onInput={set('name')} />}
        </Field>
        <Field label={t('team.add.email')} error={form.fields.email}>
          {(a) => <input {...a} name="email" type="email" value={v.email} onInput={set('email')} />}
        </Field>
        <Field label={t('team.add.password')} error={form.fields.password} hint={t('team.add.passwordHint')}>
          {(a) => <input {...a} name="password" type="password" autocomplete="new-password" value={v.password} onInput={set('password')} />}
        </Field>
        <Field label={t('team.add.role')} error={form.fields.role}>
          {(a) => (
            <select {...a} name="role" value={v.role} onChange={set('role')}>
              {assignableRoles().map((r) => (
                <option value={r}>{t(`common.roles.${r}`)}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t('team.add.skills')} error={form.fields.skills ?? form.fields['skills.0']} hint={t('team.add.skillsHint')}>
        {(a) => <input {...a} name="skills" value={v.skills} onInput={set('skills')} />}
      </Field>
      <Button type="submit" busy={form.busy}>
        {t('team.add.submit')}
      </Button>
    </form>
  );
}

/** One person: a table row on wide screens, a card on phones (the cells stack, each with its column's name). */
function EmployeeRow({ e, onChange }: { e: User; onChange: () => void }) {
  const me = currentUser.value!;
  const action = useSubmit(async (patch: { role?: Role; status?: 'active' | 'inactive' } | 'delete') => {
    if (patch === 'delete') {
      if (!confirm(t('team.confirmRemove', { name: e.name }))) return;
      await call(api.employees[':id'].$delete({ param: { id: e.id } }));
      toast(t('team.removed'), { tone: 'success' });
    } else {
      await call(api.employees[':id'].$patch({ param: { id: e.id }, json: patch }));
      toast(t('team.updated'), { tone: 'success' });
    }
    onChange();
  });
  const canManage = isManager.value && e.id !== me.id && assignableRoles().includes(e.role);
  return (
    <tr data-testid="employee">
      <td class="cell--primary">
        <strong>{e.name}</strong>
        {e.id === me.id ? <span class="small muted"> ({t('team.you')})</span> : null}
        <div class="small muted break">{e.email}</div>
        {action.error ? (
          <div class="field__msg" role="alert">
            {errorText(action.error)}
          </div>
        ) : null}
      </td>
      <td data-label={t('team.columns.role')}>
        {canManage ? (
          <select
            aria-label={t('team.roleOf', { name: e.name })}
            value={e.role}
            disabled={action.busy}
            onChange={(ev) => {
              const role = assignableRoles().find((r) => r === ev.currentTarget.value);
              if (role) action.run({ role });
            }}
          >
            {assignableRoles().map((r) => (
              <option value={r}>{t(`common.roles.${r}`)}</option>
            ))}
          </select>
        ) : (
          t(`common.roles.${e.role}`)
        )}
      </td>
      <td data-label={t('team.columns.skills')}>
        {e.skills.length ? (
          <ul class="tags tags--list">
            {e.skills.map((s) => (
              <li>
                <Badge>{s}</Badge>
              </li>
            ))}
          </ul>
        ) : (
          <span class="muted">{t('team.noSkills')}</span>
        )}
      </td>
      <td data-label={t('team.columns.status')}>
        <Badge tone={e.status === 'active' ? 'good' : 'warn'}>{t(`team.status.${e.status}`)}</Badge>
      </td>
      <td data-label={t('team.columns.joined')} class="small muted">
        {formatDate(e.createdAt)}
      </td>
      <td class="cell--actions">
        {canManage ? (
          <div class="row">
            <Button variant="secondary" busy={action.busy} onClick={() => action.run({ status: e.status === 'active' ? 'inactive' : 'active' })}>
              {e.status === 'active' ? t('team.deactivate') : t('team.reactivate')}
            </Button>
            <Button variant="ghost" disabled={action.busy} onClick={() => action.run('delete')}>
              {t('team.remove')}
            </Button>
          </div>
        ) : null}
      </td>
    </tr>
  );
}

export function Employees() {
  const [q, setQ] = useQueryState({ page: '1', search: '', status: '', role: '' });
  const list = useAsync(
    () =>
      call(
        api.employees.$get({
          query: { page: q.page, limit: '20', sortBy: 'name', sortOrder: 'asc', ...(q.search ? { search: q.search } : {}), ...(q.status ? { status: q.status } : {}), ...(q.role ? { role: q.role } : {}) },
        }),
      ),
    [q.page, q.search, q.status, q.role],
  );
  const [search, setSearch] = useState(q.search);
  useEffect(() => setSearch(q.search), [q.search]);
  return (
    <>
      <PageHeader title={t('team.title')} />
      {isManager.value ? <NewEmployee onCreated={list.reload} /> : null}
      <section class="card" aria-labelledby="team-list">
        <h2 id="team-list" class="sr-only">
          {t('team.list')}
        </h2>
        <form class="filters" onSubmit={(e) => (e.preventDefault(), setQ({ search: search.trim() }))} role="search" aria-label={t('team.filters.label')}>
          <Field label={t('team.filters.search')} class="filters__wide">
            {(a) => <input {...a} name="search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />}
          </Field>
          <Field label={t('team.filters.status')}>
            {(a) => (
              <select {...a} value={q.status} onChange={(e) => setQ({ status: e.currentTarget.value })}>
                <option value="">{t('common.any')}</option>
                <option value="active">{t('team.status.active')}</option>
                <option value="inactive">{t('team.status.inactive')}</option>
              </select>
            )}
          </Field>
          <Field label={t('team.filters.role')}>
            {(a) => (
              <select {...a} value={q.role} onChange={(e) => setQ({ role: e.currentTarget.value })}>
                <option value="">{t('common.any')}</option>
                <option value="admin_empresa">{t('common.roles.admin_empresa')}</option>
                <option value="cliente">{t('common.roles.cliente')}</option>
              </select>
            )}
          </Field>
        </form>
        {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
        {!list.data ? (
          list.error ? null : <Loading />
        ) : list.data.data.length === 0 ? (
          <Empty title={t('team.empty')} />
        ) : (
          <table class="table--stack" aria-labelledby="team-list">
            <thead>
              <tr>
                <th>{t('team.columns.person')}</th>
                <th>{t('team.columns.role')}</th>
                <th>{t('team.columns.skills')}</th>
                <th>{t('team.columns.status')}</th>
                <th>{t('team.columns.joined')}</th>
                <th>
                  <span class="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((e) => (
                <EmployeeRow key={e.id} e={e} onChange={list.reload} />
              ))}
            </tbody>
          </table>
        )}
        {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
      </section>
    </>
  );
}
