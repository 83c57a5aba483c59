import type * as z from 'zod';
import { type RouteDef, routes } from '../../shared/routes';
import {
  channelStatsQuery,
  dailyStatsQuery,
  monthlyStatsQuery,
  targetInput,
  targetQuery,
} from '../../shared/schemas/campaigns';
import { endpoint, type Request } from '../lib/http';
import { csvWhenAsked } from './csv-answer';
import { type CsvFile, channelsCsv, dailyCsv, monthlyCsv, staffCsv } from './stats-csv';
import * as stats from './stats-service';

/** A figures route: what the service reads, as JSON or as the CSV file of it. */
function figures<R extends RouteDef, Q, T>(
  route: R,
  query: z.ZodType<Q>,
  read: (ctx: Request<R, undefined, Q>['ctx'], q: Q) => Promise<T>,
  toCsv: (d: T) => CsvFile,
) {
  return endpoint(route, {
    query,
    run: async ({ ctx, query: q, headers }) => csvWhenAsked(headers, await read(ctx, q), toCsv),
  });
}

export const handlers = {
  daily: figures(routes.daily, dailyStatsQuery, stats.daily, dailyCsv),
  monthly: figures(routes.monthly, monthlyStatsQuery, stats.monthly, monthlyCsv),
  channels: figures(routes.channels, channelStatsQuery, stats.channels, channelsCsv),
  staffRanking: figures(routes.staffRanking, channelStatsQuery, stats.staffRanking, staffCsv),
  setTarget: endpoint(routes.setTarget, {
    body: targetInput,
    query: targetQuery,
    run: ({ ctx, params, query, body }) => stats.setTarget(ctx, params.staffId, query.month, body),
  }),
};
