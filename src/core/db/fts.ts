import { badRequest } from '../errors';

/** At most this many words of a search are used. */
const MAX_WORDS = 12;

/**
 * Turns free text into a safe FTS5 expression: every word quoted, all required. Words under 2 characters are ignored
 * (they would match almost everything); 2-character words match exactly and longer ones as prefixes (a 1–2 letter
 * prefix expands over a large part of the index). Returns undefined when no word is left (the list is then not
 * filtered by text); text without any letter or digit is 400.
 */
export function ftsMatch(search: string): string | undefined {
  const words = search.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) throw badRequest('Invalid search: must contain letters or numbers', 'search');
  const usable = words.filter((w) => [...w].length >= 2).slice(0, MAX_WORDS);
  if (usable.length === 0) return undefined;
  return usable.map((w) => ([...w].length >= 3 ? `"${w}"*` : `"${w}"`)).join(' ');
}
