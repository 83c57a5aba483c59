import { routes } from '../../shared/routes';
import { pageQuery } from '../../shared/schemas/common';
import {
  listMessagesQuery,
  messageIdParam,
  messageSummaryQuery,
  messageTemplatesQuery,
  pauseJobInput,
  updateMessageTemplateInput,
} from '../../shared/schemas/messages';
import { endpoint } from '../lib/http';
import { pageOfList } from '../lib/paging';
import { listJobs, pauseJob } from './centre-job-service';
import * as centre from './centre-service';
import { messageTemplates, updateMessageTemplate } from './centre-template-service';

/** The staff message centre: the day's messages, templates and job switches, resends, paused jobs. */
export const centreHandlers = {
  messageSummary: endpoint(routes.messageSummary, {
    query: messageSummaryQuery,
    run: ({ ctx, query }) => centre.messageSummary(ctx, query),
  }),
  listMessages: endpoint(routes.listMessages, {
    query: listMessagesQuery,
    run: ({ ctx, query }) => centre.listMessages(ctx, query),
  }),
  resendMessage: endpoint(routes.resendMessage, {
    params: { messageId: messageIdParam },
    run: ({ ctx, params }) => centre.resendMessage(ctx, params.messageId),
  }),
  messageTemplates: endpoint(routes.messageTemplates, {
    query: messageTemplatesQuery,
    run: async ({ ctx, query }) => pageOfList('messageTemplates', await messageTemplates(ctx, query.clinicId), query),
  }),
  updateMessageTemplate: endpoint(routes.updateMessageTemplate, {
    body: updateMessageTemplateInput,
    run: ({ ctx, params, body }) => updateMessageTemplate(ctx, params.kind, body),
  }),
  listJobs: endpoint(routes.listJobs, {
    query: pageQuery,
    run: async ({ query }) => pageOfList('jobs', await listJobs(), query),
  }),
  pauseJob: endpoint(routes.pauseJob, {
    body: pauseJobInput,
    run: ({ ctx, params, body }) => pauseJob(ctx, params.name, body.paused),
  }),
};
