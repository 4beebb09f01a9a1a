import type { Engagement, Proposal, Rating, Service } from '../../../src/modules/services/services.schemas';
import { locale, t } from '../i18n';
import { formatDate, formatMinor, formatNumber, formatPercent } from '../lib/format';

/** A rating average with one decimal at most ("4.3" / "4,3"). */
const average = (n: number) => n.toLocaleString(locale.value, { maximumFractionDigits: 1 });
import { Badge } from './ui';

export const SERVICE_TONE = { open: 'good', awarded: 'info', closed: 'neutral', cancelled: 'bad' } as const;
export const PROPOSAL_TONE = { submitted: 'warn', accepted: 'good', rejected: 'bad', withdrawn: 'neutral' } as const;
export const ENGAGEMENT_TONE = { active: 'info', completed: 'good', cancelled: 'bad' } as const;

export function ServiceStatus({ status, testId }: { status: Service['status']; testId?: string }) {
  return (
    <Badge tone={SERVICE_TONE[status]} {...(testId ? { testId } : {})}>
      {t(`services.status.${status}`)}
    </Badge>
  );
}

export function ProposalStatus({ status, testId }: { status: Proposal['status']; testId?: string }) {
  return (
    <Badge tone={PROPOSAL_TONE[status]} {...(testId ? { testId } : {})}>
      {t(`services.proposalStatus.${status}`)}
    </Badge>
  );
}

export function EngagementStatus({ status, testId }: { status: Engagement['status']; testId?: string }) {
  return (
    <Badge tone={ENGAGEMENT_TONE[status]} {...(testId ? { testId } : {})}>
      {t(`services.engagementStatus.${status}`)}
    </Badge>
  );
}

/** A request's status, visibility and category as badges. */
export function ServiceBadges({ service }: { service: Pick<Service, 'status' | 'types' | 'category'> }) {
  return (
    <span class="tags">
      <ServiceStatus status={service.status} />
      {service.types.map((type) => (
        <Badge tone="info">{t(`services.types.${type}`)}</Badge>
      ))}
      <Badge>{service.category}</Badge>
    </span>
  );
}

/** A company's rating from the reviews it received: "★ 4.5 (2 reviews)", or that it has none yet. */
export function RatingText({ rating, testId }: { rating: Rating | undefined; testId?: string }) {
  if (!rating || rating.average === null || rating.count === 0) {
    return (
      <span class="small muted" data-testid={testId}>
        {t('services.rating.none')}
      </span>
    );
  }
  const label = t('services.rating.label', { average: average(rating.average), count: rating.count });
  return (
    <span class="rating small" data-testid={testId} title={label}>
      <span aria-hidden="true">
        <span class="rating__star">★</span> {average(rating.average)} ({formatNumber(rating.count)})
      </span>
      <span class="sr-only">{label}</span>
    </span>
  );
}

/** A request's budget: a range, one bound, or none given. */
export function budgetText(s: Pick<Service, 'budgetMin' | 'budgetMax' | 'currency'>): string {
  const { budgetMin: min, budgetMax: max, currency } = s;
  if (min !== null && max !== null) return min === max ? formatMinor(min, currency) : t('services.budget.range', { min: formatMinor(min, currency), max: formatMinor(max, currency) });
  if (max !== null) return t('services.budget.upTo', { max: formatMinor(max, currency) });
  if (min !== null) return t('services.budget.from', { min: formatMinor(min, currency) });
  return t('services.budget.open');
}

/** The fee as a sentence: "10% · €245.00". */
export const feeText = (x: { feePercent: number; feeAmount: number; currency: string }) =>
  t('services.fee.amount', { percent: formatPercent(x.feePercent), amount: formatMinor(x.feeAmount, x.currency) });

/** Key facts of an engagement, frozen at acceptance: the two companies, price, fee and net, and its dates. */
export function EngagementFacts({ e }: { e: Engagement }) {
  return (
    <dl class="facts" data-testid="engagement-facts">
      <div>
        <dt>{t('services.engagements.client')}</dt>
        <dd data-testid="engagement-client">{e.clientCompanyName}</dd>
      </div>
      <div>
        <dt>{t('services.engagements.provider')}</dt>
        <dd data-testid="engagement-provider">{e.providerCompanyName}</dd>
      </div>
      <div>
        <dt>{t('services.engagements.price')}</dt>
        <dd>{formatMinor(e.price, e.currency)}</dd>
      </div>
      <div>
        <dt>{t('services.engagements.fee')}</dt>
        <dd>{feeText(e)}</dd>
      </div>
      <div>
        <dt>{t('services.engagements.net')}</dt>
        <dd>{formatMinor(e.netAmount, e.currency)}</dd>
      </div>
      <div>
        <dt>{t('services.engagements.started')}</dt>
        <dd>{formatDate(e.createdAt)}</dd>
      </div>
      {e.completedAt ? (
        <div>
          <dt>{t('services.engagements.completedAt')}</dt>
          <dd>{formatDate(e.completedAt)}</dd>
        </div>
      ) : null}
      {e.cancelledAt ? (
        <div>
          <dt>{t('services.engagements.cancelledAt')}</dt>
          <dd>{formatDate(e.cancelledAt)}</dd>
        </div>
      ) : null}
    </dl>
  );
}
