import { findAnomalies } from '@shared/anomalies';
import type { DayFigures, MonthlyStats } from '@shared/schemas/campaigns';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import Chips from '../components/Chips';
import { money, monthDay, Progress } from './stats-ui';

type Metric = 'revenue' | 'arrivals';

function MonthChart(p: { days: DayFigures[]; metric: Metric; today: string; odd: Set<string> }) {
  const { days, metric, today, odd } = p;
  const value = (d: DayFigures) => (metric === 'revenue' ? d.revenueFen : d.arrivals);
  const top = Math.max(0, ...days.map(value));
  const max = Math.max(1, top);
  const last = days.length;
  const todayIndex = days.findIndex((d) => d.date === today);
  return (
    <View id="month-chart">
      <View className="mk-chart">
        {days.map((d) => {
          const cls = `mk-col${d.date === today ? ' mk-col-today' : ''}${odd.has(d.date) ? ' mk-col-odd' : ''}${d.date > today ? ' mk-col-future' : ''}`;
          return (
            <View key={d.date} className={cls} id={`chart-day-${d.date}`}>
              <View className="mk-col-bar" style={{ height: `${(value(d) / max) * 100}%` }} />
            </View>
          );
        })}
      </View>
      <View className="mk-axis">
        {days.map((d, i) => {
          const n = i + 1;
          // Day numbers every 5 days, and 今 for today (its neighbours stay blank so labels do not collide).
          const nearToday = Math.abs(i - todayIndex) === 1;
          const show = d.date === today || (!nearToday && (n === 1 || n === last || (n % 5 === 0 && last - n > 1)));
          return (
            <Text key={d.date} className={`mk-axis-cell${d.date === today ? ' mk-axis-today' : ''}`}>
              {show ? (d.date === today ? '今' : String(n)) : ''}
            </Text>
          );
        })}
      </View>
      <Text className="mk-legend">
        {top === 0
          ? `本月还没有${metric === 'revenue' ? '营收' : '到院'}记录`
          : `单日最高 ${metric === 'revenue' ? money(top) : `${top} 人`}`}
        ；深色为今天，红色为异常日
      </Text>
    </View>
  );
}

/** The marketer's month: progress against the target, each day as a column, and the days that look wrong. */
export function MonthSection({ month, today }: { month: MonthlyStats; today: string }) {
  const [metric, setMetric] = useState<Metric>('revenue');
  const anomalies = findAnomalies(month.days, today);
  const odd = new Set(anomalies.map((a) => a.date));
  const t = month.totals;
  return (
    <View>
      <Text className="mk-section">本月目标（{month.month}）</Text>
      <View className="card">
        <Progress
          id="month-progress-revenue"
          label="营收"
          done={money(t.revenueFen)}
          goal={month.target ? money(month.target.revenueFen) : undefined}
          share={month.achievement?.revenue}
        />
        <Progress
          id="month-progress-arrivals"
          label="到院"
          done={`${t.arrivals} 人`}
          goal={month.target ? `${month.target.arrivals} 人` : undefined}
          share={month.achievement?.arrivals}
        />
        <Text className="muted" id="month-totals">
          本月累计：新建档 {t.newRecords} · 预约 {t.appointments} · 到院 {t.arrivals}
        </Text>
      </View>

      <Text className="mk-section">本月每日</Text>
      <View className="card">
        <Chips
          idPrefix="chart-metric"
          options={[
            { value: 'revenue', label: '营收' },
            { value: 'arrivals', label: '到院' },
          ]}
          selected={metric}
          onToggle={(v) => setMetric(v as Metric)}
        />
        <MonthChart days={month.days} metric={metric} today={today} odd={odd} />
      </View>

      <View className={`banner ${anomalies.length ? 'banner-error' : 'banner-info'}`} id="anomalies">
        <Text className="banner-title">异常提醒</Text>
        {anomalies.length ? (
          anomalies.map((a) => (
            <Text className="mk-odd-line" key={`${a.date}-${a.reason}`}>
              {monthDay(a.date)}：{a.reason}
            </Text>
          ))
        ) : (
          <Text className="banner-line">本月暂无异常</Text>
        )}
      </View>
    </View>
  );
}
