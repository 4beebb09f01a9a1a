// The English catalogue, the reference for every other language. One line per area; a new area is a new file here,
// the same file under each other language, and one line in each language's index.
export { default as common } from './common';
export { default as nav } from './nav';
export { default as auth } from './auth';
export { default as errors } from './errors';
export { default as dashboard } from './dashboard';
export { default as jobs } from './jobs';
export { default as team } from './team';
export { default as partners } from './partners';
export { default as company } from './company';
export { default as settings } from './settings';
export { default as webhooks } from './webhooks';
export { default as notifications } from './notifications';
export { default as keys } from './keys';
export { default as audit } from './audit';
export { default as assistant } from './assistant';
export { default as cmms } from './cmms';
export { default as services } from './services';
export { default as zettels } from './zettels';
export { default as fsm } from './fsm';
