import { routes } from '../../shared/routes';
import { pageQuery } from '../../shared/schemas/common';
import { reportSubscriptionsInput, smsRepliesInput, smsRepliesQuery } from '../../shared/schemas/messages';
import { creating, endpoint } from '../lib/http';
import { keptInIdempotencyTable } from '../lib/idempotency';
import { pageOfList } from '../lib/paging';
import { receiveSmsReplies } from './sms-reply-service';
import { mySubscriptions, reportSubscriptions } from './subscription-service';

/** WeChat subscribe grants and the SMS provider's reply webhook. */
export const subscriptionHandlers = {
  mySubscriptions: endpoint(routes.mySubscriptions, {
    query: pageQuery,
    run: async ({ ctx, query }) => pageOfList('mySubscriptions', await mySubscriptions(ctx), query),
  }),
  reportSubscriptions: creating(routes.reportSubscriptions, {
    keptBy: keptInIdempotencyTable,
    body: reportSubscriptionsInput,
    run: ({ ctx, body }) => reportSubscriptions(ctx, body),
  }),
  smsReplies: endpoint(routes.smsReplies, {
    body: smsRepliesInput,
    query: smsRepliesQuery,
    run: ({ body, query, headers, ctx }) =>
      receiveSmsReplies(body, query.token ?? headers['x-sms-reply-token'], ctx.now),
  }),
};
