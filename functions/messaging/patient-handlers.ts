import { routes } from '../../shared/routes';
import { endpoint } from '../lib/http';

const notBuilt = () => {
  throw new Error('not built yet');
};

/** What a patient sees of their messages. */
export const patientHandlers = {
  myMessages: endpoint(routes.myMessages, { run: notBuilt }),
};
