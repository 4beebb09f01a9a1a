import { useState } from 'preact/hooks';
import type { Role } from '../../../../src/core/auth/roles';
import type { User } from '../../../../src/core/tenancy/tenancy.schemas';
import { Badge, Button, Empty, ErrorNote, Field, FormError, Loading, PageHeader, Pagination } from '../../components/ui';
import { api, call } from '../../lib/api';
import { formatDate, roleLabel } from '../../lib/format';
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
    toast('Employee added', { body: `${v.name} can now log in with the password you set.`, tone: 'success' });
    setV(empty);
    onCreated();
  });
  const set = (k: keyof typeof v) => (e: Event) => setV({ ...v, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <form class="card" onSubmit={form.onSubmit()} noValidate aria-label="Add employee">
      <h2>Add an employee</h2>
      <FormError error={form.error} fields={['name', 'email', 'password', 'role', 'skills']} />
      <div class="grid">
        <Field label="Name" error={form.fields.name}>
          {(a) => <input {...a} value={v.name} onInput={set('name')} />}
        </Field>
        <Field label="Email" error={form.fields.email}>
          {(a) => <input {...a} type="email" value={v.email} onInput={set('email')} />}
        </Field>
        <Field label="Initial password" error={form.fields.password} hint="10+ characters; share it privately.">
          {(a) => <input {...a} type="password" autocomplete="new-password" value={v.password} onInput={set('password')} />}
        </Field>
        <Field label="Role" error={form.fields.role}>
          {(a) => (
            <select {...a} value={v.role} onChange={set('role')}>
              {assignableRoles().map((r) => (
                <option value={r}>{roleLabel[r]}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Skills" error={form.fields.skills ?? form.fields['skills.0']} hint="Comma separated, e.g. hvac, electrical">
        {(a) => <input {...a} value={v.skills} onInput={set('skills')} />}
      </Field>
      <Button type="submit" busy={form.busy}>
        Add employee
      </Button>
    </form>
  );
}

function EmployeeRow({ e, onChange }: { e: User; onChange: () => void }) {
  const me = currentUser.value!;
  const action = useSubmit(async (patch: { role?: Role; status?: 'active' | 'inactive' } | 'delete') => {
    if (patch === 'delete') {
      if (!confirm(`Remove ${e.name}? They will no longer be able to log in.`)) return;
      await call(api.employees[':id'].$delete({ param: { id: e.id } }));
      toast('Employee removed', { tone: 'success' });
    } else {
      await call(api.employees[':id'].$patch({ param: { id: e.id }, json: patch }));
      toast('Employee updated', { tone: 'success' });
    }
    onChange();
  });
  const canManage = isManager.value && e.id !== me.id && assignableRoles().includes(e.role);
  return (
    <tr>
      <td>
        <strong>{e.name}</strong>
        <div class="small muted">{e.email}</div>
        {action.error ? <div class="field__msg">{action.error.message}</div> : null}
      </td>
      <td>
        {canManage ? (
          <select
            aria-label={`Role of ${e.name}`}
            value={e.role}
            disabled={action.busy}
            onChange={(ev) => {
              const role = assignableRoles().find((r) => r === ev.currentTarget.value);
              if (role) action.run({ role });
            }}
          >
            {assignableRoles().map((r) => (
              <option value={r}>{roleLabel[r]}</option>
            ))}
          </select>
        ) : (
          roleLabel[e.role]
        )}
      </td>
      <td>
        <div class="tags">{e.skills.length ? e.skills.map((s) => <Badge>{s}</Badge>) : <span class="muted">—</span>}</div>
      </td>
      <td>
        <Badge tone={e.status === 'active' ? 'good' : 'warn'}>{e.status}</Badge>
      </td>
      <td class="small muted">{formatDate(e.createdAt)}</td>
      <td>
        {canManage ? (
          <div class="row">
            <Button variant="secondary" busy={action.busy} onClick={() => action.run({ status: e.status === 'active' ? 'inactive' : 'active' })}>
              {e.status === 'active' ? 'Deactivate' : 'Reactivate'}
            </Button>
            <Button variant="ghost" disabled={action.busy} onClick={() => action.run('delete')}>
              Remove
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
  return (
    <>
      <PageHeader title="Team" />
      {isManager.value ? <NewEmployee onCreated={list.reload} /> : null}
      <section class="card" aria-label="Employees">
        <form class="filters" onSubmit={(e) => (e.preventDefault(), setQ({ search }))} role="search">
          <Field label="Search by name or email">{(a) => <input {...a} type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />}</Field>
          <Field label="Status">
            {(a) => (
              <select {...a} value={q.status} onChange={(e) => setQ({ status: e.currentTarget.value })}>
                <option value="">Any</option>
                <option value="active">Active</option>
                <option value="inactive">Inactive</option>
              </select>
            )}
          </Field>
          <Field label="Role">
            {(a) => (
              <select {...a} value={q.role} onChange={(e) => setQ({ role: e.currentTarget.value })}>
                <option value="">Any</option>
                <option value="admin_empresa">Company admin</option>
                <option value="cliente">Member</option>
              </select>
            )}
          </Field>
        </form>
        {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
        {!list.data ? (
          <Loading />
        ) : list.data.data.length === 0 ? (
          <Empty title="No one matches these filters" />
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Person</th>
                  <th>Role</th>
                  <th>Skills</th>
                  <th>Status</th>
                  <th>Joined</th>
                  <th>
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.data.map((e) => (
                  <EmployeeRow key={e.id} e={e} onChange={list.reload} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
      </section>
    </>
  );
}
