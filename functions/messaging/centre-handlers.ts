import { routes } from '../../shared/routes';
import { endpoint } from '../lib/http';

const notBuilt = () => {
  throw new Error('not built yet');
};

/** The staff message centre: the day's messages, templates and job switches, resends, paused jobs. */
export const centreHandlers = {
  messageSummary: endpoint(routes.messageSummary, { run: notBuilt }),
  listMessages: endpoint(routes.listMessages, { run: notBuilt }),
  resendMessage: endpoint(routes.resendMessage, { run: notBuilt }),
  messageTemplates: endpoint(routes.messageTemplates, { run: notBuilt }),
  updateMessageTemplate: endpoint(routes.updateMessageTemplate, { run: notBuilt }),
  listJobs: endpoint(routes.listJobs, { run: notBuilt }),
  pauseJob: endpoint(routes.pauseJob, { run: notBuilt }),
};
