import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import Chips from '../components/Chips';

/** A figure the bars can compare: how to read it from a row and how to write it. */
export interface BarMetric<R> {
  key: string;
  label: string;
  of: (r: R) => number;
  show: (n: number) => string;
}

interface Props<R> {
  /** id prefix of the list, its chips and its rows */
  id: string;
  rows: R[];
  metrics: BarMetric<R>[];
  keyOf: (r: R) => string;
  titleOf: (r: R) => string;
  subtitleOf?: (r: R) => string;
  /** The other figures of a row, small, under its bar: [id suffix, label, value]. */
  notesOf: (r: R) => [string, string, string][];
  empty: string;
}

/**
 * Rows compared at a glance: each row's bar is its share of the largest, the figure beside it, the
 * rest of its figures underneath. Largest first; the chips pick which figure the bars compare.
 */
export function BarList<R>(p: Props<R>) {
  const [key, setKey] = useState(p.metrics[0]?.key ?? '');
  const metric = p.metrics.find((m) => m.key === key) ?? p.metrics[0];
  if (!metric) return null;
  const rows = [...p.rows].sort((a, b) => metric.of(b) - metric.of(a));
  const top = Math.max(0, ...rows.map(metric.of));
  // One width for every figure of the list, so every bar has the same track to fill.
  const chars = Math.max(1, ...rows.map((r) => metric.show(metric.of(r)).length));
  const valueWidth = `${(chars * 0.6 + 0.2).toFixed(1)}em`;
  return (
    <View className="card mk-bars" id={`${p.id}-table`}>
      {p.rows.length ? (
        <Chips
          idPrefix={`${p.id}-metric`}
          options={p.metrics.map((m) => ({ value: m.key, label: m.label }))}
          selected={metric.key}
          onToggle={setKey}
        />
      ) : null}
      {rows.map((r) => {
        const rowId = `${p.id}-${p.keyOf(r)}`;
        const v = metric.of(r);
        const width = top > 0 ? `${(Math.max(0, v) / top) * 100}%` : '0%';
        const subtitle = p.subtitleOf?.(r);
        return (
          <View className="mk-bar-row" key={rowId} id={rowId}>
            <Text className="mk-bar-name">
              {p.titleOf(r)}
              {subtitle ? <Text className="mk-bar-sub">{subtitle}</Text> : null}
            </Text>
            <View className="mk-bar-line">
              <View className="mk-bar-track mk-bar-track-row">
                <View className="mk-bar-fill" id={`${rowId}-bar`} style={{ width }} />
              </View>
              <Text className="mk-bar-value mk-figure" id={`${rowId}-value`} style={{ width: valueWidth }}>
                {metric.show(v)}
              </Text>
            </View>
            <View className="mk-bar-notes">
              {p.notesOf(r).map(([suffix, label, value]) => (
                <Text className="mk-bar-note" key={suffix} id={`${rowId}-${suffix}`}>
                  {label} {value}
                </Text>
              ))}
            </View>
          </View>
        );
      })}
      {p.rows.length ? null : <Text className="muted">{p.empty}</Text>}
    </View>
  );
}
