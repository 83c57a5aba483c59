import { groupHandler } from '../lib/http';
import { devHandlers } from './dev-handlers';
import { handlers } from './handlers';

/** The messaging group on the local server: the deployed routes plus the local-only dev tools (run a job, read the outbox). */
export const handler = groupHandler('messaging', { ...handlers, ...devHandlers });
