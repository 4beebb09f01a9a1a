import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { Engagement, Proposal, Service } from '../../../../src/modules/services/services.schemas';
import { ProposalForm } from '../../components/proposal-form';
import { EngagementFacts, EngagementStatus, ProposalStatus, RatingText, ServiceBadges, budgetText, feeText } from '../../components/service-bits';
import { Badge, Button, Empty, ErrorNote, FormError, Loading, PageError, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatDate, formatDateTime, formatMinor, timeAgo } from '../../lib/format';
import { lastEvent } from '../../lib/notifications';
import { currentUser, isManager, isStaff } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';
import { useSubmit } from '../../lib/use-submit';

type Sort = 'price:asc' | 'timelineDays:asc' | 'createdAt:desc';

/**
 * The engagement a request was awarded with, seen from one side. The engagement list has no request filter, so this
 * looks among the side's latest 100 engagements (an award is recent when it matters most); the accept answer gives it
 * directly right after accepting.
 */
const engagementFor = (serviceId: string, role: 'client' | 'provider') =>
  call(api.engagements.$get({ query: { role, limit: '100', sortBy: 'createdAt', sortOrder: 'desc' } })).then((b) => b.data.find((e) => e.serviceId === serviceId) ?? null);

function EngagementCard({ e, role }: { e: Engagement; role: 'client' | 'provider' }) {
  return (
    <section class="card" aria-labelledby="engagement-title" data-testid="service-engagement">
      <div class="row row--between">
        <h2 id="engagement-title">{t('services.detail.engagement')}</h2>
        <EngagementStatus status={e.status} />
      </div>
      <EngagementFacts e={e} />
      <a class="btn btn--secondary" href={`/engagements?role=${role}`}>
        {t('services.detail.openEngagements')}
      </a>
    </section>
  );
}

/** Which proposal stands out on a measure: the lowest price, the shortest timeline, the best-rated company. */
function highlights(list: Proposal[]) {
  const live = list.filter((p) => p.status === 'submitted');
  const best = (score: (p: Proposal) => number | null) => {
    let top: Proposal | undefined;
    for (const p of live) {
      const s = score(p);
      if (s !== null && (top === undefined || s < score(top)!)) top = p;
    }
    return live.length > 1 ? top?.id : undefined;
  };
  return {
    price: best((p) => p.price),
    timeline: best((p) => p.timelineDays),
    rating: best((p) => (p.rating?.average != null ? -p.rating.average : null)),
  };
}

