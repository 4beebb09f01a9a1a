import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Job, Technician, Visit } from '../../../src/modules/fsm/fsm.schemas';
import { locale, t } from '../i18n';
import { api, call } from '../lib/api';
import { lastEvent } from '../lib/notifications';
import type { RealtimeMessage } from '../lib/realtime';
import { allPages } from './cmms-bits';
import { Badge } from './ui';

type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export const JOB_STATUSES = ['unscheduled', 'scheduled', 'in_progress', 'completed', 'cancelled'] as const satisfies readonly Job['status'][];
export const FSM_PRIORITIES = ['none', 'low', 'medium', 'high'] as const satisfies readonly Job['priority'][];
/** The steps of a visit, in order (cancelled is off the path). */
export const STEPS = ['scheduled', 'dispatched', 'en_route', 'on_site', 'completed'] as const satisfies readonly Visit['status'][];

const JOB_TONE: Record<Job['status'], Tone> = { unscheduled: 'warn', scheduled: 'info', in_progress: 'warn', completed: 'good', cancelled: 'neutral' };
const VISIT_TONE: Record<Visit['status'], Tone> = { scheduled: 'neutral', dispatched: 'info', en_route: 'warn', on_site: 'warn', completed: 'good', cancelled: 'bad' };
const PRIORITY_TONE: Record<Job['priority'], Tone> = { none: 'neutral', low: 'neutral', medium: 'info', high: 'bad' };

export const JobStatus = ({ status }: { status: Job['status'] }) => (
  <Badge tone={JOB_TONE[status]} testId="job-status">
    {t(`fsm.jobStatus.${status}`)}
  </Badge>
);
export const VisitStatus = ({ status }: { status: Visit['status'] }) => (
  <Badge tone={VISIT_TONE[status]} testId="visit-status">
    {t(`fsm.visitStatus.${status}`)}
  </Badge>
);
export const JobPriority = ({ level }: { level: Job['priority'] }) => (level === 'none' ? null : <Badge tone={PRIORITY_TONE[level]}>{t(`fsm.priority.${level}`)}</Badge>);

/** The last live event when it is one of these FSM families (`fsm.visit.`, `fsm.job.`…). */
export function fsmEvent(...prefixes: string[]): RealtimeMessage | null {
  const ev = lastEvent.value;
  return ev && prefixes.some((p) => ev.type.startsWith(p)) ? ev : null;
}

// ── UTC times: FSM dates, windows and shifts are UTC ─────────────────────────────────────────────────────────────────

const pad = (n: number) => String(n).padStart(2, '0');
/** "14:30" (UTC) of an instant. */
export const utcHm = (iso: string) => {
  const d = new Date(iso);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};
/** "2026-03-14" (UTC) of an instant. */
export const utcDay = (iso: string) => new Date(iso).toISOString().slice(0, 10);
export const todayUtc = () => new Date().toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
export const isDay = (day: string) => /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`));
/** The instant of a UTC day and "HH:MM"; undefined when either is not valid. */
export function utcInstant(day: string, hm: string): string | undefined {
  if (!isDay(day) || !/^\d{2}:\d{2}$/.test(hm)) return undefined;
  const at = new Date(`${day}T${hm}:00Z`);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}
/** "14:30–16:00 UTC" of a window. */
export const windowText = (start: string, end: string) => t('fsm.utcWindow', { start: utcHm(start), end: utcHm(end) });
/** The day of a UTC date written for the reader ("Tuesday, 1 December 2026"). */
export const dayLabel = (day: string) => new Intl.DateTimeFormat(locale.value, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
/** A weekday's name (0 = Sunday) in the current language. */
export const weekdayName = (weekday: number) => new Intl.DateTimeFormat(locale.value, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + weekday)));
export const minutesOf = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
export const hmOf = (minutes: number) => `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;

/** A technician's shifts on a UTC date ("11:00–20:00"), or none. */
export const shiftsOn = (tech: Pick<Technician, 'shifts'>, day: string) => tech.shifts.filter((s) => s.weekday === new Date(`${day}T00:00:00Z`).getUTCDay());

/** A plain OpenStreetMap link to a point. */
export const mapLink = (lat: number, lng: number) => `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`;

/** "electrical, hvac" from what a person typed ("electrical, HVAC ,"), as the API takes skills. */
export const skillsFrom = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

// ── Loaders for pickers ──────────────────────────────────────────────────────────────────────────────────────────

export const loadCustomers = () => allPages((page) => call(api.fsm.customers.$get({ query: { page: String(page), limit: '100', sortBy: 'name', sortOrder: 'asc' } })));
export const loadSites = (customerId: string) =>
  allPages((page) => call(api.fsm.customers[':id'].sites.$get({ param: { id: customerId }, query: { page: String(page), limit: '100', sortBy: 'name', sortOrder: 'asc' } })));
export const loadTechnicians = () => allPages((page) => call(api.fsm.technicians.$get({ query: { page: String(page), limit: '100', sortBy: 'name', sortOrder: 'asc' } })));

/** A modal <dialog> (focus kept inside, Escape closes) shown while mounted. */
export function Dialog({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ComponentChildren; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="dialog-title" onCancel={(e) => (e.preventDefault(), onClose())} data-testid={testId}>
      <h2 id="dialog-title">{title}</h2>
      {children}
    </dialog>
  );
}

/** A "14:30–16:00 UTC · FJ-0004" line's people: technician names from their ids. */
export const namesOf = (ids: string[], techs: Pick<Technician, 'userId' | 'name'>[] | undefined) =>
  ids.map((id) => techs?.find((x) => x.userId === id)?.name ?? t('fsm.formerTechnician')).join(', ');
