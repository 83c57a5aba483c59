import { categories, dateString } from '@shared/schemas/common';
import { completeVisitInput } from '@shared/schemas/visit-day';
import * as z from 'zod';
import { optionalText } from '../utils/form';

/** What the visit form holds: text as typed (the charge in yuan). */
export interface VisitForm {
  category: string;
  charge: string;
  doctorId: string;
  nextRevisitDate: string;
  notes: string;
}

/** "1,280.50" or "¥1280.5" -> 128050 fen; NaN when it is not an amount of yuan. */
export function yuanToFen(s: string): number {
  const t = s.replace(/[,，¥￥\s]/g, '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(t)) return Number.NaN;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** The API's body from the form (a blank charge is "not given", a wrong one NaN). */
export function visitInput(ticketId: string, f: VisitForm) {
  return {
    ticketId: ticketId || undefined,
    category: f.category || undefined,
    chargeFen: f.charge.trim() === '' ? undefined : yuanToFen(f.charge),
    doctorId: f.doctorId || undefined,
    nextRevisitDate: optionalText(f.nextRevisitDate),
    notes: optionalText(f.notes),
  };
}

/**
 * The API's schema behind messages that say what to do (its own are generic for enums and ids),
 * plus the one rule the form knows better: a revisit date lies after today.
 */
export function visitSchema(today: string) {
  return z
    .object({
      ticketId: z.string().optional(),
      category: z.enum(categories, { error: '请选择治疗项目' }),
      chargeFen: z.number({
        error: (i) =>
          i.input === undefined ? '请输入收费金额，免费请填 0' : '请输入正确的金额（元），最多两位小数，如 1280.50',
      }),
      doctorId: z.string({ error: '请选择接诊医生' }),
      nextRevisitDate: dateString.refine((d) => d > today, '复诊日期应在今天之后').optional(),
      notes: z.string().optional(),
    })
    .pipe(completeVisitInput);
}
