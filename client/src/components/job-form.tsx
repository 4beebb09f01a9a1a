import { useState } from 'preact/hooks';
import type { Job } from '../../../src/modules/jobs/jobs.schemas';
import { api, call } from '../lib/api';
import { useSubmit } from '../lib/use-submit';
import { Button, Field, FormError } from './ui';

const TYPES: { value: Job['types'][number]; label: string; hint: string }[] = [
  { value: 'public', label: 'Public', hint: 'anyone, even without an account' },
  { value: 'internal', label: 'Internal', hint: 'your own team' },
  { value: 'partners', label: 'Partners', hint: 'companies you partner with' },
];

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
  const toggle = (t: Job['types'][number]) => setV({ ...v, types: v.types.includes(t) ? v.types.filter((x) => x !== t) : [...v.types, t] });
  const f = form.fields;
  return (
    <form onSubmit={form.onSubmit()} noValidate aria-label={job ? 'Edit job' : 'New job'}>
      <FormError error={form.error} fields={['title', 'description', 'types', 'requiredSkills', 'vacancies', 'isSpecialized']} />
      <Field label="Title" error={f.title}>
        {(a) => <input {...a} value={v.title} onInput={set('title')} maxLength={200} />}
      </Field>
      <Field label="Description" error={f.description}>
        {(a) => <textarea {...a} value={v.description} onInput={set('description')} />}
      </Field>
      <fieldset class="field">
        <legend>Who can see it</legend>
        <div class="checks">
          {TYPES.map((t) => (
            <label>
              <input type="checkbox" checked={v.types.includes(t.value)} onChange={() => toggle(t.value)} /> {t.label}{' '}
              <span class="small muted">({t.hint})</span>
            </label>
          ))}
        </div>
        {f.types || f['types.0'] ? <p class="field__msg">{f.types ?? f['types.0']}</p> : null}
      </fieldset>
      <div class="grid">
        <Field label="Required skills" error={f.requiredSkills ?? f['requiredSkills.0']} hint="Comma separated">
          {(a) => <input {...a} value={v.skills} onInput={set('skills')} />}
        </Field>
        <Field label="Vacancies" error={f.vacancies}>
          {(a) => <input {...a} type="number" min="1" max="1000" value={v.vacancies} onInput={set('vacancies')} />}
        </Field>
      </div>
      <div class="checks field">
        <label>
          <input type="checkbox" checked={v.isSpecialized} onChange={() => setV({ ...v, isSpecialized: !v.isSpecialized })} /> Specialized role
        </label>
      </div>
      <div class="row">
        <Button type="submit" busy={form.busy}>
          {job ? 'Save changes' : 'Publish job'}
        </Button>
        {onCancel ? (
          <Button type="button" variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