/** The requester's view: every proposal compared side by side, with accept (live as proposals arrive). */
function Comparison({ service, live, canAccept, onAccepted }: { service: Service; live: string | null; canAccept: boolean; onAccepted: (e: Engagement) => void }) {
  const [q, setQ] = useQueryState({ sort: 'price:asc', page: '1' });
  const [sortBy, sortOrder] = q.sort.split(':') as ['price' | 'timelineDays' | 'createdAt', 'asc' | 'desc'];
  const proposals = useAsync(
    () => call(api.services[':id'].proposals.$get({ param: { id: service.id }, query: { limit: '100', sortBy, sortOrder } })),
    [service.id, q.sort, live],
  );
  const accept = useSubmit(async (p: Proposal) => {
    if (!confirm(t('services.proposals.confirmAccept', { company: p.companyName, price: formatMinor(p.price, p.currency) }))) return;
    const body = await call(api.proposals[':id'].accept.$post({ param: { id: p.id } }));
    toast(t('services.proposals.accepted'), { body: t('services.proposals.acceptedBody', { company: p.companyName }), tone: 'success' });
    onAccepted(body.data.engagement);
    await proposals.reload();
  });
  const rows = proposals.data?.data ?? [];
  const top = highlights(rows);
  return (
    <section class="card" aria-labelledby="proposals-title">
      <div class="row row--between">
        <h2 id="proposals-title">{t('services.proposals.compareTitle')}</h2>
        <label class="inline-field small">
          {t('services.proposals.sort')}
          <select name="proposalSort" value={q.sort} onChange={(e) => setQ({ sort: e.currentTarget.value as Sort })}>
            <option value="price:asc">{t('services.proposals.sortPrice')}</option>
            <option value="timelineDays:asc">{t('services.proposals.sortTimeline')}</option>
            <option value="createdAt:desc">{t('services.proposals.sortNewest')}</option>
          </select>
        </label>
      </div>
      {service.status === 'open' ? <p class="small muted">{t('services.proposals.netNote')}</p> : null}
      <FormError error={accept.error} />
      {proposals.error ? <ErrorNote error={proposals.error} retry={proposals.reload} /> : null}
      {!proposals.data ? (
        proposals.error ? null : <Loading />
      ) : rows.length === 0 ? (
        <Empty title={t('services.proposals.empty')}>{service.status === 'open' ? t('services.proposals.emptyHint') : t('services.proposals.emptyClosed')}</Empty>
      ) : (
        <table class="table--stack compare" aria-label={t('services.proposals.compareTitle')} aria-busy={proposals.loading} data-testid="proposal-table">
          <thead>
            <tr>
              <th scope="col">{t('services.proposals.company')}</th>
              <th scope="col">{t('services.proposals.price')}</th>
              <th scope="col">{t('services.proposals.fee')}</th>
              <th scope="col">{t('services.proposals.net')}</th>
              <th scope="col">{t('services.proposals.timeline')}</th>
              <th scope="col">{t('services.proposals.message')}</th>
              <th scope="col">{t('services.proposals.status')}</th>
              <th scope="col">
                <span class="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id} data-testid="proposal-row" class={p.status === 'withdrawn' || p.status === 'rejected' ? 'row--muted' : undefined}>
                <td class="cell--primary">
                  <strong data-testid="proposal-company">{p.companyName}</strong>
                  <div>
                    <RatingText rating={p.rating} />
                  </div>
                  {top.rating === p.id ? <Badge tone="good">{t('services.proposals.bestRated')}</Badge> : null}
                  <div class="small muted">{t('services.proposals.sent', { when: timeAgo(p.createdAt) })}</div>
                </td>
                <td data-label={t('services.proposals.price')}>
                  <span class="stacked">
                    <strong data-testid="proposal-price">{formatMinor(p.price, p.currency)}</strong>
                    {top.price === p.id ? <Badge tone="good">{t('services.proposals.lowestPrice')}</Badge> : null}
                  </span>
                </td>
                <td data-label={t('services.proposals.fee')} class="small">
                  {feeText(p)}
                </td>
                <td data-label={t('services.proposals.net')}>{formatMinor(p.netAmount, p.currency)}</td>
                <td data-label={t('services.proposals.timeline')}>
                  <span class="stacked">
                    {t('services.proposals.days', { count: p.timelineDays })}
                    {top.timeline === p.id ? <Badge tone="good">{t('services.proposals.fastest')}</Badge> : null}
                  </span>
                </td>
                <td data-label={t('services.proposals.message')} class="small compare__message">
                  {p.message}
                </td>
                <td data-label={t('services.proposals.status')}>
                  <ProposalStatus status={p.status} testId="proposal-status" />
                </td>
                <td class="cell--actions">
                  {canAccept && service.status === 'open' && p.status === 'submitted' ? (
                    <Button busy={accept.busy} onClick={() => accept.run(p)} aria-label={t('services.proposals.acceptOf', { company: p.companyName })} data-testid="accept-proposal">
                      {t('services.proposals.accept')}
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A proposal's terms: price, fee and net, timeline, when it was sent, and its message. */
function ProposalFacts({ p }: { p: Proposal }) {
  return (
    <>
      <dl class="facts">
        <div>
          <dt>{t('services.proposals.price')}</dt>
          <dd>{formatMinor(p.price, p.currency)}</dd>
        </div>
        <div>
          <dt>{t('services.proposals.fee')}</dt>
          <dd>{feeText(p)}</dd>
        </div>
        <div>
          <dt>{t('services.proposals.net')}</dt>
          <dd>{formatMinor(p.netAmount, p.currency)}</dd>
        </div>
        <div>
          <dt>{t('services.proposals.timeline')}</dt>
          <dd>{t('services.proposals.days', { count: p.timelineDays })}</dd>
        </div>
        <div>
          <dt>{t('services.proposals.sentAt')}</dt>
          <dd>{formatDateTime(p.createdAt)}</dd>
        </div>
      </dl>
      <blockquote class="cover-letter small" aria-label={t('services.proposals.message')}>
        {p.message}
      </blockquote>
    </>
  );
}

/**
 * A request this company bid on that other companies can no longer see (awarded, closed or cancelled: the request
 * itself is then visible to its own company only): what this company still knows of it, its proposal, and the
 * engagement when its proposal won.
 */
function EndedRequest({ id, proposals }: { id: string; proposals: Proposal[] }) {
  const current = proposals.find((p) => p.status !== 'withdrawn') ?? proposals[0]!;
  const won = current.status === 'accepted';
  const engagement = useAsync(() => (won ? engagementFor(id, 'provider') : Promise.resolve(null)), [id, won]);
  return (
    <>
      <p class="small">
        <a href="/proposals">
          <span aria-hidden="true">← </span>
          {t('services.mine.title')}
        </a>
      </p>
      <PageHeader title={current.serviceTitle ?? t('services.mine.request')} />
      <p class="alert alert--info" data-testid="request-ended">
        {won ? t('services.detail.endedWon') : t('services.detail.endedForUs')}
      </p>
      {engagement.data ? <EngagementCard e={engagement.data} role="provider" /> : null}
      <section class="card" aria-labelledby="own-proposal-title" data-testid="own-proposal">
        <div class="row row--between">
          <h2 id="own-proposal-title">{t('services.proposals.ownTitle')}</h2>
          <ProposalStatus status={current.status} testId="own-proposal-status" />
        </div>
        <ProposalFacts p={current} />
      </section>
    </>
  );
}

/** Another company's view: its own proposal (send, change, withdraw) with the fee shown live while typing the price. */
function OwnProposal({ service, live, canPropose, onChanged }: { service: Service; live: string | null; canPropose: boolean; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const mine = useAsync(() => call(api.proposals.mine.$get({ query: { serviceId: service.id, limit: '20', sortBy: 'createdAt', sortOrder: 'desc' } })).then((b) => b.data), [service.id, live]);
  const current = mine.data?.find((p) => p.status !== 'withdrawn');
  const earlier = mine.data?.filter((p) => p.status === 'withdrawn') ?? [];
  const withdraw = useSubmit(async (p: Proposal) => {
    if (!confirm(t('services.proposals.confirmWithdraw'))) return;
    await call(api.proposals[':id'].withdraw.$post({ param: { id: p.id } }));
    toast(t('services.proposals.withdrawn'), { tone: 'success' });
    await mine.reload();
    onChanged();
  });
  const saved = async (message: string) => {
    setEditing(false);
    toast(message, { tone: 'success' });
    await mine.reload();
    onChanged();
  };
  if (mine.error) return <ErrorNote error={mine.error} retry={mine.reload} />;
  if (!mine.data) return <Loading />;
  return (
    <section class="card" aria-labelledby="own-proposal-title" data-testid="own-proposal">
      <h2 id="own-proposal-title">{t('services.proposals.ownTitle')}</h2>
      <FormError error={withdraw.error} />
      {current ? (
        editing ? (
          <ProposalForm service={service} proposal={current} onCancel={() => setEditing(false)} onSaved={() => saved(t('services.proposals.saved'))} />
        ) : (
          <>
            <div class="row row--between">
              <ProposalStatus status={current.status} testId="own-proposal-status" />
              {canPropose && current.status === 'submitted' && service.status === 'open' ? (
                <div class="row">
                  <Button variant="secondary" onClick={() => setEditing(true)} data-testid="edit-proposal">
                    {t('services.proposals.edit')}
                  </Button>
                  <Button variant="ghost" busy={withdraw.busy} onClick={() => withdraw.run(current)} data-testid="withdraw-proposal">
                    {t('services.proposals.withdraw')}
                  </Button>
                </div>
              ) : null}
            </div>
            <ProposalFacts p={current} />
            {current.status === 'rejected' ? <p class="small muted">{t('services.proposals.rejectedNote')}</p> : null}
          </>
        )
      ) : service.status !== 'open' ? (
        <p class="muted">{t('services.proposals.notOpen')}</p>
      ) : canPropose ? (
        <>
          <p class="small muted">{t('services.proposals.intro', { currency: service.currency })}</p>
          <ProposalForm service={service} onSaved={() => saved(t('services.proposals.sentToast'))} />
        </>
      ) : (
        <p class="muted">{t('services.proposals.adminsOnly')}</p>
      )}
      {earlier.length ? (
        <p class="small muted">{t('services.proposals.earlierWithdrawn', { count: earlier.length })}</p>
      ) : null}
    </section>
  );
}

/** A service request: its details; for the requester the proposals compared side by side; for others their proposal. */
export function ServiceRequest() {
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id!;
  const companyId = currentUser.value!.companyId;
  const ev = lastEvent.value;
  // Events about this request (a proposal arriving, changing or withdrawn; the request awarded or ended) refresh it.
  const live = ev && ev.type.startsWith('services.') && ev.data.serviceId === id ? ev.id : null;
  const request = useAsync(() => call(api.services[':id'].$get({ param: { id } })).then((b) => b.data), [id, live]);
  // Other companies see a request only while it is open: a bidder whose request was awarded or ended gets 404, and is
  // shown its own proposal instead (and the engagement, when it won).
  const gone = request.error?.code === 'NOT_FOUND';
  const past = useAsync(
    () => (gone ? call(api.proposals.mine.$get({ query: { serviceId: id, limit: '20', sortBy: 'createdAt', sortOrder: 'desc' } })).then((b) => ({ proposals: b.data })) : Promise.resolve(null)),
    [id, gone, live],
  );
  const [accepted, setAccepted] = useState<Engagement | null>(null);
  const [ending, setEnding] = useState(false);
  const s = request.data;
  const requester = s ? s.companyId === companyId : false;
  const manage = requester && isManager.value;
  const mine = useAsync(
    () => (s && !requester && s.status === 'awarded' ? call(api.proposals.mine.$get({ query: { serviceId: id, status: 'accepted', limit: '1' } })).then((b) => b.data.length > 0) : Promise.resolve(false)),
    [id, s?.status, requester],
  );
  // The requesting company's rating, for a bidder deciding whether to work for it (the directory carries ratings).
  const requesterRating = useAsync(
    () =>
      s && !requester
        ? call(api.companies.directory.$get({ query: { search: s.companyName, limit: '20' } })).then((b) => b.data.find((c) => c.id === s.companyId)?.rating)
        : Promise.resolve(undefined),
    [s?.companyId, requester],
  );
  const side: 'client' | 'provider' | null = requester ? 'client' : mine.data ? 'provider' : null;
  const engagement = useAsync(
    () => (s?.status === 'awarded' && side && !accepted ? engagementFor(id, side) : Promise.resolve(accepted)),
    [id, s?.status, side, accepted],
  );
  const end = useSubmit(async (status: 'closed' | 'cancelled') => {
    if (!confirm(status === 'closed' ? t('services.detail.confirmClose') : t('services.detail.confirmCancel'))) return;
    const body = await call(api.services[':id'].$patch({ param: { id }, json: { status } }));
    request.setData(() => body.data);
    setEnding(false);
    toast(status === 'closed' ? t('services.detail.closed') : t('services.detail.cancelled'), { tone: 'success' });
  });
  const remove = useSubmit(async () => {
    if (!confirm(t('services.detail.confirmDelete'))) return;
    await call(api.services[':id'].$delete({ param: { id } }));
    toast(t('services.detail.deleted'), { tone: 'success' });
    route('/services?tab=ours&status=all');
  });
  const back = (
    <p class="small">
      <a href={requester ? '/services?tab=ours&status=all' : '/services'}>
        <span aria-hidden="true">← </span>
        {t('services.detail.back')}
      </a>
    </p>
  );
  if (request.error) {
    if (gone && past.data?.proposals.length) return <EndedRequest id={id} proposals={past.data.proposals} />;
    // (until the company's own proposals for it are known, it is not yet clear whether this is a real not-found)
    if (gone && !past.data && !past.error) return <Loading />;
    return <PageError error={request.error} retry={request.reload} />;
  }
  if (!s) return <Loading />;
  const shownEngagement = accepted ?? engagement.data ?? null;
  return (
    <>
      {back}
      <PageHeader title={s.title}>
        {manage && s.status === 'open' ? (
          <>
            <Button variant="secondary" onClick={() => setEnding(!ending)} aria-expanded={ending} aria-controls="end-request" data-testid="end-request">
              {t('services.detail.end')}
            </Button>
            <Button variant="ghost" busy={remove.busy} onClick={() => remove.run()}>
              {t('services.detail.delete')}
            </Button>
          </>
        ) : null}
      </PageHeader>
      <FormError error={end.error ?? remove.error} />
      {ending ? (
        <div class="card alert--info" id="end-request">
          <p>{t('services.detail.endIntro', { count: s.proposalCount })}</p>
          <div class="row">
            <Button variant="secondary" busy={end.busy} onClick={() => end.run('closed')} data-testid="close-request">
              {t('services.detail.close')}
            </Button>
            <Button variant="danger" disabled={end.busy} onClick={() => end.run('cancelled')} data-testid="cancel-request">
              {t('services.detail.cancel')}
            </Button>
            <Button variant="ghost" onClick={() => setEnding(false)}>
              {t('services.detail.keepOpen')}
            </Button>
          </div>
        </div>
      ) : null}
      <section class="card" aria-label={t('services.detail.about')}>
        <div class="row row--between">
          <ServiceBadges service={s} />
          <span class="small muted" data-testid="service-company">
            {s.companyName}
            {requester || requesterRating.loading ? null : (
              <>
                {' · '}
                <RatingText rating={requesterRating.data} />
              </>
            )}
          </span>
        </div>
        <dl class="facts facts--spaced">
          <div>
            <dt>{t('services.detail.budget')}</dt>
            <dd data-testid="service-budget">{budgetText(s)}</dd>
          </div>
          <div>
            <dt>{t('services.detail.deadline')}</dt>
            <dd>{s.deadline ? formatDate(s.deadline) : t('services.detail.noDeadline')}</dd>
          </div>
          <div>
            <dt>{t('services.detail.proposals')}</dt>
            <dd data-testid="service-proposal-count">{t('services.detail.proposalCount', { count: s.proposalCount })}</dd>
          </div>
          <div>
            <dt>{t('services.detail.posted')}</dt>
            <dd>{formatDate(s.createdAt)}</dd>
          </div>
        </dl>
        <p class="prose">{s.description}</p>
        <p class="small muted" data-testid="service-status-note">
          {t(`services.detail.statusNote.${s.status}`)}
        </p>
      </section>
      {s.status === 'awarded' && shownEngagement && side ? <EngagementCard e={shownEngagement} role={side} /> : null}
      {requester || isStaff.value ? (
        <Comparison service={s} live={live} canAccept={manage} onAccepted={(e) => (setAccepted(e), void request.reload())} />
      ) : (
        <OwnProposal service={s} live={live} canPropose={isManager.value} onChanged={() => void request.reload()} />
      )}
    </>
  );
}
