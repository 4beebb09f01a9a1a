import { z } from 'zod';

/** An ISO-8601 UTC timestamp, as every API date is. */
export const isoTime = () => z.iso.datetime({ message: 'must be an ISO-8601 UTC timestamp' });

// ── Field rules the modules' bodies share ────────────────────────────────────────────────────────────────────────

/** Trimmed text between `min` and `max` characters, with the messages every module uses. */
export const text = (max: number, min = 1) =>
  z
    .string({ message: 'must be text' })
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);

/** Optional free text: an empty string clears it (stored as null). */
export const optionalText = (max: number) =>
  z
    .string({ message: 'must be text' })
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable();

/** Another record's id in a body. */
export const ref = (what: string) => z.uuid({ message: `must be a ${what} id (UUID)` });

/** An ISO-8601 UTC timestamp as input, stored in one spelling (toISOString) so stored times compare as text. */
export const instant = () => isoTime().transform((v) => new Date(v).toISOString());

/** For `.refine(distinct, …)` on lists whose items must not repeat. */
export const distinct = <T>(list: T[]) => new Set(list).size === list.length;

/** A PATCH body must change something: `.refine(nonEmpty, atLeastOne)`. */
export const nonEmpty = (v: object) => Object.keys(v).length > 0;
export const atLeastOne = { message: 'Send at least one field to change' };
