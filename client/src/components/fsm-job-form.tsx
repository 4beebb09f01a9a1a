import { useState } from 'preact/hooks';
import type { Job } from '../../../src/modules/fsm/fsm.schemas';
import { t } from '../i18n';
import { api, call } from '../lib/api';
import { useAsync } from '../lib/use-async';
import { useSubmit } from '../lib/use-submit';
import { FSM_PRIORITIES, loadCustomers, loadSites, skillsFrom } from './fsm-bits';
import { Button, Field, FormError } from './ui';

/**
 * A field job's form: create one (optionally carrying out a contracted CMMS work order, whose title it takes by
 * default) or change one (sending the version read).
 */
export function FieldJobForm({ job, sourceWorkOrderId, defaultTitle, onSaved, onCancel }: { job?: Job; sourceWorkOrderId?: string; defaultTitle?: string; onSaved: (job: Job) => void; onCancel: () => void }) {
  const [v, setV] = useState({
    customerId: job?.customerId ?? '',
    siteId: job?.siteId ?? '',
    title: job?.title ?? '',
    description: job?.description ?? '',
    skills: job?.requiredSkills.join(', ') ?? '',
    durationMin: String(job?.durationMin ?? 60),
    priority: job?.priority ?? 'medium',
  });
  const customers = useAsync(() => loadCustomers(), []);
  const sites = useAsync(() => (v.customerId ? loadSites(v.customerId) : Promise.resolve([])), [v.customerId]);
  const form = useSubmit(async () => {
    const durationMin = v.durationMin.trim() === '' ? Number.NaN : Number(v.durationMin);
    const common = { customerId: v.customerId, siteId: v.siteId, description: v.description, requiredSkills: skillsFrom(v.skills), durationMin, priority: v.priority };
    const body = job
      ? await call(api.fsm.jobs[':id'].$patch({ param: { id: job.id }, json: { ...common, title: v.title, version: job.version } }))
      : await call(api.fsm.jobs.$post({ json: { ...common, ...(v.title.trim() || !sourceWorkOrderId ? { title: v.title } : {}), ...(sourceWorkOrderId ? { sourceWorkOrderId } : {}) } }));
    onSaved(body.data);
  });
  return (
    <form onSubmit={form.onSubmit()} noValidate aria-label={job ? t('fsm.jobs.edit') : t('fsm.jobs.new')} data-testid="field-job-form">
      <FormError error={form.error} fields={['customerId', 'siteId', 'title', 'description', 'requiredSkills', 'durationMin', 'priority']} />
      <div class="form-grid">
        <Field label={t('fsm.jobs.customer')} error={form.fields.customerId}>
          {(a) => (
            <select {...a} name="customerId" value={v.customerId} onChange={(e) => setV({ ...v, customerId: e.currentTarget.value, siteId: '' })}>
              <option value="">{t('fsm.jobs.chooseCustomer')}</option>
              {(customers.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('fsm.jobs.site')} error={form.fields.siteId}>
          {(a) => (
            <select {...a} name="siteId" value={v.siteId} disabled={!v.customerId} onChange={(e) => setV({ ...v, siteId: e.currentTarget.value })}>
              <option value="">{t('fsm.jobs.chooseSite')}</option>
              {(sites.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('fsm.jobs.titleLabel')} error={form.fields.title} {...(sourceWorkOrderId ? { hint: t('fsm.jobs.titleFromWo', { title: defaultTitle ?? '' }) } : {})}>
          {(a) => <input {...a} name="title" value={v.title} onInput={(e) => setV({ ...v, title: e.currentTarget.value })} />}
        </Field>
        <Field label={t('fsm.jobs.priorityLabel')} error={form.fields.priority}>
          {(a) => (
            <select {...a} name="priority" value={v.priority} onChange={(e) => setV({ ...v, priority: FSM_PRIORITIES.find((p) => p === e.currentTarget.value) ?? 'medium' })}>
              {FSM_PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`fsm.priority.${p}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('fsm.jobs.duration')} error={form.fields.durationMin}>
          {(a) => <input {...a} name="durationMin" inputMode="numeric" value={v.durationMin} onInput={(e) => setV({ ...v, durationMin: e.currentTarget.value })} />}
        </Field>
        <Field label={t('fsm.jobs.skills')} error={form.fields.requiredSkills} hint={t('fsm.jobs.skillsHint')}>
          {(a) => <input {...a} name="requiredSkills" value={v.skills} onInput={(e) => setV({ ...v, skills: e.currentTarget.value })} />}
        </Field>
      </div>
      <Field label={t('fsm.jobs.description')} error={form.fields.description}>
        {(a) => <textarea {...a} name="description" value={v.description} onInput={(e) => setV({ ...v, description: e.currentTarget.value })} />}
      </Field>
      <div class="row">
        <Button type="submit" busy={form.busy} data-testid="field-job-submit">
          {job ? t('common.save') : t('fsm.jobs.create')}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
