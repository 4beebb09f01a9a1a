import type { Conflict } from './fsm.schemas';
import type { Shift } from './fsm.table';

/** What conflict detection needs of a visit of the board's day. */
export interface DayVisit {
  id: string;
  technicianIds: string[];
  start: string;
  end: string;
  jobNumber: string;
  requiredSkills: string[];
}

/** What conflict detection needs of a technician. */
export interface DayTechnician {
  userId: string;
  name: string;
  skills: string[];
  shifts: Shift[];
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const hhmm = (iso: string) => iso.slice(11, 16);
const minutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));

/**
 * The board's conflicts for one UTC date: two visits of a technician that overlap (each is flagged, naming the
 * other), a visit outside the technician's shifts of that weekday (it must fit inside one shift; a visit running past
 * midnight fits none), and a required skill of the job that none of the visit's technicians has (once per visit).
 */
export function conflictsOf(date: string, technicians: DayTechnician[], visits: DayVisit[]): Conflict[] {
  const out: Conflict[] = [];
  const dayStart = Date.parse(`${date}T00:00:00.000Z`);
  const weekday = new Date(dayStart).getUTCDay();
  const byId = new Map(technicians.map((t) => [t.userId, t]));
  const sorted = [...visits].sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  for (const t of technicians) {
    const own = sorted.filter((v) => v.technicianIds.includes(t.userId));
    for (let i = 0; i < own.length; i++) {
      for (let j = i + 1; j < own.length && own[j]!.start < own[i]!.end; j++) {
        const [a, b] = [own[i]!, own[j]!];
        out.push({ visitId: a.id, kind: 'overlap', technicianId: t.userId, detail: `Overlaps ${b.jobNumber} (${hhmm(b.start)}–${hhmm(b.end)} UTC) for ${t.name}` });
        out.push({ visitId: b.id, kind: 'overlap', technicianId: t.userId, detail: `Overlaps ${a.jobNumber} (${hhmm(a.start)}–${hhmm(a.end)} UTC) for ${t.name}` });
      }
    }
    const shifts = t.shifts.filter((s) => s.weekday === weekday);
    for (const v of own) {
      const from = (Date.parse(v.start) - dayStart) / 60_000;
      const to = (Date.parse(v.end) - dayStart) / 60_000;
      if (shifts.some((s) => minutes(s.start) <= from && to <= minutes(s.end))) continue;
      const hours = shifts.map((s) => `${s.start}–${s.end}`).join(', ');
      out.push({
        visitId: v.id,
        kind: 'outside_shift',
        technicianId: t.userId,
        detail: shifts.length
          ? `${hhmm(v.start)}–${hhmm(v.end)} UTC is outside ${t.name}'s shift on ${WEEKDAYS[weekday]} (${hours} UTC)`
          : `${t.name} has no shift on ${WEEKDAYS[weekday]}s`,
      });
    }
  }
  for (const v of sorted) {
    const team = new Set(v.technicianIds.flatMap((id) => byId.get(id)?.skills ?? []).map((k) => k.toLowerCase()));
    const missing = v.requiredSkills.filter((k) => !team.has(k.toLowerCase()));
    if (missing.length) {
      out.push({ visitId: v.id, kind: 'missing_skill', technicianId: null, detail: `Needs ${missing.join(', ')}, which no technician of the visit has` });
    }
  }
  return out;
}

export interface Point {
  lat: number;
  lng: number;
}

const EARTH_KM = 6371.0088;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in kilometres (haversine). */
export function haversineKm(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const pointOf = (s: { lat?: number | null | undefined; lng?: number | null | undefined }): Point | null =>
  typeof s.lat === 'number' && typeof s.lng === 'number' ? { lat: s.lat, lng: s.lng } : null;

const round = (km: number) => Math.round(km * 10) / 10;

/**
 * A day's stops in travel order with the leg to each (km, one decimal; null where a coordinate is missing).
 * `optimize`: greedy nearest-neighbour from `home` — always the closest stop not yet visited (ties: earlier start);
 * without a home base the tour starts at the earliest stop. Stops without coordinates keep their time order, after
 * the others. Otherwise the stops stay in the order given (by start).
 */
export function routeOf<S extends { lat?: number | null | undefined; lng?: number | null | undefined }>(home: Point | null, stops: S[], optimize: boolean): (S & { legKm: number | null })[] {
  let order = stops;
  if (optimize) {
    const placed = stops.filter((s) => pointOf(s));
    const rest = stops.filter((s) => !pointOf(s));
    const tour: S[] = [];
    let at = home ?? (placed[0] ? pointOf(placed[0]) : null);
    const left = [...placed];
    while (left.length > 0) {
      let best = 0;
      for (let i = 1; i < left.length; i++) if (haversineKm(at!, pointOf(left[i]!)!) < haversineKm(at!, pointOf(left[best]!)!)) best = i;
      const [next] = left.splice(best, 1);
      tour.push(next!);
      at = pointOf(next!);
    }
    order = [...tour, ...rest];
  }
  let prev: Point | null = home;
  return order.map((s) => {
    const here = pointOf(s);
    const legKm = prev && here ? round(haversineKm(prev, here)) : null;
    prev = here;
    return { ...s, legKm };
  });
}
