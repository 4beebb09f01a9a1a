/**
 * Plural forms of one message, picked with `Intl.PluralRules` for the count. `zero`, when given, wins for a count of 0
 * in any language (CLDR puts 0 in "one" for Portuguese, which reads oddly in lists: "0 vaga").
 */
export interface PluralForms {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

/** What an area file holds: messages (`{name}` placeholders), plural forms, or nested groups of them. */
export interface Area {
  readonly [key: string]: string | PluralForms | Area;
}

/**
 * Another language's version of an English area: exactly the same keys (a missing or extra key fails `tsc` through
 * `satisfies`), any wording, and the plural forms that language needs.
 */
export type Translation<T> = T extends string
  ? string
  : T extends { readonly other: string }
    ? PluralForms
    : { readonly [K in keyof T]: Translation<T[K]> };
