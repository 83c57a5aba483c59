import { routes } from '../../shared/routes';
import { myMessagesQuery } from '../../shared/schemas/messages';
import { endpoint } from '../lib/http';
import { myMessages } from './my-messages-service';

/** What a patient sees of their messages. */
export const patientHandlers = {
  myMessages: endpoint(routes.myMessages, {
    query: myMessagesQuery,
    run: ({ ctx, query }) => myMessages(ctx, query),
  }),
};
