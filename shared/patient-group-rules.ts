/**
 * Who belongs in which monthly patient group, from one patient's care summary at one clinic. Pure:
 * the month and the clinic's settings are given. A month's groups hold the patients due on or before
 * the month's last day (overdue ones included), so staff can remind them in time during the month.
 */
import { addDays, addMonths, daysOfMonth } from './dates';
import type { Category } from './schemas/common';
import type { GroupKey, GroupSettings } from './schemas/patient-groups';

/** One patient's visits at one clinic, kept up to date by each visit (never the visit history). */
export interface CareSummary {
  patientId: string;
  clinicId: string;
  firstVisitDate: string;
  lastVisitDate: string;
  lastVisitId: string;
  /** The instant the last visit was recorded. */
  lastVisitAt: string;
  lastCategory: Category;
  /** The last visit of each category: its date and id. */
  last: Partial<Record<Category, { date: string; visitId: string }>>;
  /** The first implant visit of the current series (the reviews count from it). */
  implantSince?: string;
  spendFen: number;
  visitCount: number;
}

/** A patient's place in a group: why (for staff), when it fell due, and the visit it follows. */
export interface Placement {
  group: GroupKey;
  dueDate: string;
  reason: string;
  /** What a reminder tells the patient (plain words: SMS providers refuse recall and treatment wording). */
  reminderReason: string;
  basisVisitId: string;
  basisDate: string;
  category: Category;
}

/** A date plus n months; the 31st becomes the month's last day where the month is shorter. */
export function addMonthsToDate(date: string, n: number): string {
  const month = addMonths(date.slice(0, 7), n);
  const days = daysOfMonth(month);
  const day = Math.min(Number(date.slice(8, 10)), days.length);
  return days[day - 1]!;
}

/** The last day of a month (YYYY-MM): the horizon of that month's groups. */
export function monthEnd(month: string): string {
  return daysOfMonth(month).at(-1)!;
}

/** An implant review counts when the patient came back no earlier than this before its date. */
export const IMPLANT_EARLY_DAYS = 14;
/** An implant visit this long after the series began starts a new series (a new implant). */
export const IMPLANT_SERIES_MONTHS = 15;
/** Orthodontic and implant patients not seen for this long are the lapsed group's, not overdue adjustments. */
const ACTIVE_MONTHS = 12;

const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 0 })}`;

function implantPlacement(s: CareSummary, settings: GroupSettings, horizon: string): Placement | undefined {
  const last = s.last.implant;
  if (!s.implantSince || !last) return undefined;
  const steps = settings.implantMonths
    .map((k) => ({ k, date: addMonthsToDate(s.implantSince!, k) }))
    .filter((x) => x.date <= horizon && x.date > addMonthsToDate(horizon, -ACTIVE_MONTHS));
  const step = steps.at(-1);
  if (!step || last.date >= addDays(step.date, -IMPLANT_EARLY_DAYS)) return undefined;
  return {
    group: 'implant',
    dueDate: step.date,
    reason: `种植 ${s.implantSince}，术后 ${step.k} 个月复查`,
    reminderReason: `您的种植牙已到术后 ${step.k} 个月检查时间`,
    basisVisitId: last.visitId,
    basisDate: last.date,
    category: 'implant',
  };
}

/** The groups a patient belongs to in `month` at their clinic, with each reason and due date. */
export function placementsFor(s: CareSummary, settings: GroupSettings, month: string): Placement[] {
  const horizon = monthEnd(month);
  const out: Placement[] = [];
  const lastVisit = { basisVisitId: s.lastVisitId, basisDate: s.lastVisitDate, category: s.lastCategory };
  const since = (c: Category, due: (d: string) => string) => {
    const l = s.last[c];
    return l ? { l, dueDate: due(l.date) } : undefined;
  };
  const recent = (date: string) => date > addMonthsToDate(horizon, -ACTIVE_MONTHS);

  const ortho = since('orthodontic', (d) => addDays(d, settings.orthodonticWeeks * 7));
  if (ortho && ortho.dueDate <= horizon && recent(ortho.l.date)) {
    out.push({
      group: 'orthodontic',
      dueDate: ortho.dueDate,
      reason: `上次正畸复诊 ${ortho.l.date}，每 ${settings.orthodonticWeeks} 周需调整`,
      reminderReason: '您已到正畸调整时间',
      basisVisitId: ortho.l.visitId,
      basisDate: ortho.l.date,
      category: 'orthodontic',
    });
  }
  const prosth = since('prosthetic', (d) => addMonthsToDate(d, settings.prostheticMonths));
  if (prosth && prosth.dueDate <= horizon) {
    out.push({
      group: 'prosthetic',
      dueDate: prosth.dueDate,
      reason: `上次修复 ${prosth.l.date}，每 ${settings.prostheticMonths} 个月复查`,
      reminderReason: '您的修复体已到定期检查时间',
      basisVisitId: prosth.l.visitId,
      basisDate: prosth.l.date,
      category: 'prosthetic',
    });
  }
  const implant = implantPlacement(s, settings, horizon);
  if (implant) out.push(implant);
  const perio = since('periodontal', (d) => addMonthsToDate(d, settings.periodontalMonths));
  if (perio && perio.dueDate <= horizon) {
    out.push({
      group: 'periodontal',
      dueDate: perio.dueDate,
      reason: `上次牙周治疗 ${perio.l.date}，每 ${settings.periodontalMonths} 个月维护`,
      reminderReason: '您已到牙周定期维护时间',
      basisVisitId: perio.l.visitId,
      basisDate: perio.l.date,
      category: 'periodontal',
    });
  }
  // Everyone cleans every few months: from the last cleaning, or from the first visit when none yet.
  const cleaning = s.last.cleaning;
  const cleanFrom = cleaning?.date ?? s.firstVisitDate;
  const cleanDue = addMonthsToDate(cleanFrom, settings.cleaningMonths);
  if (cleanDue <= horizon) {
    out.push({
      group: 'cleaning',
      dueDate: cleanDue,
      reason: cleaning ? `上次洁牙 ${cleaning.date}` : `首次就诊 ${s.firstVisitDate}，尚无洁牙记录`,
      reminderReason: `建议每 ${settings.cleaningMonths} 个月洁牙一次，您已到洁牙时间`,
      ...(cleaning
        ? { basisVisitId: cleaning.visitId, basisDate: cleaning.date, category: 'cleaning' as const }
        : { ...lastVisit, category: 'cleaning' as const }),
    });
  }
  const lapsedDue = addMonthsToDate(s.lastVisitDate, settings.lapsedMonths);
  if (lapsedDue <= horizon) {
    out.push({
      group: 'lapsed',
      dueDate: lapsedDue,
      reason: `${settings.lapsedMonths} 个月以上未到院，上次就诊 ${s.lastVisitDate}`,
      reminderReason: '您已有一段时间未到院检查',
      ...lastVisit,
    });
  }
  if (s.spendFen >= settings.highValueFen) {
    out.push({
      group: 'high_value',
      dueDate: `${month}-01`,
      reason: `累计消费 ${yuan(s.spendFen)}，共就诊 ${s.visitCount} 次`,
      reminderReason: '感谢您一直以来的信任，欢迎定期到院检查',
      ...lastVisit,
    });
  }
  return out;
}

/** Whether an implant visit on `date` begins a new series (none yet, or the last one long over). */
export function startsImplantSeries(implantSince: string | undefined, date: string): boolean {
  return !implantSince || date > addMonthsToDate(implantSince, IMPLANT_SERIES_MONTHS);
}
