import type { Area } from '../types';

export default {
  title: 'Notifications',
  bell: { one: 'Notifications, {count} unread', other: 'Notifications, {count} unread' },
  bellOffline: { one: 'Notifications, {count} unread (reconnecting)', other: 'Notifications, {count} unread (reconnecting)' },
  markAllRead: 'Mark all read',
  reconnecting: 'Reconnecting… new notifications will appear when back online.',
  empty: 'Nothing yet.',
  updateFailed: 'Could not update notifications',
  grouped: { one: '{count} event', other: '{count} events' },
  types: {
    applicationSubmitted: {
      title: { one: 'New application to {jobTitle}', other: '{count} new applications to {jobTitle}' },
      body: 'Review it in the job’s applications.',
    },
    applicationAccepted: 'Your application to {jobTitle} was accepted',
    applicationRejected: 'Your application to {jobTitle} was rejected',
    applicationReviewedBody: 'See it in My applications.',
    jobCreated: {
      title: { one: 'New job matching your skills: {title}', other: '{count} new jobs match your skills at {companyName}' },
      body: 'A new job needs skills you have.',
    },
    inviteSent: '{requesterName} invited {targetName} to partner',
    partnershipAccepted: '{requesterName} and {targetName} are now partners',
    partnershipDeclined: '{targetName} declined the partnership with {requesterName}',
    partnershipEnded: 'The partnership of {requesterName} and {targetName} ended',
    partnershipBody: 'See Partners for details.',
    endpointDisabled: 'Webhook endpoint disabled: {url}',
    endpointGone: 'The receiver answered 410 Gone. Fix it, then re-enable the endpoint under Webhooks.',
    endpointFailing: 'Deliveries failed for 5 days. Fix the receiver, then re-enable the endpoint and replay failed deliveries.',
  },
} as const satisfies Area;
