import { clinicDate } from '@shared/dates';
import type { CampaignView } from '@shared/schemas/campaigns';
import { formatFen } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { Banner } from '../components/Banner';

/** Roles that run campaigns and read their own results (the API checks anyway). */
export { marketingTeam as MARKETERS } from '@shared/roles';

export const stateLabels: Record<CampaignView['state'], string> = {
  upcoming: '未开始',
  running: '进行中',
  ended: '已结束',
};

export const money = formatFen;

/** A fraction as a percentage with one decimal: 0.4567 -> 45.7%; "—" when it has no base. */
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

/** 2026-11-05 -> 11月5日 */
export function monthDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/**
 * One figure with its label. A figure never wraps inside itself: a wide tile takes the whole row
 * (money), and a long value is set smaller rather than broken.
 */
export function Tile({ id, label, value, wide }: { id: string; label: string; value: string; wide?: boolean }) {
  const long = value.length > (wide ? 14 : 5);
  return (
    <View className={`mk-tile${wide ? ' mk-tile-wide' : ''}`}>
      <Text className="mk-tile-label">{label}</Text>
      <Text className={`mk-tile-value mk-figure${long ? ' mk-tile-value-long' : ''}`} id={id}>
        {value}
      </Text>
    </View>
  );
}

/** The four figures marketing is measured on: three counts in a row, revenue on its own line. */
export function FigureTiles(p: {
  idPrefix: string;
  figures?: { newRecords: number; appointments: number; arrivals: number; revenueFen: number };
}) {
  const f = p.figures;
  const count = (n: number | undefined) => (n === undefined ? '—' : String(n));
  return (
    <View className="mk-tiles">
      <Tile id={`${p.idPrefix}-newRecords`} label="新建档" value={count(f?.newRecords)} />
      <Tile id={`${p.idPrefix}-appointments`} label="预约" value={count(f?.appointments)} />
      <Tile id={`${p.idPrefix}-arrivals`} label="到院" value={count(f?.arrivals)} />
      <Tile id={`${p.idPrefix}-revenue`} label="营收" value={f ? money(f.revenueFen) : '—'} wide />
    </View>
  );
}

/**
 * Progress against a target: "未设目标" without one, "—" when the target is 0 (no share to compute).
 * What is done and the target sit on their own lines when the row is narrow, never split.
 */
export function Progress(p: { id: string; label: string; done: string; goal?: string; share?: number | null }) {
  const hasGoal = p.goal !== undefined;
  const share = hasGoal && typeof p.share === 'number' && Number.isFinite(p.share) ? p.share : undefined;
  const width = share === undefined ? '0%' : `${Math.min(1, Math.max(0, share)) * 100}%`;
  const tone = !hasGoal ? ' mk-none' : share !== undefined && share >= 1 ? ' mk-good' : '';
  return (
    <View className="mk-progress" id={p.id}>
      <View className="row-between">
        <Text className="mk-progress-label">{p.label}</Text>
        <Text className={`mk-progress-pct${tone}`} id={`${p.id}-pct`}>
          {hasGoal ? pct(share) : '未设目标'}
        </Text>
      </View>
      <View className="mk-bar-track">
        <View className="mk-bar-fill" style={{ width }} />
      </View>
      <View className="mk-progress-figs">
        <Text className="mk-nowrap">{hasGoal ? `已完成 ${p.done}` : `本月已完成 ${p.done}`}</Text>
        {hasGoal ? <Text className="mk-nowrap">目标 {p.goal}</Text> : null}
      </View>
    </View>
  );
}

/** A page of its own for a role that may not see it (the API refuses anyway). */
export function NotForYou({ id, text }: { id: string; text: string }) {
  return (
    <View className="page" id={id}>
      <Banner kind="info" text={text} />
    </View>
  );
}

/** A sheet over the page: tapping outside or the last button closes it. */
export function Sheet(p: { id: string; title: string; onClose: () => void; children: ReactNode; footer?: ReactNode }) {
  return (
    <View>
      <View className="sheet-mask" onClick={p.onClose} />
      <View className="mk-modal" id={p.id}>
        <Text className="card-title">{p.title}</Text>
        {p.children}
        {p.footer ?? (
          <Button id="sheet-close" className="btn" onClick={p.onClose}>
            关闭
          </Button>
        )}
      </View>
    </View>
  );
}

/** A month and the arrows either side; no month after this one. */
export function MonthPicker({ month, onChange }: { month: string; onChange: (m: string) => void }) {
  const current = thisMonth();
  const last = month >= current;
  return (
    <View className="mk-month">
      <Text className="mk-month-arrow" id="month-prev" onClick={() => onChange(shiftMonth(month, -1))}>
        ‹ 上月
      </Text>
      <Text className="mk-month-label" id="month-label">
        {month}
      </Text>
      <Text
        className={`mk-month-arrow${last ? ' mk-month-arrow-off' : ''}`}
        id="month-next"
        onClick={() => {
          if (!last) onChange(shiftMonth(month, 1));
        }}
      >
        下月 ›
      </Text>
    </View>
  );
}
