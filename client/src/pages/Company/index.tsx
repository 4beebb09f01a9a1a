import { useEffect, useState } from 'preact/hooks';
import { Field, FormError, Loading, PageError, PageHeader, SaveRow } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { currentCompany, currentUser } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

export function Company() {
  const id = currentUser.value!.companyId;
  const company = useAsync(() => call(api.companies[':id'].$get({ param: { id } })).then((b) => b.data), [id]);
  const [v, setV] = useState({ name: '', description: '', website: '' });
  useEffect(() => {
    if (company.data) setV({ name: company.data.name, description: company.data.description, website: company.data.website ?? '' });
  }, [company.data]);
  const form = useSubmit(async () => {
    const body = await call(
      api.companies[':id'].$patch({ param: { id }, json: { name: v.name, description: v.description, website: v.website || null } }),
    );
    company.setData(() => body.data);
    currentCompany.value = body.data;
    toast(t('company.saved'), { tone: 'success' });
  });
  const set = (k: keyof typeof v) => (e: Event) => setV({ ...v, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <>
      <PageHeader title={t('company.title')} />
      {company.error ? (
        <PageError error={company.error} retry={company.reload} />
      ) : !company.data ? (
        <Loading />
      ) : (
        <form class="card" onSubmit={form.onSubmit()} noValidate>
          <FormError error={form.error} fields={['name', 'description', 'website']} />
          <Field label={t('company.name')} error={form.fields.name}>
            {(a) => <input {...a} name="name" value={v.name} onInput={set('name')} />}
          </Field>
          <Field label={t('company.description')} error={form.fields.description}>
            {(a) => <textarea {...a} name="description" value={v.description} onInput={set('description')} />}
          </Field>
          <Field label={t('company.website')} error={form.fields.website} hint={t('company.websiteHint')}>
            {(a) => <input {...a} name="website" type="url" value={v.website} onInput={set('website')} />}
          </Field>
          <SaveRow updatedAt={company.data.updatedAt} busy={form.busy} />
        </form>
      )}
    </>
  );
}
