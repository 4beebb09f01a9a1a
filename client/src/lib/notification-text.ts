import type { Notification } from '../../../src/modules/notifications/notifications.schemas';
import { t } from '../i18n';

/**
 * A notification's title and body in the current language, worded from its type and data (the server's text is
 * English). A type the app does not know yet, or one missing the data it needs, shows the server's text.
 */
export function notificationText(n: Pick<Notification, 'type' | 'data' | 'count' | 'title' | 'body'>): { title: string; body: string } {
  const d = (key: string) => {
    const v = n.data[key];
    return typeof v === 'string' ? v : '';
  };
  const count = n.count;
  const partners = (title: string) => ({ title, body: t('notifications.types.partnershipBody') });
  const names = { requesterName: d('requesterName'), targetName: d('targetName') };
  const num = (key: string) => (typeof n.data[key] === 'number' ? Number(n.data[key]) : null);
  const wo = { number: d('number'), title: d('title') };
  const woStatus = (s: string) => (['open', 'in_progress', 'on_hold', 'complete', 'closed', 'cancelled'] as const).find((x) => x === s);
  const assetStatus = (s: string) => (['operational', 'down', 'retired'] as const).find((x) => x === s);
  const visit = { number: d('jobNumber'), title: d('jobTitle') };
  /** FSM times are UTC: "2026-03-14 09:00 UTC". */
  const utc = (iso: string) => (iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '');
  const visitStatus = (s: string) => (['scheduled', 'dispatched', 'en_route', 'on_site', 'completed', 'cancelled'] as const).find((x) => x === s);
  switch (n.type) {
    case 'jobs.application.submitted':
      if (!d('jobTitle')) break;
      return { title: t('notifications.types.applicationSubmitted.title', { count, jobTitle: d('jobTitle') }), body: t('notifications.types.applicationSubmitted.body') };
    case 'jobs.application.reviewed':
      if (!d('jobTitle')) break;
      if (d('status') === 'accepted') return { title: t('notifications.types.applicationAccepted', { jobTitle: d('jobTitle') }), body: t('notifications.types.applicationReviewedBody') };
      if (d('status') === 'rejected') return { title: t('notifications.types.applicationRejected', { jobTitle: d('jobTitle') }), body: t('notifications.types.applicationReviewedBody') };
      break;
    case 'jobs.job.created':
      if (!d('title') || (count > 1 && !d('companyName'))) break;
      return { title: t('notifications.types.jobCreated.title', { count, title: d('title'), companyName: d('companyName') }), body: t('notifications.types.jobCreated.body') };
    case 'partnerships.invite.sent':
      if (!names.requesterName || !names.targetName) break;
      return partners(t('notifications.types.inviteSent', names));
    case 'partnerships.partnership.accepted':
      if (!names.requesterName || !names.targetName) break;
      return partners(t('notifications.types.partnershipAccepted', names));
    case 'partnerships.partnership.declined':
      if (!names.requesterName || !names.targetName) break;
      return partners(t('notifications.types.partnershipDeclined', names));
    case 'partnerships.partnership.ended':
      if (!names.requesterName || !names.targetName) break;
      return partners(t('notifications.types.partnershipEnded', names));
    case 'cmms.workorder.created':
      if (!wo.number) break;
      return { title: t('cmms.notify.woCreated', wo), body: t('cmms.notify.woBody') };
    case 'cmms.workorder.assigned':
      if (!wo.number) break;
      return { title: t('cmms.notify.woAssigned', wo), body: t('cmms.notify.woBody') };
    case 'cmms.workorder.status_changed': {
      const status = woStatus(d('status'));
      if (!wo.number || !status) break;
      return { title: t('cmms.notify.woStatus', { ...wo, status: t(`cmms.status.${status}`) }), body: t('cmms.notify.woBody') };
    }
    case 'cmms.workorder.completed':
      if (!wo.number) break;
      return { title: t('cmms.notify.woCompleted', wo), body: t('cmms.notify.woBody') };
    case 'cmms.asset.status_changed': {
      const status = assetStatus(d('status'));
      if (!d('name') || !status) break;
      if (status === 'down') return { title: t('cmms.notify.assetDown', { name: d('name') }), body: t('cmms.notify.assetDownBody') };
      return { title: t('cmms.notify.assetUp', { name: d('name'), status: t(`cmms.assetStatus.${status}`) }), body: t('cmms.notify.assetUpBody') };
    }
    case 'cmms.meter.reading_recorded':
      return { title: t('cmms.notify.reading', { count: num('count') ?? count }), body: t('cmms.notify.readingBody') };
    case 'cmms.pm.generated':
      if (!wo.number) break;
      return { title: t('cmms.notify.pmGenerated', wo), body: d('trigger') === 'meter' ? t('cmms.notify.pmByMeter') : t('cmms.notify.pmByTime') };
    case 'cmms.part.low_stock': {
      const [stock, minStock] = [num('stock'), num('minStock')];
      if (!d('name') || stock === null || minStock === null) break;
      return { title: t('cmms.notify.lowStock', { name: d('name'), stock, minStock }), body: t('cmms.notify.lowStockBody') };
    }
    case 'cmms.request.created':
      if (!d('title')) break;
      return { title: t('cmms.notify.request', { count, title: d('title') }), body: t('cmms.notify.requestBody', { name: d('requesterName') || t('cmms.notify.someone') }) };
    case 'webhooks.endpoint.disabled':
      if (!d('url')) break;
      return {
        title: t('notifications.types.endpointDisabled', { url: d('url') }),
        body: d('reason') === 'gone' ? t('notifications.types.endpointGone') : t('notifications.types.endpointFailing'),
      };
    case 'services.service.created':
      if (!d('title')) break;
      return { title: t('services.notifications.serviceCreated', { title: d('title') }), body: t('services.notifications.serviceCreatedBody') };
    case 'services.service.updated':
      if (!d('title')) break;
      if (d('status') === 'awarded') return { title: t('services.notifications.serviceAwarded', { title: d('title') }), body: t('services.notifications.serviceUpdatedBody') };
      return { title: t('services.notifications.serviceUpdated', { title: d('title') }), body: t('services.notifications.serviceUpdatedBody') };
    case 'services.service.closed': {
      if (!d('title')) break;
      const title = n.data.deleted === true ? 'services.notifications.serviceDeleted' : d('status') === 'cancelled' ? 'services.notifications.serviceCancelled' : 'services.notifications.serviceClosed';
      return { title: t(title, { title: d('title') }), body: t('services.notifications.serviceEndedBody') };
    }
    case 'services.proposal.submitted':
      if (!d('serviceTitle')) break;
      return {
        title: d('proposerName')
          ? t('services.notifications.proposalSubmitted', { count, serviceTitle: d('serviceTitle'), proposerName: d('proposerName') })
          : t('services.notifications.proposalSubmittedAnonymous', { count, serviceTitle: d('serviceTitle') }),
        body: t('services.notifications.proposalSubmittedBody'),
      };
    case 'services.proposal.updated':
      if (!d('serviceTitle')) break;
      return { title: t('services.notifications.proposalUpdated', { serviceTitle: d('serviceTitle') }), body: t('services.notifications.proposalChangedBody') };
    case 'services.proposal.withdrawn':
      if (!d('serviceTitle')) break;
      return { title: t('services.notifications.proposalWithdrawn', { serviceTitle: d('serviceTitle') }), body: t('services.notifications.proposalChangedBody') };
    case 'services.proposal.accepted':
      if (!d('serviceTitle')) break;
      return { title: t('services.notifications.proposalAccepted', { serviceTitle: d('serviceTitle') }), body: t('services.notifications.proposalAcceptedBody') };
    case 'services.proposal.rejected':
      if (!d('serviceTitle')) break;
      return {
        title: t('services.notifications.proposalRejected', { serviceTitle: d('serviceTitle') }),
        body: d('reason') === 'awarded' ? t('services.notifications.proposalRejectedAwarded') : t('services.notifications.proposalRejectedEnded'),
      };
    case 'services.engagement.completed':
      if (!d('title')) break;
      return { title: t('services.notifications.engagementCompleted', { title: d('title') }), body: t('services.notifications.engagementCompletedBody') };
    case 'services.engagement.cancelled':
      if (!d('title')) break;
      return { title: t('services.notifications.engagementCancelled', { title: d('title') }), body: t('services.notifications.engagementCancelledBody', { reason: d('reason') }) };
    case 'services.engagement.reviewed': {
      const rating = n.data.rating;
      if (!d('title') || typeof rating !== 'number') break;
      return { title: t('services.notifications.engagementReviewed', { title: d('title'), rating }), body: d('comment') || t('services.notifications.engagementReviewedBody') };
    }
    case 'zettels.zettel.created': {
      const restored = n.data.restored === true;
      const title = d('title')
        ? t(restored ? 'zettels.notifications.restored' : 'zettels.notifications.created', { title: d('title') })
        : t(restored ? 'zettels.notifications.restoredPersonal' : 'zettels.notifications.createdPersonal');
      return { title, body: t('zettels.notifications.createdBody') };
    }
    case 'zettels.zettel.updated': {
      const from = n.data.restoredFrom;
      return {
        title: d('title') ? t('zettels.notifications.updated', { count, title: d('title') }) : t('zettels.notifications.updatedPersonal', { count }),
        body: typeof from === 'number' ? t('zettels.notifications.restoredFromBody', { version: from }) : t('zettels.notifications.updatedBody'),
      };
    }
    case 'zettels.zettel.deleted':
      return {
        title: d('title') ? t('zettels.notifications.deleted', { title: d('title') }) : t('zettels.notifications.deletedPersonal'),
        body: t('zettels.notifications.deletedBody'),
      };
    case 'fsm.job.created':
      if (!d('number')) break;
      return { title: t('fsm.notify.jobCreated', { number: d('number'), title: d('title') }), body: t('fsm.notify.jobCreatedBody') };
    case 'fsm.job.completed':
      if (!d('number')) break;
      return { title: t('fsm.notify.jobCompleted', { number: d('number'), title: d('title') }), body: d('sourceWorkOrderId') ? t('fsm.notify.jobCompletedWo') : t('fsm.notify.jobCompletedBody') };
    case 'fsm.visit.scheduled':
      if (!d('jobNumber')) break;
      return { title: t('fsm.notify.visitScheduled', { ...visit, when: utc(d('start')) }), body: t('fsm.notify.seeMyDay') };
    case 'fsm.visit.updated':
      if (!d('jobNumber')) break;
      return n.data.rescheduled === true
        ? { title: t('fsm.notify.visitRescheduled', { ...visit, when: utc(d('start')) }), body: t('fsm.notify.seeMyDay') }
        : { title: t('fsm.notify.visitAssigned', { ...visit, when: utc(d('start')) }), body: t('fsm.notify.seeMyDay') };
    case 'fsm.visit.status_changed': {
      const status = visitStatus(d('status'));
      if (!d('jobNumber') || !status) break;
      return { title: t('fsm.notify.visitStatus', { ...visit, status: t(`fsm.visitStatus.${status}`) }), body: t('fsm.notify.visitStatusBody') };
    }
    case 'fsm.visit.completed':
      if (!d('jobNumber')) break;
      return { title: t('fsm.notify.visitCompleted', visit), body: d('jobStatus') === 'completed' ? t('fsm.notify.lastVisit') : t('fsm.notify.openBoard') };
  }
  return { title: n.title, body: n.body };
}
