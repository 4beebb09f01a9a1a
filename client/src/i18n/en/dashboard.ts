import type { Area } from '../types';

export default {
  title: 'Overview',
  hello: 'Hello, {name}',
  openJobs: 'Open jobs',
  noOpenJobs: 'No open jobs.',
  manageJobs: 'Manage jobs',
  jobBoard: 'Job board',
  pending: 'Pending applications',
  nothingToReview: 'Nothing to review.',
  appliedTo: '{name} applied to {job}',
  invites: 'Partnership invites',
  noInvites: 'No invites waiting.',
  wantsToPartner: '{company} wants to partner with you.',
  partners: 'Partners',
  notifications: 'Notifications',
  unread: { one: '{count} unread', other: '{count} unread' },
  caughtUp: 'You are all caught up.',
  mine: 'My applications',
  noneYet: 'None yet.',
  browse: 'Browse jobs',
} as const satisfies Area;
