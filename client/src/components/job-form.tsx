import { useState } from 'preact/hooks';
import type { Job } from '../../../src/modules/jobs/jobs.schemas';
import { t } from '../i18n';
import { api, call } from '../lib/api';
import { useSubmit } from '../lib/use-submit';
import { Button, Choices, Field, FormError } from './ui';

const TYPES: Job['types'][number][] = ['public', 'internal', 'partners'];

/** Create or edit a job. Calls `onSaved` with the saved job. */
export function JobForm({ job, onSaved, onCancel }: { job?: Job; onSaved: (job: Job) => void; onCancel?: () => void }) {
  const types: Job['types'] = job?.types ?? ['public'];
  const [v, setV] = useState({
    title: job?.title ?? '',
    description: job?.description ?? '',
    types,
    skills: job?.requiredSkills.join(', ') ?? '',
    vacancies: String(job?.vacancies ?? 1),
    isSpecialized: job?.isSpecialized ?? false,
  });
  const form = useSubmit(async () => {
    const json = {
      title: v.title,
      description: v.description,
      types: v.types,
      requiredSkills: v.skills.split(',').map((s) => s.trim()).filter(Boolean),
      vacancies: Number(v.vacancies),
      isSpecialized: v.isSpecialized,
    };
    const body = job
      ? await call(api.jobs[':id'].$patch({ param: { id: job.id }, json }))
      : await call(api.jobs.$post({ json }));
    onSaved(body.data);
  });
  const set = (k: 'title' | 'description' | 'skills' | 'vacancies') => (e: Event) => setV({ ...v, [k]: (e.currentTarget as HTMLInputElement).value });
  const toggle = (type: Job['types'][number]) => setV({ ...v, types: v.types.includes(type) ? v.types.filter((x) => x !== type) : [...v.types, type] });
  const f = form.fields;
  return (
    <form onSubmit={form.onSubmit()} noValidate aria-label={job ? t('jobs.form.editLabel') : t('jobs.form.newLabel')}>
      <FormError error={form.error} fields={['title', 'description', 'types', 'types.0', 'requiredSkills', 'requiredSkills.0', 'vacancies', 'isSpecialized']} />
      <Field label={t('jobs.form.title')} error={f.title}>
        {(a) => <input {...a} name="title" value={v.title} onInput={set('title')} maxLength={200} />}
      </Field>
      <Field label={t('jobs.form.description')} error={f.description}>
        {(a) => <textarea {...a} name="description" value={v.description} onInput={set('description')} />}
      </Field>
      <Choices legend={t('jobs.form.visibility')} error={f.types ?? f['types.0']}>
        {(a) => (
          <div class="checks">
            {TYPES.map((type) => (
              <label>
                <input {...a} type="checkbox" name="types" value={type} checked={v.types.includes(type)} onChange={() => toggle(type)} /> {t(`jobs.types.${type}`)}{' '}
                <span class="small muted">({t(`jobs.typeHints.${type}`)})</span>
              </label>
            ))}
          </div>
        )}
      </Choices>
      <div class="grid">
        <Field label={t('jobs.form.skills')} error={f.requiredSkills ?? f['requiredSkills.0']} hint={t('common.commaSeparated')}>
          {(a) => <input {...a} name="requiredSkills" value={v.skills} onInput={set('skills')} />}
        </Field>
        <Field label={t('jobs.form.vacancies')} error={f.vacancies}>
          {(a) => <input {...a} name="vacancies" type="number" min="1" max="1000" value={v.vacancies} onInput={set('vacancies')} />}
        </Field>
      </div>
      <div class="checks field">
        <label>
          <input type="checkbox" name="isSpecialized" checked={v.isSpecialized} onChange={() => setV({ ...v, isSpecialized: !v.isSpecialized })} /> {t('jobs.form.specialized')}
        </label>
      </div>
      <div class="row">
        <Button type="submit" busy={form.busy} data-testid="job-submit">
          {job ? t('jobs.form.save') : t('jobs.form.publish')}
        </Button>
        {onCancel ? (
          <Button type="button" variant="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
