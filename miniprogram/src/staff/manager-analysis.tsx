import type { CampaignRow, ChannelRow, ChannelStats, StaffRankRow } from '@shared/schemas/campaigns';
import { type Channel, channelLabels } from '@shared/schemas/common';
import { Button, Text, View } from '@tarojs/components';
import { BarList, type BarMetric } from './manager-bars';
import { money, Progress, pct } from './stats-ui';

const count = (n: number) => String(n);
const channelName = (c: string) => channelLabels[c as Channel] ?? c;

const channelMetrics: BarMetric<ChannelRow>[] = [
  { key: 'revenue', label: '营收', of: (r) => r.revenueFen, show: money },
  { key: 'newRecords', label: '新建档', of: (r) => r.newRecords, show: count },
  { key: 'arrivals', label: '到院', of: (r) => r.arrivals, show: count },
];

const campaignMetrics: BarMetric<CampaignRow>[] = [
  { key: 'revenue', label: '营收', of: (r) => r.revenueFen, show: money },
  { key: 'signups', label: '报名', of: (r) => r.signups, show: count },
  { key: 'newRecords', label: '新建档', of: (r) => r.newRecords, show: count },
  { key: 'arrivals', label: '到院', of: (r) => r.arrivals, show: count },
];

/** The month by channel and by campaign, as bars. */
export function ChannelAnalysis({ stats }: { stats: ChannelStats }) {
  return (
    <View>
      <Text className="mk-section">渠道分析</Text>
      <BarList
        id="channel"
        rows={stats.channels}
        metrics={channelMetrics}
        keyOf={(r) => r.channel}
        titleOf={(r) => channelName(r.channel)}
        notesOf={(r) => [
          ['newRecords', '新建档', count(r.newRecords)],
          ['appointments', '预约', count(r.appointments)],
          ['arrivals', '到院', count(r.arrivals)],
          ['conversion', '转化率', pct(r.conversion)],
        ]}
        empty="本月暂无数据"
      />
      <Text className="mk-section">活动分析</Text>
      <BarList
        id="campaign-row"
        rows={stats.campaigns}
        metrics={campaignMetrics}
        keyOf={(r) => r.campaignId}
        titleOf={(r) => r.name}
        subtitleOf={(r) => `${channelName(r.channel)}${r.ownerStaffName ? ` · ${r.ownerStaffName}` : ''}`}
        notesOf={(r) => [
          ['signups', '报名', count(r.signups)],
          ['known', '老患者', count(r.knownSignups)],
          ['newRecords', '新建档', count(r.newRecords)],
          ['arrivals', '到院', count(r.arrivals)],
          ['conversion', '转化率', pct(r.conversion)],
        ]}
        empty="本月暂无活动数据"
      />
      <Text className="muted">转化率 = 到院 ÷ 新建档；没有新建档时显示“—”。</Text>
    </View>
  );
}

/** Marketers ranked by the month's revenue, each against their target. */
export function Ranking({ rows, onTarget }: { rows: StaffRankRow[]; onTarget: (r: StaffRankRow) => void }) {
  return (
    <View id="rank-table">
      <Text className="mk-section">市场人员排名</Text>
      {rows.length === 0 ? (
        <View className="card">
          <Text className="muted">本院还没有市场人员</Text>
        </View>
      ) : null}
      {rows.map((r, i) => (
        <View className="card mk-rank" key={r.staffId} id={`rank-${r.staffId}`}>
          <View className="row-between">
            <Text className="mk-rank-no">{i + 1}</Text>
            <Text className="mk-rank-name">{r.name}</Text>
            <Button id={`target-${r.staffId}`} className="btn btn-small" onClick={() => onTarget(r)}>
              {r.target ? '改目标' : '设目标'}
            </Button>
          </View>
          <Text className="muted">
            新建档 {r.totals.newRecords} · 预约 {r.totals.appointments} · 到院 {r.totals.arrivals}
          </Text>
          <Progress
            id={`rank-revenue-${r.staffId}`}
            label="营收"
            done={money(r.totals.revenueFen)}
            goal={r.target ? money(r.target.revenueFen) : undefined}
            share={r.achievement?.revenue}
          />
          {r.target ? (
            <Progress
              id={`rank-arrivals-${r.staffId}`}
              label="到院"
              done={`${r.totals.arrivals} 人`}
              goal={`${r.target.arrivals} 人`}
              share={r.achievement?.arrivals}
            />
          ) : null}
        </View>
      ))}
    </View>
  );
}
