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
    case 'webhooks.endpoint.disabled':
      if (!d('url')) break;
      return {
        title: t('notifications.types.endpointDisabled', { url: d('url') }),
        body: d('reason') === 'gone' ? t('notifications.types.endpointGone') : t('notifications.types.endpointFailing'),
      };
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
  }
  return { title: n.title, body: n.body };
}
