import { routes } from '../../shared/routes';
import { creating, endpoint } from '../lib/http';

const notBuilt = () => {
  throw new Error('not built yet');
};

/** WeChat subscribe grants and the SMS provider's reply webhook. */
export const subscriptionHandlers = {
  mySubscriptions: endpoint(routes.mySubscriptions, { run: notBuilt }),
  reportSubscriptions: creating(routes.reportSubscriptions, { run: notBuilt }),
  smsReplies: endpoint(routes.smsReplies, { run: notBuilt }),
};
