import { groupHandler } from '../lib/http';
import { handlers } from './handlers';

export const handler = groupHandler('imports', handlers);
