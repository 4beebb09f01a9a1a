import type { Area } from '../types';

export default {
  title: 'Company profile',
  name: 'Name',
  description: 'Description',
  website: 'Website',
  websiteHint: 'https://…',
  saved: 'Company saved',
} as const satisfies Area;
