import type { SatisfactionFigures, SatisfactionTrendPoint } from '@shared/schemas/reports';
import { surveyDimensionLabels, surveyDimensions } from '@shared/schemas/surveys';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import Chips from '../components/Chips';
import { pct } from './stats-ui';

/** NPS with its sign (+12.5, −3.0), or "—" without answers. */
export const npsText = (n: number | null) => (n === null ? '—' : `${n > 0 ? '+' : ''}${n.toFixed(1)}`);
/** Average stars with two decimals, or "—". */
export const stars = (n: number | null) => (n === null ? '—' : n.toFixed(2));

/** Promoters, passives and detractors as one bar of their shares, each named with its count. */
export function NpsBar({ f }: { f: SatisfactionFigures }) {
  const all = f.promoters + f.passives + f.detractors;
  const parts = [
    { key: 'promoters', label: '推荐者 (9–10分)', n: f.promoters, tone: 'sat-good' },
    { key: 'passives', label: '中立者 (7–8分)', n: f.passives, tone: 'sat-mid' },
    { key: 'detractors', label: '贬损者 (0–6分)', n: f.detractors, tone: 'sat-bad' },
  ];
  return (
    <View className="card" id="nps-card">
      <View className="row-between">
        <Text className="card-title">净推荐值 NPS</Text>
        <Text className="sat-nps mk-figure" id="nps-value">
          {npsText(f.nps)}
        </Text>
      </View>
      <View className="sat-stack" id="nps-bar">
        {all
          ? parts.map((p) =>
              p.n ? (
                <View key={p.key} className={`sat-stack-part ${p.tone}`} style={{ width: `${(p.n / all) * 100}%` }} />
              ) : null,
            )
          : null}
      </View>
      {parts.map((p) => (
        <View className="sat-legend" key={p.key} id={`nps-${p.key}`}>
          <View className={`sat-dot ${p.tone}`} />
          <Text className="sat-legend-label">{p.label}</Text>
          <Text className="mk-figure">
            {p.n} 人 · {pct(all ? p.n / all : null)}
          </Text>
        </View>
      ))}
      <Text className="muted">NPS = 推荐者占比 − 贬损者占比（按答卷数计）。</Text>
    </View>
  );
}

/** Each dimension's average stars as a bar out of 5; a low average (below 3.5) stands out. */
export function DimensionBars({ f }: { f: SatisfactionFigures }) {
  return (
    <View className="card" id="dimension-card">
      {surveyDimensions.map((d) => {
        const v = f.averages[d];
        return (
          <View className="sat-dim" key={d} id={`avg-${d}`}>
            <Text className="sat-dim-label">{surveyDimensionLabels[d]}</Text>
            <View className="mk-bar-track sat-dim-track">
              <View
                className={`mk-bar-fill${v !== null && v < 3.5 ? ' sat-fill-low' : ''}`}
                style={{ width: v === null ? '0%' : `${(v / 5) * 100}%` }}
              />
            </View>
            <Text className="sat-dim-value mk-figure" id={`avg-${d}-value`}>
              {stars(v)}
            </Text>
          </View>
        );
      })}
      <Text className="muted">满分 5 分；低于 3.5 分的项目标红。</Text>
    </View>
  );
}

interface TrendMetric {
  key: string;
  label: string;
  of: (t: SatisfactionTrendPoint) => number | null;
  show: (n: number | null) => string;
}

const trendMetrics: TrendMetric[] = [
  { key: 'nps', label: 'NPS', of: (t) => t.nps, show: npsText },
  { key: 'overall', label: '均分', of: (t) => t.averages.overall, show: stars },
  { key: 'responseRate', label: '回复率', of: (t) => t.responseRate, show: pct },
  { key: 'answers', label: '答卷', of: (t) => t.answers, show: (n) => (n === null ? '—' : String(n)) },
];

/** The months up to the one shown, one column each; the chips pick the figure. */
export function TrendChart({ trend }: { trend: SatisfactionTrendPoint[] }) {
  const [key, setKey] = useState('nps');
  const metric = trendMetrics.find((m) => m.key === key) ?? (trendMetrics[0] as TrendMetric);
  const top = Math.max(0, ...trend.map((t) => metric.of(t) ?? 0));
  return (
    <View className="card mk-bars" id="trend-card">
      <Chips
        idPrefix="trend-metric"
        options={trendMetrics.map((m) => ({ value: m.key, label: m.label }))}
        selected={metric.key}
        onToggle={setKey}
      />
      <View className="sat-columns">
        {trend.map((t) => {
          const v = metric.of(t);
          const height = v !== null && v > 0 && top > 0 ? `${(v / top) * 100}%` : '0%';
          return (
            <View className="sat-col" key={t.month} id={`trend-${t.month}`}>
              <Text className={`sat-col-value${v !== null && v < 0 ? ' sat-neg' : ''}`} id={`trend-${t.month}-value`}>
                {metric.show(v)}
              </Text>
              <View className="sat-col-track">
                <View className="sat-col-fill" style={{ height }} />
              </View>
              <Text className="sat-col-label">{Number(t.month.slice(5))}月</Text>
            </View>
          );
        })}
      </View>
    </View>
  );
}
