import { routes } from '../../shared/routes';
import { devOutboxQuery, runJobInput } from '../../shared/schemas/messages';
import { endpoint } from '../lib/http';
import * as dev from './dev-service';

/** Local only, like the dev login: run a job as of a moment, read what the outbox holds. */
export const devHandlers = {
  runJob: endpoint(routes.runJob, {
    body: runJobInput,
    run: ({ ctx, params, body }) => dev.runJobAt(params.name, body.at ? new Date(body.at) : ctx.now),
  }),
  devOutbox: endpoint(routes.devOutbox, {
    query: devOutboxQuery,
    run: ({ query }) => dev.outboxOf(query.patientId),
  }),
};
