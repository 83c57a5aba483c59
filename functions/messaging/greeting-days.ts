/**
 * Which greeting, if any, a day calls for: fixed dates (元旦, 国庆, 全国爱牙日) and lunar festivals
 * (春节, 元宵, 端午, 中秋) from `chinese-days`, which converts lunar and solar dates for 1900–2100 and
 * holds the State Council's holiday schedule for 2004 to the latest published year.
 *
 * Two traps of the library, both avoided here:
 * - its dates are `YYYY-MM-DD` read as UTC midnight, but some functions format them back in the
 *   machine's local zone, so west of Greenwich `getSolarDateFromLunar` and `getDayDetail` answer a
 *   day early. Only `getLunarDate` (zone-proof for string input) and a whole-year count are used.
 * - its package is UMD: under Node's ESM loader only the default import has the functions.
 */
import chineseDays from 'chinese-days';
import { addDays, isRealDate } from '../../shared/dates';
import { type Occasion, occasionNames, occasionWishes } from '../../shared/messaging-rules';

/** A day's greeting: the occasion, its Chinese name and the wish the holiday template carries. */
export interface Greeting {
  occasion: Occasion;
  name: string;
  wish: string;
}

/** Years whose lunar dates the library converts (its tables run 1900–2100; both ends left out). */
export const LUNAR_YEARS = { first: 1901, last: 2099 } as const;

const FIXED: Readonly<Record<string, Occasion>> = {
  '01-01': 'new_year',
  '09-20': 'love_teeth',
  '10-01': 'national_day',
};

/** Lunar month-day (never of a leap month) → occasion. */
const LUNAR: Readonly<Record<string, Occasion>> = {
  '1-1': 'spring_festival',
  '1-15': 'lantern',
  '5-5': 'dragon_boat',
  '8-15': 'mid_autumn',
};

/** When two occasions share a day (中秋 on 国庆 in 2031, on 爱牙日 in 2040), the earlier here wins. */
const PRIORITY: readonly Occasion[] = [
  'spring_festival',
  'lantern',
  'dragon_boat',
  'mid_autumn',
  'new_year',
  'national_day',
  'love_teeth',
];

function checkedDate(date: string): string {
  if (!isRealDate(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  checkedYear(Number(date.slice(0, 4)));
  return date;
}

function checkedYear(year: number): number {
  if (!Number.isInteger(year) || year < LUNAR_YEARS.first || year > LUNAR_YEARS.last) {
    throw new RangeError(`year ${year} is outside ${LUNAR_YEARS.first}–${LUNAR_YEARS.last}`);
  }
  return year;
}

function greeting(occasion: Occasion): Greeting {
  return { occasion, name: occasionNames[occasion], wish: occasionWishes[occasion] };
}

/** Every greeting a date (YYYY-MM-DD) calls for, most important first; `dental: false` leaves out 爱牙日. */
export function greetingsOn(date: string, options: { dental?: boolean } = {}): Greeting[] {
  const lunar = chineseDays.getLunarDate(checkedDate(date));
  const found = new Set<Occasion>();
  const fixed = FIXED[date.slice(5)];
  if (fixed && (fixed !== 'love_teeth' || options.dental !== false)) found.add(fixed);
  const festival = lunar.isLeap ? undefined : LUNAR[`${lunar.lunarMon}-${lunar.lunarDay}`];
  if (festival) found.add(festival);
  return PRIORITY.filter((o) => found.has(o)).map(greeting);
}

/** The greeting a date (YYYY-MM-DD) calls for, or undefined on an ordinary day; `dental: false` leaves out 爱牙日. */
export function greetingOn(date: string, options: { dental?: boolean } = {}): Greeting | undefined {
  return greetingsOn(date, options)[0];
}

/** 除夕 of a year: the day before 正月初一 (腊月 has only 29 days in 2026–2028, so never "腊月三十"). */
export function newYearsEve(year: number): string {
  checkedYear(year);
  // 正月初一 falls between 21 January and 20 February.
  for (let day = `${year}-01-21`; day <= `${year}-02-20`; day = addDays(day, 1)) {
    const lunar = chineseDays.getLunarDate(day);
    if (!lunar.isLeap && lunar.lunarMon === 1 && lunar.lunarDay === 1) return addDays(day, -1);
  }
  throw new RangeError(`no 正月初一 found in ${year}`);
}

const scheduleKnown = new Map<number, boolean>();

/**
 * Whether the library holds the State Council's holiday schedule for a year (2026 does; 2027 is not
 * published yet, and the library then falls back to plain weekdays and weekends).
 */
export function officialScheduleKnown(year: number): boolean {
  if (!Number.isInteger(year)) throw new RangeError(`not a year: ${year}`);
  let known = scheduleKnown.get(year);
  if (known === undefined) {
    // Without weekends, only the official holidays are listed. 2 January onwards keeps the count
    // inside the year even where the library reads dates a day early (see above).
    known = chineseDays.getHolidaysInRange(`${year}-01-02`, `${year}-12-31`, false).length > 0;
    scheduleKnown.set(year, known);
  }
  return known;
}
