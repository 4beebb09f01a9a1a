import { useState } from 'preact/hooks';
import type { Technician } from '../../../../src/modules/fsm/fsm.schemas';
import { allPages } from '../../components/cmms-bits';
import { loadTechnicians, skillsFrom, weekdayName } from '../../components/fsm-bits';
import { Badge, Button, Empty, ErrorNote, Field, FormError, Loading, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { isManager } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';

type Shift = Technician['shifts'][number];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];

const coordinate = (text: string) => (text.trim() === '' ? null : Number(text.trim().replace(',', '.')));

/** Skills, shifts (UTC, per weekday) and home base of an employee's technician profile (admins). */
function ProfileForm({ userId, name, profile, onDone }: { userId: string; name: string; profile: Technician | undefined; onDone: (saved: boolean) => void }) {
  const [skills, setSkills] = useState(profile?.skills.join(', ') ?? '');
  const [shifts, setShifts] = useState<Shift[]>(profile?.shifts ?? []);
  const [home, setHome] = useState({ lat: profile?.homeLat === null || profile?.homeLat === undefined ? '' : String(profile.homeLat), lng: profile?.homeLng === null || profile?.homeLng === undefined ? '' : String(profile.homeLng) });
  const form = useSubmit(async () => {
    await call(api.fsm.technicians[':userId'].$put({ param: { userId }, json: { skills: skillsFrom(skills), shifts, homeLat: coordinate(home.lat), homeLng: coordinate(home.lng) } }));
    toast(t('fsm.technicians.saved', { name }), { tone: 'success' });
    onDone(true);
  });
  const setShift = (i: number, patch: Partial<Shift>) => setShifts(shifts.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const shiftError = Object.entries(form.fields).find(([k]) => k.startsWith('shifts'))?.[1];
  return (
    <form class="card card--inset" onSubmit={form.onSubmit()} noValidate aria-label={t('fsm.technicians.editNamed', { name })} data-testid="technician-form">
      <FormError error={form.error} fields={Object.keys(form.fields)} />
      <Field label={t('fsm.technicians.skills')} hint={t('fsm.jobs.skillsHint')} error={form.fields.skills}>
        {(a) => <input {...a} name="skills" value={skills} onInput={(e) => setSkills(e.currentTarget.value)} />}
      </Field>
      <fieldset class="fieldset field">
        <legend>{t('fsm.technicians.shifts')}</legend>
        <p class="small muted">{t('fsm.technicians.shiftsHint')}</p>
        {shifts.length === 0 ? <p class="small muted">{t('fsm.technicians.noShifts')}</p> : null}
        <ul class="plain-list stack">
          {shifts.map((s, i) => (
            <li class="shift-row" key={i}>
              <Field label={t('fsm.technicians.weekday')}>
                {(a) => (
                  <select {...a} value={String(s.weekday)} onChange={(e) => setShift(i, { weekday: Number(e.currentTarget.value) })}>
                    {WEEKDAYS.map((d) => (
                      <option value={String(d)}>{weekdayName(d)}</option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('fsm.technicians.from')}>{(a) => <input {...a} type="time" value={s.start} onInput={(e) => setShift(i, { start: e.currentTarget.value })} />}</Field>
              <Field label={t('fsm.technicians.to')}>{(a) => <input {...a} type="time" value={s.end} onInput={(e) => setShift(i, { end: e.currentTarget.value })} />}</Field>
              <Button type="button" variant="ghost" class="btn--small" onClick={() => setShifts(shifts.filter((_, j) => j !== i))} aria-label={t('fsm.technicians.removeShift', { day: weekdayName(s.weekday) })}>
                {t('fsm.delete')}
              </Button>
            </li>
          ))}
        </ul>
        {shiftError ? <p class="field__msg" role="alert">{shiftError}</p> : null}
        <div class="row">
          <Button type="button" variant="secondary" class="btn--small" onClick={() => setShifts([...shifts, { weekday: 1, start: '11:00', end: '20:00' }])}>
            {t('fsm.technicians.addShift')}
          </Button>
          <Button
            type="button"
            variant="ghost"
            class="btn--small"
            onClick={() => setShifts([1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: shifts[0]?.start ?? '11:00', end: shifts[0]?.end ?? '20:00' })))}
          >
            {t('fsm.technicians.weekdays')}
          </Button>
        </div>
      </fieldset>
      <div class="form-grid">
        <Field label={t('fsm.technicians.homeLat')} error={form.fields.homeLat}>
          {(a) => <input {...a} name="homeLat" inputMode="decimal" value={home.lat} onInput={(e) => setHome({ ...home, lat: e.currentTarget.value })} />}
        </Field>
        <Field label={t('fsm.technicians.homeLng')} error={form.fields.homeLng}>
          {(a) => <input {...a} name="homeLng" inputMode="decimal" value={home.lng} onInput={(e) => setHome({ ...home, lng: e.currentTarget.value })} />}
        </Field>
      </div>
      <div class="row">
        <Button type="submit" busy={form.busy} data-testid="technician-submit">
          {t('common.save')}
        </Button>
        <Button type="button" variant="ghost" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** The company's employees with their technician profiles; admins make anyone a technician and edit profiles. */
export function Technicians() {
  const employees = useAsync(() => allPages((page) => call(api.employees.$get({ query: { page: String(page), limit: '100', status: 'active', sortBy: 'name', sortOrder: 'asc' } })), 500), []);
  const techs = useAsync(() => loadTechnicians(), []);
  const [editing, setEditing] = useState<string | null>(null);
  const admin = isManager.value;
  const error = employees.error ?? techs.error;
  return (
    <>
      <PageHeader title={t('fsm.technicians.title')} />
      <p class="muted">{t('fsm.technicians.intro')}</p>
      {error ? <ErrorNote error={error} retry={() => (void employees.reload(), void techs.reload())} /> : null}
      {!employees.data || !techs.data ? (
        error ? null : <Loading />
      ) : employees.data.length === 0 ? (
        <Empty title={t('fsm.technicians.empty')} />
      ) : (
        <ul class="list card">
          {employees.data.map((e) => {
            const p = techs.data?.find((x) => x.userId === e.id);
            return (
              <li key={e.id} data-testid="technician" data-email={e.email}>
                <div class="row row--between">
                  <span class="stacked">
                    <strong>{e.name}</strong>
                    <span class="small muted break">{e.email}</span>
                  </span>
                  <span class="row">
                    {p ? <Badge tone="info">{t('fsm.technicians.isTechnician')}</Badge> : <Badge>{t('fsm.technicians.notTechnician')}</Badge>}
                    {admin && editing !== e.id ? (
                      <Button variant="secondary" class="btn--small" onClick={() => setEditing(e.id)} aria-label={t('fsm.technicians.editNamed', { name: e.name })} data-testid="edit-technician">
                        {p ? t('fsm.edit') : t('fsm.technicians.make')}
                      </Button>
                    ) : null}
                  </span>
                </div>
                {p ? (
                  <dl class="facts facts--compact facts--spaced">
                    <div>
                      <dt>{t('fsm.technicians.skills')}</dt>
                      <dd>{p.skills.length ? p.skills.join(', ') : '—'}</dd>
                    </div>
                    <div>
                      <dt>{t('fsm.technicians.shifts')}</dt>
                      <dd>{p.shifts.length ? p.shifts.map((s) => t('fsm.technicians.shiftText', { day: weekdayName(s.weekday), start: s.start, end: s.end })).join(' · ') : t('fsm.technicians.noShifts')}</dd>
                    </div>
                    <div>
                      <dt>{t('fsm.technicians.home')}</dt>
                      <dd>{p.homeLat !== null && p.homeLng !== null ? t('fsm.sites.coordinates', { lat: formatNumber(p.homeLat), lng: formatNumber(p.homeLng) }) : '—'}</dd>
                    </div>
                  </dl>
                ) : null}
                {editing === e.id ? (
                  <ProfileForm userId={e.id} name={e.name} profile={p} onDone={(saved) => (setEditing(null), saved && void techs.reload())} />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
