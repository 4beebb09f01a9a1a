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
  // Field service (FSM): before the general patterns, which some of its messages would also match
  [/The (visit|job) changed meanwhile/, () => t('fsm.errors.changedMeanwhile')],
  [/Every checklist item must be done before the visit/, () => t('fsm.errors.checklistFirst')],
  [/A visit that is .+ cannot become|A visit cannot be moved back/, () => t('fsm.errors.badStep')],
  [/A (completed|cancelled) visit cannot be changed/, () => t('fsm.errors.visitFinished')],
  [/A (completed|cancelled) job (cannot be changed|takes no more visits)/, () => t('fsm.errors.jobFinished')],
  [/This visit is under way/, () => t('fsm.errors.underWay')],
  [/A visit of this job is under way/, () => t('fsm.errors.jobUnderWay')],
  [/Only a dispatcher can/, () => t('fsm.errors.dispatcherOnly')],
  [/Only the technicians of this visit/, () => t('fsm.errors.notYourVisit')],
  [/This (customer|site) has open jobs/, () => t('fsm.errors.openJobs')],
  [/This work order already has a field job/, () => t('fsm.errors.woHasJob')],
  [/The customer or site changed meanwhile/, () => t('fsm.errors.customerChanged')],
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
  // Maintenance (CMMS)
  [/Only (\d+) of (.+) in stock/, (m) => t('cmms.errors.stock', { count: Number(m[1]), name: m[2]! })],
  [/The stock is no longer/, () => t('cmms.errors.stockChanged')],
  [/cumulative meter never decreases/, () => t('cmms.errors.meterDecreases')],
  [/must not be older than the meter's last reading/, () => t('cmms.errors.readingOlder')],
  [/asset with code (.+) already exists/, (m) => t('cmms.errors.assetCode', { code: m[1]! })],
  [/part with SKU (.+) already exists/, (m) => t('cmms.errors.partSku', { sku: m[1]! })],
  [/Every checklist item must be done/, () => t('cmms.errors.checklistFirst')],
  [/work order that is .+ cannot become|cannot be moved back to/, () => t('cmms.errors.badMove')],
  [/(closed|cancelled) work order|Closed and cancelled work orders/, () => t('cmms.errors.finished')],
  [/This request was already/, () => t('cmms.errors.requestDone')],
  [/still holds locations or assets/, () => t('cmms.errors.locationInUse')],
  [/has child assets/, () => t('cmms.errors.assetHasChildren')],
  [/Active PM schedules use this meter/, () => t('cmms.errors.meterInUse')],
  [/Only the people assigned to this work order/, () => t('cmms.errors.notAssigned')],
  [/can close or cancel/, () => t('cmms.errors.closeCancel')],
  [/send a proposal to your own company/, () => t('services.errors.ownRequest')],
  [/already has a proposal for this request/, () => t('services.errors.alreadyProposed')],
  [/no longer takes proposals/, () => t('services.errors.noLongerOpen')],
  [/service request (was already|is already) awarded/, () => t('services.errors.alreadyAwarded')],
  [/This proposal is (accepted|rejected|withdrawn)/, () => t('services.errors.proposalDecided')],
  [/service request is (already )?(closed|cancelled)|service request is \w+ and can no longer change/, () => t('services.errors.requestEnded')],
  [/Only the requesting company|own company's service requests/, () => t('services.errors.onlyRequester')],
  [/Only the proposing company/, () => t('services.errors.onlyProposer')],
  [/Only the client company/, () => t('services.errors.onlyClient')],
  [/This engagement is already/, () => t('services.errors.engagementFinal')],
  [/reviewed once it is completed/, () => t('services.errors.reviewAfterCompletion')],
  [/already reviewed this engagement/, () => t('services.errors.alreadyReviewed')],
  [/own company's offerings/, () => t('services.errors.ownOfferings')],
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
  { id: 'future', pattern: /^(Invalid \w+: )?must be in the future$/, text: () => t('errors.validation.future') },
  { id: 'budgetOrder', pattern: /^(Invalid \w+: )?must not be above budgetMax$/, text: () => t('services.form.budgetOrder') },
  { id: 'letterOrDigit', pattern: /^must contain a letter or digit$/, text: () => t('services.errors.categoryLetter') },
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
  // Maintenance (CMMS): the server's "Invalid <field>: …" messages
  { id: 'cmms', pattern: /a reading cannot be in the future$/, text: () => t('cmms.errors.readingFuture') },
  { id: 'cmms', pattern: /a schedule needs everyDays, everyMeterUnits, or both$/, text: () => t('cmms.errors.needInterval') },
  { id: 'cmms', pattern: /everyMeterUnits and meterId go together$/, text: () => t('cmms.errors.meterWithUnits') },
  { id: 'cmms', pattern: /must be less than everyDays$/, text: () => t('cmms.errors.leadDays') },
  { id: 'cmms', pattern: /meter-based schedules need a cumulative meter$/, text: () => t('cmms.errors.cumulativeMeter') },
  { id: 'cmms', pattern: /the asset is retired$/, text: () => t('cmms.errors.retired') },
  { id: 'cmms', pattern: /the contractor must be a company in an active partnership/, text: () => t('cmms.errors.contractor') },
  { id: 'cmms', pattern: /every assignee must be an active member/, text: () => t('cmms.errors.assignee') },
  { id: 'cmms', pattern: /a location cannot be inside itself$/, text: () => t('cmms.errors.locationCycle') },
  { id: 'cmms', pattern: /an asset cannot be its own parent$/, text: () => t('cmms.errors.assetParent') },
  { id: 'cmms', pattern: /the window is at most \d+ days$/, text: () => t('cmms.errors.window') },
  // Field service (FSM)
  { id: 'fsm', pattern: /site belongs to another customer/, text: () => t('fsm.errors.siteOfOtherCustomer') },
  { id: 'fsm', pattern: /^must name at least one technician$/, text: () => t('fsm.errors.oneTechnician') },
  { id: 'fsm', pattern: /must be after start, and a visit lasts at most 24 hours$/, text: () => t('fsm.errors.window') },
  { id: 'fsm', pattern: /^must be between -(90 and 90|180 and 180)$/, text: (m) => t('fsm.errors.coordinate', { max: m[1]!.startsWith('90') ? 90 : 180 }) },
  { id: 'fsm', pattern: /^Send (lat and lng|homeLat and homeLng) together/, text: () => t('fsm.errors.pair') },
  { id: 'fsm', pattern: /^must be a UTC time "HH:MM"/, text: () => t('fsm.errors.time') },
  { id: 'fsm', pattern: /^must end after it starts/, text: () => t('fsm.errors.shiftOrder') },
  { id: 'fsm', pattern: /^must be a PNG data URL|^must be at most 65536 characters/, text: () => t('fsm.errors.signature') },
  { id: 'fsm', pattern: /^is required \(it defaults to the work order/, text: () => t('errors.validation.required') },
  { id: 'fsm', pattern: /^must be a phone number/, text: () => t('fsm.errors.phone') },
  { id: 'fsm', pattern: /^must be a (customer|site|job|technician|work order) id \(UUID\)$/, text: () => t('errors.validation.required') },
  { id: 'min', pattern: /^must not be negative$/, text: () => t('cmms.errors.notNegative') },
  { id: 'min', pattern: /^must be more than 0$/, text: () => t('cmms.errors.positive') },
  { id: 'currency', pattern: /ISO 4217 currency code/, text: () => t('cmms.errors.currency') },
];

/** Wording for one field and rule where the generic rule text would read poorly (`path:rule`). */
const BY_PATH: Record<string, () => string> = {
  'password:minLength': () => t('errors.validation.passwordLength'),
  'password:maxLength': () => t('errors.validation.passwordLength'),
  'vacancies:min': () => t('errors.validation.vacancies'),
  'vacancies:max': () => t('errors.validation.vacancies'),
  'serviceFeePercent:min': () => t('errors.validation.percent'),
  'serviceFeePercent:max': () => t('errors.validation.percent'),
  'price:min': () => t('services.proposals.form.priceAboveZero'),
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
