import { t, type PlainKey } from '../i18n';
import { ApiFailure, type FailureCode } from './api';

const CODE_TEXT: Record<FailureCode, PlainKey> = {
  VALIDATION_FAILED: 'errors.codes.VALIDATION_FAILED',
  BAD_REQUEST: 'errors.codes.BAD_REQUEST',
  UNAUTHENTICATED: 'errors.codes.UNAUTHENTICATED',
  INVALID_CREDENTIALS: 'errors.codes.INVALID_CREDENTIALS',
  FORBIDDEN: 'errors.codes.FORBIDDEN',
  NOT_FOUND: 'errors.codes.NOT_FOUND',
  METHOD_NOT_ALLOWED: 'errors.codes.METHOD_NOT_ALLOWED',
  CONFLICT: 'errors.codes.CONFLICT',
  PAYLOAD_TOO_LARGE: 'errors.codes.PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'errors.codes.UNSUPPORTED_MEDIA_TYPE',
  RATE_LIMITED: 'errors.codes.RATE_LIMITED',
  INTERNAL: 'errors.codes.INTERNAL',
  UNAVAILABLE: 'errors.codes.UNAVAILABLE',
  NETWORK: 'errors.codes.NETWORK',
};

/**
 * Server messages the app's screens can meet that say more than their code, in the server's (English) wording,
 * with the localized text for each. Anything else is described by its code.
 */
