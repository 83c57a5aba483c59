import type { TicketView } from '@shared/schemas/visit-day';

/** 前面还有 3 位, or that the patient is next. */
export function aheadText(t: Pick<TicketView, 'ahead'>): string {
  return t.ahead > 0 ? `前面还有 ${t.ahead} 位` : '下一位就是您，请留意叫号';
}

/** The wait in words; a wait of zero minutes (or less) reads as soon, never as "约 0 分钟". */
export function etaText(t: Pick<TicketView, 'ahead' | 'etaMinutes'>): string {
  if (t.ahead <= 0 || t.etaMinutes <= 0) return '即将轮到您';
  return `预计等待约 ${t.etaMinutes} 分钟`;
}

/**
 * The number being served now, when it is someone else's: the patient's own number is never
 * named to them as 当前叫号 (when it is theirs the page says 轮到您了 instead).
 */
export function nowServingText(t: Pick<TicketView, 'nowServing' | 'displayNumber'>): string | undefined {
  if (t.nowServing === t.displayNumber) return undefined;
  return `当前叫号 ${t.nowServing ?? '暂无'}`;
}
