import { clinicDate } from '@shared/dates';
import { addDays } from '../utils/days';
import type { FieldErrors } from '../utils/form';

/** The weekly pattern as the form holds it: text as typed, weekdays as '1' … '7'. */
export interface SlotsForm {
  doctorId: string;
  fromDate: string;
  toDate: string;
  weekdays: string[];
  times: string;
  duration: string;
  capacity: string;
}

export const weekdayOptions = ['一', '二', '三', '四', '五', '六', '日'].map((w, i) => ({
  value: String(i + 1),
  label: `周${w}`,
}));

/** Weekdays, mornings and afternoons, half-hour slots of three: a clinic's usual week. */
export function usualWeek(today = clinicDate(new Date())): SlotsForm {
  return {
    doctorId: '',
    fromDate: addDays(today, 1),
    toDate: addDays(today, 14),
    weekdays: ['1', '2', '3', '4', '5'],
    times: '09:00, 09:30, 10:00, 10:30, 11:00, 14:00, 14:30, 15:00, 15:30, 16:00',
    duration: '30',
    capacity: '3',
  };
}

/** "9:00, 09:30 10:00" -> ['09:00', '09:30', '10:00'] */
export function parseTimes(s: string): string[] {
  return s
    .split(/[\s,，、;；]+/)
    .filter(Boolean)
    .map((t) => t.replace('：', ':').replace(/^(\d):/, '0$1:'));
}

/** The API's body for a department. */
export function slotsInput(departmentId: string, f: SlotsForm) {
  return {
    departmentId,
    doctorId: f.doctorId || undefined,
    fromDate: f.fromDate,
    toDate: f.toDate,
    weekdays: f.weekdays.map(Number).sort(),
    times: parseTimes(f.times),
    durationMinutes: Number(f.duration),
    capacity: Number(f.capacity),
  };
}

/** The times field's message: about the list, or (for any one time, 'times.3') how to write one. */
export function timesError(errors: FieldErrors): string | undefined {
  if (errors.times) return errors.times;
  return Object.keys(errors).some((k) => k.startsWith('times.'))
    ? '请按“09:00, 09:30”的样子填写开始时间（24 小时制）'
    : undefined;
}
