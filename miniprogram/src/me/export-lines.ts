import { relationLabels } from '@shared/schemas/patient';
import type { ExportSection } from '@shared/schemas/rights';

// biome-ignore lint/suspicious/noExplicitAny: exported items are plain JSON of many shapes, read field by field for display
type Item = Record<string, any>;
const day = (iso: unknown) => (typeof iso === 'string' ? iso.slice(0, 10) : '');
const yuan = (fen: unknown) => (typeof fen === 'number' ? `${(fen / 100).toFixed(2)} 元` : '');
const consentLabels: Record<string, string> = { healthData: '健康信息', marketing: '营销消息', guardian: '监护人同意' };

/** One plain line per exported item, so a person can read what the file holds. */
export const lineOf: Record<ExportSection, (i: Item) => string> = {
  profiles: (p) => `${p.name}（${relationLabels[p.relation as keyof typeof relationLabels] ?? '本人'}）`,
  consentHistory: (c) =>
    `${day(c.at)} ${(c.changes ?? []).map((x: Item) => `${x.granted ? '同意' : '撤回'}${consentLabels[x.kind] ?? x.kind}`).join('，')}`,
  appointments: (a) => `${a.date} ${a.clinicName ?? ''} ${a.departmentName ?? ''}`,
  tickets: (t) => `${t.date} ${t.departmentName ?? ''} ${t.displayNumber ?? ''} 号`,
  visits: (v) => `${v.date} 就诊 ${yuan(v.chargeFen)}`,
  messages: (m) => `${day(m.sentAt ?? m.dueAt)} ${m.text}`,
  surveyInvitations: (s) => `${s.visitDate} 就诊后的评价邀请`,
  surveyAnswers: (a) => `${day(a.answeredAt)} 推荐意愿 ${a.nps} 分${a.comment ? `：${a.comment}` : ''}`,
  followUps: (f) =>
    `${f.dueDate} 回访 ${(f.history ?? []).length} 次${(f.history ?? []).some((h: Item) => h.note) ? `：${(f.history as Item[]).map((h) => h.note ?? '').join(' ')}` : ''}`,
  careSummaries: (s) => `最近就诊 ${s.lastVisitDate ?? ''}，共 ${s.visitCount ?? 0} 次`,
  consultations: (c) =>
    `${day(c.createdAt)} 咨询 ${(c.messages ?? []).length} 条消息${c.preview ? `：${c.preview}` : ''}`,
};

/** The profile's own fields, labelled, for the first card. */
export function profileLines(p: Item): string[] {
  const rows: [string, unknown][] = [
    ['姓名', p.name],
    ['手机号', p.phone],
    ['身份证号', p.idCardNo],
    ['出生日期', p.birthDate],
    ['职业', p.occupation],
    ['地址', p.address],
    ['既往病史', p.medicalHistory],
  ];
  return rows.filter(([, v]) => v).map(([k, v]) => `${k}：${String(v)}`);
}
