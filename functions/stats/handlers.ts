import {
  channelStatsQuery,
  dailyStatsQuery,
  monthlyStatsQuery,
  targetInput,
  targetQuery,
} from '../../shared/schemas/campaigns';
import { endpoint, Reply, type Request } from '../lib/http';
import { toCsv, yuan } from './csv';
import * as stats from './stats-service';

/** Excel users ask for CSV with Accept: text/csv; everyone else gets JSON. */
function wantsCsv(req: Request<unknown, unknown>): boolean {
  return /\btext\/csv\b/i.test(req.headers.accept ?? '');
}

function csvReply(name: string, header: string[], rows: unknown[][]): Reply {
  return new Reply(200, toCsv(header, rows), 'text/csv; charset=utf-8', {
    'content-disposition': `attachment; filename="${name}.csv"`,
  });
}

const FIGURES = ['新建档', '预约', '到院', '营收(元)', '取消', '就诊'];

export const handlers = {
  daily: endpoint({
    query: dailyStatsQuery,
    run: async (req) => {
      const d = await stats.daily(req.caller!, req.query);
      if (!wantsCsv(req)) return d;
      return csvReply(
        `daily-${d.date}`,
        ['日期', '员工', ...FIGURES],
        [
          [
            d.date,
            d.staffName ?? '全院',
            d.newRecords,
            d.appointments,
            d.arrivals,
            yuan(d.revenueFen),
            d.cancellations,
            d.visits,
          ],
        ],
      );
    },
  }),
  monthly: endpoint({
    query: monthlyStatsQuery,
    run: async (req) => {
      const m = await stats.monthly(req.caller!, req.query);
      if (!wantsCsv(req)) return m;
      const who = m.staffName ?? '全院';
      const rows = m.days.map((d) => [
        d.date,
        who,
        d.newRecords,
        d.appointments,
        d.arrivals,
        yuan(d.revenueFen),
        d.cancellations,
        d.visits,
      ]);
      const t = m.totals;
      rows.push(['合计', who, t.newRecords, t.appointments, t.arrivals, yuan(t.revenueFen), t.cancellations, t.visits]);
      return csvReply(`monthly-${m.month}`, ['日期', '员工', ...FIGURES], rows);
    },
  }),
  channels: endpoint({
    query: channelStatsQuery,
    run: async (req) => {
      const c = await stats.channels(req.caller!, req.query);
      if (!wantsCsv(req)) return c;
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      const rows = [
        ...c.channels.map((r) => [
          '渠道',
          stats.channelName(r.channel),
          '',
          '',
          '',
          r.newRecords,
          r.appointments,
          r.arrivals,
          yuan(r.revenueFen),
          pct(r.conversion),
        ]),
        ...c.campaigns.map((r) => [
          '活动',
          r.name,
          r.ownerStaffName ?? '',
          r.signups,
          r.knownSignups,
          r.newRecords,
          r.appointments,
          r.arrivals,
          yuan(r.revenueFen),
          pct(r.conversion),
        ]),
      ];
      return csvReply(
        `channels-${c.month}`,
        ['类型', '名称', '负责人', '报名', '其中老患者', '新建档', '预约', '到院', '营收(元)', '建档到院转化率'],
        rows,
      );
    },
  }),
  staffRanking: endpoint({
    query: channelStatsQuery,
    run: async (req) => {
      const r = await stats.staffRanking(req.caller!, req.query);
      if (!wantsCsv(req)) return r;
      return csvReply(
        `staff-${r.month}`,
        ['员工', '新建档', '预约', '到院', '营收(元)', '营收目标(元)', '到院目标'],
        r.items.map((i) => [
          i.name,
          i.totals.newRecords,
          i.totals.appointments,
          i.totals.arrivals,
          yuan(i.totals.revenueFen),
          i.target ? yuan(i.target.revenueFen) : '',
          i.target?.arrivals ?? '',
        ]),
      );
    },
  }),
  setTarget: endpoint({
    body: targetInput,
    query: targetQuery,
    run: ({ caller, params, query, body }) => stats.setTarget(caller!, params.staffId ?? '', query.month, body),
  }),
};
