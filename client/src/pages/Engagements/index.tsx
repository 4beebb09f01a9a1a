import { useId, useState } from 'preact/hooks';
import type { Engagement } from '../../../../src/modules/services/services.schemas';
import { EngagementFacts, EngagementStatus } from '../../components/service-bits';
import { Button, Choices, Empty, ErrorNote, Field, FormError, Loading, PageHeader, Pagination } from '../../components/ui';
import { t } from '../../i18n';
import { ApiFailure, api, call } from '../../lib/api';
import { lastEvent } from '../../lib/notifications';
import { currentUser, isManager, isStaff } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';
import { useSubmit } from '../../lib/use-submit';

const ROLES = ['client', 'provider'] as const;
const STARS = [1, 2, 3, 4, 5] as const;

function CancelForm({ e, onDone, onClose }: { e: Engagement; onDone: () => void; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const form = useSubmit(async () => {
    await call(api.engagements[':id'].cancel.$post({ param: { id: e.id }, json: { reason } }));
    toast(t('services.engagements.cancelledToast'), { tone: 'success' });
    onDone();
  });
  return (
    <form class="inset" onSubmit={form.onSubmit()} noValidate aria-label={t('services.engagements.cancelLabel')}>
      <FormError error={form.error} fields={['reason']} />
      <Field label={t('services.engagements.reason')} error={form.fields.reason} hint={t('services.engagements.reasonHint')}>
        {(a) => <textarea {...a} name="reason" required value={reason} onInput={(ev) => setReason(ev.currentTarget.value)} maxLength={2000} />}
      </Field>
      <div class="row">
        <Button type="submit" variant="danger" busy={form.busy} data-testid="confirm-cancel-engagement">
          {t('services.engagements.confirmCancel')}
        </Button>
        <Button type="button" variant="secondary" onClick={onClose}>
          {t('services.engagements.keep')}
        </Button>
      </div>
    </form>
  );
}

function ReviewForm({ e, other, onDone, onClose }: { e: Engagement; other: string; onDone: () => void; onClose: () => void }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const form = useSubmit(async () => {
    if (rating === 0) throw new ApiFailure(400, 'VALIDATION_FAILED', 'No rating', [{ path: 'rating', message: t('services.engagements.pickStars') }]);
    await call(api.engagements[':id'].review.$post({ param: { id: e.id }, json: { rating, ...(comment.trim() ? { comment } : {}) } }));
    toast(t('services.engagements.reviewedToast'), { tone: 'success' });
    onDone();
  });
  return (
    <form class="inset" onSubmit={form.onSubmit()} noValidate aria-label={t('services.engagements.reviewLabel', { company: other })}>
      <FormError error={form.error} fields={['rating', 'comment']} />
      <Choices legend={t('services.engagements.rating', { company: other })} error={form.fields.rating}>
        {(a) => (
          <div class="stars" data-testid="review-stars">
            {STARS.map((n) => (
              <label class={n <= rating ? 'stars__on' : undefined}>
                <input {...a} type="radio" name={`rating-${e.id}`} value={String(n)} checked={rating === n} onChange={() => setRating(n)} class="sr-only" />
                <span aria-hidden="true">★</span>
                <span class="sr-only">{t('services.engagements.stars', { count: n })}</span>
              </label>
            ))}
            <span class="small muted stars__text">{rating ? t('services.engagements.stars', { count: rating }) : t('services.engagements.pickStars')}</span>
          </div>
        )}
      </Choices>
      <Field label={t('services.engagements.comment')} error={form.fields.comment}>
        {(a) => <textarea {...a} name="comment" value={comment} onInput={(ev) => setComment(ev.currentTarget.value)} maxLength={2000} />}
      </Field>
      <div class="row">
        <Button type="submit" busy={form.busy} data-testid="submit-review">
          {t('services.engagements.sendReview')}
        </Button>
        <Button type="button" variant="secondary" onClick={onClose}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function EngagementItem({ e, onChanged }: { e: Engagement; onChanged: () => void }) {
  const companyId = currentUser.value!.companyId;
  const side = e.clientCompanyId === companyId ? 'client' : e.providerCompanyId === companyId ? 'provider' : null;
  const other = side === 'client' ? e.providerCompanyName : e.clientCompanyName;
  const [open, setOpen] = useState<'cancel' | 'review' | null>(null);
  const titleId = useId();
  const complete = useSubmit(async () => {
    if (!confirm(t('services.engagements.confirmComplete', { company: e.providerCompanyName }))) return;
    await call(api.engagements[':id'].complete.$post({ param: { id: e.id } }));
    toast(t('services.engagements.completedToast'), { body: t('services.engagements.completedBody'), tone: 'success' });
    onChanged();
  });
  const can = isManager.value && side !== null;
  const reviewed = side === 'client' ? e.reviewedByClient : side === 'provider' ? e.reviewedByProvider : false;
  const theyReviewed = side === 'client' ? e.reviewedByProvider : side === 'provider' ? e.reviewedByClient : false;
  const done = () => {
    setOpen(null);
    onChanged();
  };
  return (
    <li class="card stack" data-testid="engagement">
      <div class="row row--between">
        <div class="stacked">
          <h2 class="card__title" id={titleId}>
            <a href={`/services/${e.serviceId}`}>{e.title}</a>
          </h2>
          {side ? <span class="small muted">{side === 'client' ? t('services.engagements.youClient', { company: other }) : t('services.engagements.youProvider', { company: other })}</span> : null}
        </div>
        <EngagementStatus status={e.status} testId="engagement-status" />
      </div>
      <EngagementFacts e={e} />
      {e.cancelReason ? (
        <p class="small">
          <strong>{t('services.engagements.cancelReason')}</strong> {e.cancelReason}
        </p>
      ) : null}
      {e.status === 'completed' && side ? (
        <p class="small muted" data-testid="review-state">
          {reviewed ? t('services.engagements.youReviewed') : t('services.engagements.notReviewed')} ·{' '}
          {theyReviewed ? t('services.engagements.theyReviewed', { company: other }) : t('services.engagements.theyNotReviewed', { company: other })}
        </p>
      ) : null}
      <FormError error={complete.error} />
      {can && open === null ? (
        <div class="row">
          {e.status === 'active' && side === 'client' ? (
            <Button busy={complete.busy} onClick={() => complete.run()} aria-describedby={titleId} data-testid="complete-engagement">
              {t('services.engagements.complete')}
            </Button>
          ) : null}
          {e.status === 'active' ? (
            <Button variant="secondary" onClick={() => setOpen('cancel')} aria-describedby={titleId} data-testid="cancel-engagement">
              {t('services.engagements.cancel')}
            </Button>
          ) : null}
          {e.status === 'completed' && !reviewed ? (
            <Button variant="secondary" onClick={() => setOpen('review')} aria-describedby={titleId} data-testid="review-engagement">
              {t('services.engagements.review', { company: other })}
            </Button>
          ) : null}
        </div>
      ) : null}
      {open === 'cancel' ? <CancelForm e={e} onDone={done} onClose={() => setOpen(null)} /> : null}
      {open === 'review' ? <ReviewForm e={e} other={other} onDone={done} onClose={() => setOpen(null)} /> : null}
    </li>
  );
}

/** Engagements the company takes part in, as client or provider: complete, cancel (with a reason), review. */
export function Engagements() {
  const [q, setQ] = useQueryState({ role: 'client', status: '', page: '1' });
  const ev = lastEvent.value;
  // Completed, cancelled or reviewed by the other side, or a new one from an accepted proposal: shown without a reload.
  const changed = ev && (ev.type.startsWith('services.engagement.') || ev.type === 'services.proposal.accepted') ? ev.id : null;
  const role = q.role === 'provider' ? 'provider' : 'client';
  // Platform staff see every engagement (sides are the companies'): no tabs, no role.
  const staff = isStaff.value;
  const list = useAsync(
    () => call(api.engagements.$get({ query: { ...(staff ? {} : { role }), page: q.page, limit: '10', sortBy: 'createdAt', sortOrder: 'desc', ...(q.status ? { status: q.status } : {}) } })),
    [role, q.page, q.status, changed],
  );
  return (
    <>
      <PageHeader title={t('services.engagements.title')}>
        <label class="inline-field small">
          {t('services.engagements.statusFilter')}
          <select name="status" value={q.status} onChange={(e) => setQ({ status: e.currentTarget.value })}>
            <option value="">{t('common.any')}</option>
            <option value="active">{t('services.engagementStatus.active')}</option>
            <option value="completed">{t('services.engagementStatus.completed')}</option>
            <option value="cancelled">{t('services.engagementStatus.cancelled')}</option>
          </select>
        </label>
      </PageHeader>
      {staff ? (
        <p class="small muted">{t('services.engagements.staffHint')}</p>
      ) : (
        <>
          <div class="row segmented" role="group" aria-label={t('services.engagements.tabs')}>
            {ROLES.map((r) => (
              <button class={`btn ${role === r ? 'btn--primary' : 'btn--secondary'}`} aria-pressed={role === r} data-testid={`tab-${r}`} onClick={() => setQ({ role: r })}>
                {t(`services.engagements.tab.${r}`)}
              </button>
            ))}
          </div>
          <p class="small muted">{t(`services.engagements.tabHint.${role}`)}</p>
        </>
      )}
      {list.error ? <ErrorNote error={list.error} retry={list.reload} /> : null}
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty title={t('services.engagements.empty')}>
          <p>{t(`services.engagements.emptyHint.${role}`)}</p>
          <a class="btn btn--secondary" href="/services">
            {t('services.mine.marketLink')}
          </a>
        </Empty>
      ) : (
        <ul class="plain-list" aria-label={t('services.engagements.title')}>
          {list.data.data.map((e) => (
            <EngagementItem key={e.id} e={e} onChanged={() => void list.reload()} />
          ))}
        </ul>
      )}
      {list.data ? <Pagination page={list.data.meta.page} totalPages={list.data.meta.totalPages} total={list.data.meta.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
    </>
  );
}