const KNOWN: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/account with this email already exists/, () => t('errors.known.emailTaken')],
  [/already applied/, () => t('errors.known.alreadyApplied')],
  [/no longer takes applications/, () => t('errors.known.jobNotOpen')],
  [/(\d+) applications? (is|are) already accepted/, (m) => t('errors.known.vacanciesBelowAccepted', { count: Number(m[1]) })],
  [/Every vacancy/, () => t('errors.known.vacanciesFilled')],
  [/application was already/, () => t('errors.known.alreadyReviewed')],
  [/changed meanwhile/, () => t('errors.known.changedMeanwhile')],
  [/already have an? \w+ partnership/, () => t('errors.known.alreadyPartners')],
  [/cannot invite your own company/, () => t('errors.known.ownCompany')],
  [/at least one active admin_empresa/, () => t('errors.known.lastAdmin')],
  [/cannot delete your own account/, () => t('errors.known.deleteSelf')],
  [/Enable the endpoint/, () => t('errors.known.enableFirst')],
  [/deactivated/, () => t('errors.known.deactivated')],
  [/Too many failed logins.* (\d+) s/, (m) => t('errors.known.loginThrottled', { count: Number(m[1]) })],
  [/higher role/, () => t('errors.known.higherRole')],
  [/cannot grant the role/, () => t('errors.known.cannotGrantRole')],
  [/Invalid or expired|no longer exists/, () => t('errors.known.sessionEnded')],
  [/only change your own company/, () => t('errors.known.ownCompanyOnly')],
  [/only manage your own company's jobs/, () => t('errors.known.ownJobsOnly')],
  [/Only the invited company/, () => t('errors.known.onlyInvited')],
  [/partnership cannot be changed/, () => t('errors.known.partnershipState')],
  [/at most (\d+) active API keys/, (m) => t('errors.known.tooManyKeys', { count: Number(m[1]) })],
  [/API key is already revoked/, () => t('errors.known.keyAlreadyRevoked')],
  [/Another company's zettels are read-only/, () => t('zettels.errors.readOnly')],
  [/Only its author or a company admin can change this zettel/, () => t('zettels.errors.notYours')],
  [/Only its author can make a zettel personal/, () => t('zettels.errors.personalAuthorOnly')],
  [/This zettel is not in the trash/, () => t('zettels.errors.notInTrash')],
  [/This zettel was changed meanwhile/, () => t('zettels.errors.changedMeanwhile')],
];

/** Codes where trying the same request again can help (the others need the user to change something). */
export const canRetry = (error: ApiFailure) => ['NETWORK', 'INTERNAL', 'UNAVAILABLE', 'RATE_LIMITED'].includes(error.code);

/** The localized sentence for an error as a whole. */
export function errorText(error: ApiFailure): string {
  if (error.code === 'VALIDATION_FAILED' && error.details.length > 0) {
    const messages = error.details.map((d) => fieldText(d.path, d.message));
    return messages.length === 1 ? messages[0]! : t('errors.validation.checkFields');
  }
  for (const [pattern, text] of KNOWN) {
    const match = error.message.match(pattern);
    if (match) return text(match);
  }
  return t(CODE_TEXT[error.code]);
}

/**
 * The rules the app's forms can break, in the server's wording (zod messages in src/…/*.schemas.ts and the webhook
 * URL guard), each with its localized text. A message no rule matches is shown as the server wrote it.
 */
type Rule = { id: string; pattern: RegExp; text: (m: RegExpMatchArray) => string };
const RULES: Rule[] = [
  { id: 'required', pattern: /^(is required|must not be empty)$|^Invalid input: expected \w+, received undefined$/, text: () => t('errors.validation.required') },
  { id: 'minLength', pattern: /^must be at least (\d+) characters$/, text: (m) => t('errors.validation.minLength', { min: Number(m[1]) }) },
  { id: 'maxLength', pattern: /^must be at most (\d+) characters$/, text: (m) => t('errors.validation.maxLength', { max: Number(m[1]) }) },
  { id: 'email', pattern: /^must be a valid email address$/, text: () => t('errors.validation.email') },
  { id: 'min', pattern: /^must be at least (-?\d+(?:\.\d+)?)$/, text: (m) => t('errors.validation.min', { min: Number(m[1]) }) },
  { id: 'max', pattern: /^must be at most (-?\d+(?:\.\d+)?)$/, text: (m) => t('errors.validation.max', { max: Number(m[1]) }) },
  { id: 'number', pattern: /^must be a number$/, text: () => t('errors.validation.number') },
  { id: 'integer', pattern: /^must be a whole number$/, text: () => t('errors.validation.integer') },
  { id: 'atLeastOne', pattern: /^must have at least one type$/, text: () => t('errors.validation.atLeastOneType') },
  { id: 'atLeastOne', pattern: /^must list at least one event type/, text: () => t('errors.validation.atLeastOneEvent') },
  { id: 'httpUrl', pattern: /^must be an http\(s\) URL$/, text: () => t('errors.validation.httpUrl') },
  { id: 'currency', pattern: /^must be a 3-letter ISO 4217 code/, text: () => t('errors.validation.currency') },
  { id: 'maxItems', pattern: /^at most (\d+) skills$/, text: (m) => t('errors.validation.maxItems', { max: Number(m[1]) }) },
  { id: 'searchText', pattern: /^search must contain letters or numbers$/, text: () => t('errors.validation.searchText') },
  { id: 'unknownEvents', pattern: /unknown event types/, text: () => t('errors.validation.unknownEvents') },
  { id: 'atLeastOne', pattern: /^must grant at least one scope$/, text: () => t('errors.validation.atLeastOneScope') },
  { id: 'unknownScopes', pattern: /^each scope must be one of/, text: () => t('errors.validation.unknownScopes') },
  { id: 'future', pattern: /^must be in the future$/, text: () => t('errors.validation.future') },
  { id: 'linkChars', pattern: /^must not contain \[, \], \| or line breaks/, text: () => t('zettels.errors.titleChars') },
  { id: 'tagChars', pattern: /^may hold letters, digits, spaces and /, text: () => t('zettels.errors.tagChars') },
  { id: 'maxItems', pattern: /^must have at most (\d+) tags$/, text: (m) => t('zettels.errors.maxTags', { max: Number(m[1]) }) },
  { id: 'url', pattern: /^url must be a valid absolute URL$/, text: () => t('errors.validation.url.invalid') },
  { id: 'url', pattern: /^url must not contain credentials$/, text: () => t('errors.validation.url.credentials') },
  { id: 'url', pattern: /^url must use https$/, text: () => t('errors.validation.url.https') },
  { id: 'url', pattern: /^url must use the standard https port/, text: () => t('errors.validation.url.port') },
  { id: 'url', pattern: /^url must not point to a private, loopback or reserved address$/, text: () => t('errors.validation.url.private') },
  { id: 'url', pattern: /^url must not use a disguised IP address spelling$/, text: () => t('errors.validation.url.disguised') },
  { id: 'url', pattern: /^url must be a public host name/, text: () => t('errors.validation.url.domain') },
  { id: 'url', pattern: /^url must not point to a local or internal host name$/, text: () => t('errors.validation.url.internal') },
  { id: 'url', pattern: /^url must not point to a metadata service$/, text: () => t('errors.validation.url.metadata') },
];

/** Wording for one field and rule where the generic rule text would read poorly (`path:rule`). */
const BY_PATH: Record<string, () => string> = {
  'password:minLength': () => t('errors.validation.passwordLength'),
  'password:maxLength': () => t('errors.validation.passwordLength'),
  'vacancies:min': () => t('errors.validation.vacancies'),
  'vacancies:max': () => t('errors.validation.vacancies'),
  'serviceFeePercent:min': () => t('errors.validation.percent'),
  'serviceFeePercent:max': () => t('errors.validation.percent'),
};

/** The localized message for one field, by its path and the rule it broke; the server's text for a rule not listed. */
export function fieldText(path: string, message: string): string {
  for (const rule of RULES) {
    const match = message.match(rule.pattern);
    if (match) return (BY_PATH[`${path}:${rule.id}`] ?? (() => rule.text(match)))();
  }
  return message;
}

/** `{ path: localized message }`, the first message per field, for showing each next to its field. */
export function fieldErrors(error: ApiFailure | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of error?.details ?? []) out[d.path] ??= fieldText(d.path, d.message);
  return out;
}
