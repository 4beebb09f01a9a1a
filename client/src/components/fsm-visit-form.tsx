import { useState } from 'preact/hooks';
import type { Technician, Visit } from '../../../src/modules/fsm/fsm.schemas';
import { t } from '../i18n';
import { api, call } from '../lib/api';
import { useSubmit } from '../lib/use-submit';
import { hmOf, minutesOf, utcDay, utcHm, utcInstant } from './fsm-bits';
import { Button, Choices, Field, FormError } from './ui';

type Tech = Pick<Technician, 'userId' | 'name' | 'skills' | 'userStatus'>;

/**
 * Schedules a visit of a job (technicians, UTC day, start and end, checklist) or moves one (reassign, reschedule,
 * with the version read). Used on the job page, and in the board's assign and move dialogs.
 */
export function VisitForm({
  job,
  visit,
  technicians,
  initial,
  onSaved,
  onCancel,
  onStale,
}: {
  job: { id: string; version: number; durationMin: number; requiredSkills: string[] };
  visit?: Visit;
  technicians: Tech[];
  initial: { technicianIds: string[]; day: string; start: string };
  onSaved: (visit: Visit) => void;
  onCancel: () => void;
  /** A 409: someone changed the job or visit meanwhile (the caller refreshes). */
  onStale?: () => void;
}) {
  const duration = visit ? (Date.parse(visit.end) - Date.parse(visit.start)) / 60_000 : job.durationMin;
  const [v, setV] = useState({
    technicianIds: initial.technicianIds,
    day: initial.day,
    start: initial.start,
    end: visit && initial.start === utcHm(visit.start) && initial.day === utcDay(visit.start) ? utcHm(visit.end) : hmOf(Math.min(minutesOf(initial.start) + duration, 24 * 60 - 1)),
    checklist: '',
  });
  const form = useSubmit(async () => {
    const start = utcInstant(v.day, v.start) ?? '';
    const end = utcInstant(v.day, v.end) ?? '';
    try {
      const body = visit
        ? await call(api.fsm.visits[':id'].$patch({ param: { id: visit.id }, json: { version: visit.version, technicianIds: v.technicianIds, start, end } }))
        : await call(
            api.fsm.visits.$post({
              json: {
                jobId: job.id,
                version: job.version,
                technicianIds: v.technicianIds,
                start,
                end,
                checklist: v.checklist
                  .split('\n')
                  .map((l) => l.trim())
                  .filter(Boolean)
                  .map((label) => ({ label, done: false })),
              },
            }),
          );
      onSaved(body.data);
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === 'CONFLICT' && onStale) onStale();
      throw err;
    }
  });
  const toggle = (id: string, on: boolean) => setV({ ...v, technicianIds: on ? [...v.technicianIds, id] : v.technicianIds.filter((x) => x !== id) });
  const startChanged = (start: string) => setV({ ...v, start, end: /^\d{2}:\d{2}$/.test(start) ? hmOf(Math.min(minutesOf(start) + duration, 24 * 60 - 1)) : v.end });
  const lacking = (tech: Tech) => job.requiredSkills.filter((s) => !tech.skills.some((k) => k.toLowerCase() === s.toLowerCase()));
  return (
    <form onSubmit={form.onSubmit()} noValidate aria-label={visit ? t('fsm.visitForm.move') : t('fsm.visitForm.schedule')} data-testid="visit-form">
      <FormError error={form.error} fields={['technicianIds', 'start', 'end', 'checklist']} />
      <Choices legend={t('fsm.visitForm.technicians')} error={form.fields.technicianIds}>
        {(a) => (
          <div class="checks">
            {technicians
              .filter((x) => x.userStatus === 'active' || v.technicianIds.includes(x.userId))
              .map((x) => {
                const missing = lacking(x);
                return (
                  <label key={x.userId} class="row">
                    <input {...a} type="checkbox" name="technician" value={x.userId} checked={v.technicianIds.includes(x.userId)} onChange={(e) => toggle(x.userId, e.currentTarget.checked)} />
                    <span>
                      {x.name}
                      {missing.length ? <span class="small muted"> · {t('fsm.visitForm.lacks', { skills: missing.join(', ') })}</span> : null}
                    </span>
                  </label>
                );
              })}
          </div>
        )}
      </Choices>
      <div class="form-grid">
        <Field label={t('fsm.visitForm.day')} error={form.fields.start && !v.day ? form.fields.start : undefined}>
          {(a) => <input {...a} name="day" type="date" class="input--date" value={v.day} onInput={(e) => setV({ ...v, day: e.currentTarget.value })} />}
        </Field>
        <Field label={t('fsm.visitForm.start')} error={form.fields.start}>
          {(a) => <input {...a} name="start" type="time" value={v.start} onInput={(e) => startChanged(e.currentTarget.value)} data-testid="visit-start" />}
        </Field>
        <Field label={t('fsm.visitForm.end')} error={form.fields.end}>
          {(a) => <input {...a} name="end" type="time" value={v.end} onInput={(e) => setV({ ...v, end: e.currentTarget.value })} />}
        </Field>
      </div>
      {visit ? null : (
        <Field label={t('fsm.visitForm.checklist')} hint={t('fsm.visitForm.checklistHint')} error={form.fields.checklist}>
          {(a) => <textarea {...a} name="checklist" value={v.checklist} onInput={(e) => setV({ ...v, checklist: e.currentTarget.value })} />}
        </Field>
      )}
      <div class="row">
        <Button type="submit" busy={form.busy} disabled={!v.technicianIds.length} data-testid="visit-submit">
          {visit ? t('fsm.visitForm.saveMove') : t('fsm.visitForm.submit')}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
