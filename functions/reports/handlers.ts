import { routes } from '../../shared/routes';
import { satisfactionReportQuery } from '../../shared/schemas/reports';
import { endpoint } from '../lib/http';
import { csvWhenAsked } from '../stats/csv-answer';
import { satisfactionCsv } from './satisfaction-csv';
import { satisfaction } from './satisfaction-service';

/** Monthly reports: satisfaction by department and doctor (JSON, or CSV with Accept: text/csv). */
export const handlers = {
  satisfactionReport: endpoint(routes.satisfactionReport, {
    query: satisfactionReportQuery,
    run: async ({ ctx, query, headers }) => csvWhenAsked(headers, await satisfaction(ctx, query), satisfactionCsv),
  }),
};
