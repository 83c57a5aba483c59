import { routes } from '../../shared/routes';
import {
  channelStatsQuery,
  dailyStatsQuery,
  monthlyStatsQuery,
  targetInput,
  targetQuery,
} from '../../shared/schemas/campaigns';
import { endpoint, Reply } from '../lib/http';
import { type CsvFile, channelsCsv, dailyCsv, monthlyCsv, staffCsv } from './stats-csv';
import * as stats from './stats-service';

/** Excel users ask for CSV with Accept: text/csv; everyone else gets JSON. */
function answer<T>(headers: Record<string, string | undefined>, data: T, csv: (d: T) => CsvFile): unknown {
  if (!/\btext\/csv\b/i.test(headers.accept ?? '')) return data;
  const file = csv(data);
  return new Reply(200, file.text, 'text/csv; charset=utf-8', {
    'content-disposition': `attachment; filename="${file.name}.csv"`,
  });
}

export const handlers = {
  daily: endpoint(routes.daily, {
    query: dailyStatsQuery,
    run: async ({ ctx, query, headers }) => answer(headers, await stats.daily(ctx, query), dailyCsv),
  }),
  monthly: endpoint(routes.monthly, {
    query: monthlyStatsQuery,
    run: async ({ ctx, query, headers }) => answer(headers, await stats.monthly(ctx, query), monthlyCsv),
  }),
  channels: endpoint(routes.channels, {
    query: channelStatsQuery,
    run: async ({ ctx, query, headers }) => answer(headers, await stats.channels(ctx, query), channelsCsv),
  }),
  staffRanking: endpoint(routes.staffRanking, {
    query: channelStatsQuery,
    run: async ({ ctx, query, headers }) => answer(headers, await stats.staffRanking(ctx, query), staffCsv),
  }),
  setTarget: endpoint(routes.setTarget, {
    body: targetInput,
    query: targetQuery,
    run: ({ ctx, params, query, body }) => stats.setTarget(ctx, params.staffId, query.month, body),
  }),
};
