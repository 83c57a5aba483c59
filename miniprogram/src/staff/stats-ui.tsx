import { clinicDate } from '@shared/dates';
import type { CampaignView } from '@shared/schemas/campaigns';
import { formatFen } from '@shared/schemas/visit-day';
import { Text, View } from '@tarojs/components';

/** Roles that run campaigns and read their own results (the API checks anyway). */
export { marketingTeam as MARKETERS } from '@shared/roles';

export const stateLabels: Record<CampaignView['state'], string> = {
  upcoming: '未开始',
  running: '进行中',
  ended: '已结束',
};

export const money = formatFen;

/** A fraction as a percentage with one decimal: 0.4567 -> 45.7%. */
export function pct(x: number | null | undefined): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(1)}%`;
}

export function thisMonth(): string {
  return clinicDate(new Date()).slice(0, 7);
}

/** YYYY-MM moved by n months. */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

/** A date plus n days (YYYY-MM-DD). */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function Tile({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <View className="mk-tile">
      <Text className="mk-tile-label">{label}</Text>
      <Text className="mk-tile-value" id={id}>
        {value}
      </Text>
    </View>
  );
}

/** Progress against a target; "未设目标" when there is none. */
export function Progress(p: { id: string; label: string; done: string; goal?: string; share?: number | null }) {
  const has = p.goal !== undefined && p.share !== undefined && p.share !== null;
  const width = has ? `${Math.min(1, Math.max(0, p.share ?? 0)) * 100}%` : '0%';
  return (
    <View className="mk-progress" id={p.id}>
      <View className="row-between">
        <Text className="mk-progress-label">{p.label}</Text>
        <Text className={`mk-progress-pct${has ? ((p.share ?? 0) >= 1 ? ' mk-good' : '') : ' mk-none'}`}>
          {has ? pct(p.share) : '未设目标'}
        </Text>
      </View>
      <View className="mk-bar-track">
        <View className="mk-bar-fill" style={{ width }} />
      </View>
      <Text className="muted">{has ? `${p.done} / 目标 ${p.goal}` : `本月已完成 ${p.done}`}</Text>
    </View>
  );
}
