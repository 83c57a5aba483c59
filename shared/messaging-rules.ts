/**
 * The rules every scheduled message obeys, whoever builds or sends it: quiet hours, birthdays, the
 * weekly marketing cap, how long a message stays worth sending; then its words: SMS length and
 * signature, `{name}` templates with the default Chinese text of each kind, greeting occasions and
 * WeChat subscribe-message field rules. Pure: each function is given the date or instant it needs.
 */
import { addDays, clinicDate, clinicInstant, clinicTime, isRealDate, parseInstant, startOfClinicDay } from './dates';
import { ValidationError } from './errors';

/** Quiet hours in Asia/Shanghai begin at this time… */
export const QUIET_FROM = '21:00';
/** …and end at this time the next morning; nothing is sent in between. */
export const QUIET_UNTIL = '09:00';

/** True when an instant falls in quiet hours (21:00 included, 09:00 not). */
export function inQuietHours(at: string): boolean {
  const t = clinicTime(parseInstant(at));
  return t >= QUIET_FROM || t < QUIET_UNTIL;
}

/**
 * The instant a message due at `at` may go out: `at` itself outside quiet hours, otherwise the next
 * 09:00 in Asia/Shanghai. Always a UTC ISO string (`…Z`), so results compare as strings.
 */
export function deferOutOfQuietHours(at: string): string {
  const instant = parseInstant(at);
  if (!inQuietHours(at)) return instant.toISOString();
  const today = clinicDate(instant);
  const day = clinicTime(instant) >= QUIET_FROM ? addDays(today, 1) : today;
  return new Date(clinicInstant(day, QUIET_UNTIL)).toISOString();
}

function realDate(date: string): string {
  if (!isRealDate(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return date;
}

function isLeapYear(year: number): boolean {
  return isRealDate(`${String(year).padStart(4, '0')}-02-29`);
}

/**
 * True when `date` is a birthday of someone born on `birthDate` (a later year, same month and day);
 * someone born on 29 February is greeted on 28 February in common years.
 */
export function birthdayOn(birthDate: string, date: string): boolean {
  realDate(birthDate);
  realDate(date);
  if (date.slice(0, 4) <= birthDate.slice(0, 4)) return false;
  const born = birthDate.slice(5);
  const day = date.slice(5);
  return born === day || (born === '02-29' && day === '02-28' && !isLeapYear(Number(date.slice(0, 4))));
}

/** The birthday month-day keys (MM-DD) a birthday job reads on `date`: 28 February of a common year also reads 02-29. */
export function birthdayKeysFor(date: string): string[] {
  const day = realDate(date).slice(5);
  return day === '02-28' && !isLeapYear(Number(date.slice(0, 4))) ? ['02-28', '02-29'] : [day];
}

/** At most one marketing message per patient in this many days. */
export const MARKETING_CAP_DAYS = 7;

/**
 * True when a marketing message may go out at `at`: none was sent before, or the last one is at least
 * `days` × 24 hours old. A "last" later than `at` (clock skew) counts as recent.
 */
export function marketingCapAllows(
  lastMarketingSentAt: string | undefined,
  at: string,
  days = MARKETING_CAP_DAYS,
): boolean {
  const now = parseInstant(at).getTime();
  if (lastMarketingSentAt === undefined) return true;
  return now - parseInstant(lastMarketingSentAt).getTime() >= days * 86_400_000;
}

/** A reminder is worth sending only before the appointment starts. */
export function reminderStillUseful(appointmentStartsAt: string, at: string): boolean {
  return parseInstant(at).getTime() < parseInstant(appointmentStartsAt).getTime();
}

/** A greeting is worth sending until its day (YYYY-MM-DD) ends in Asia/Shanghai. */
export function greetingStillUseful(greetingDate: string, at: string): boolean {
  return parseInstant(at).getTime() < startOfClinicDay(addDays(realDate(greetingDate), 1)).getTime();
}

/** The instant a day (YYYY-MM-DD) ends in Asia/Shanghai, as UTC ISO: a greeting or a reminder for that day is no use after it. */
export function endOfClinicDay(date: string): string {
  return startOfClinicDay(addDays(realDate(date), 1)).toISOString();
}

/** A revisit reminder goes out this many days before the revisit date. */
export const REVISIT_NOTICE_DAYS = 3;

/** The revisit date whose reminders go out on `date` (YYYY-MM-DD). */
export function revisitDateRemindedOn(date: string): string {
  return addDays(realDate(date), REVISIT_NOTICE_DAYS);
}

/** The day (YYYY-MM-DD) the reminders of a revisit date go out: the inverse of revisitDateRemindedOn. */
export function revisitReminderDay(revisitDate: string): string {
  return addDays(realDate(revisitDate), -REVISIT_NOTICE_DAYS);
}

/** True when a patient's consents let greetings (marketing) be planned for them: consent given and not withdrawn. */
export function marketingAllowed(consents: { marketing?: { granted: boolean } }): boolean {
  return consents.marketing?.granted === true;
}

/** Characters counted as Unicode code points, so 😀 or 𠮷 is one, never half of one. */
function chars(text: string): string[] {
  return Array.from(text);
}

/** A Chinese SMS is one part up to this many characters… */
export const SMS_SINGLE_PART = 70;
/** …and this many a part once it is split. */
export const SMS_SPLIT_PART = 67;

/** How many SMS parts a text is billed as (the 【signature】 counts): 70 characters in one, 67 each when split. */
export function smsParts(text: string): number {
  const n = chars(text).length;
  if (n === 0) return 0;
  return n <= SMS_SINGLE_PART ? 1 : Math.ceil(n / SMS_SPLIT_PART);
}

/** What a marketing SMS ends with, so the patient can refuse more. */
export const SMS_OPT_OUT = '拒收请回复R';

/** The SMS as sent: "【signature】body", plus " 拒收请回复R" for marketing (never twice). */
export function smsText(input: { signature: string; body: string; marketing: boolean }): string {
  const signature = input.signature
    .trim()
    .replace(/^【(.*)】$/u, '$1')
    .trim();
  if (!signature) throw new RangeError('an SMS needs its registered signature');
  const body = input.body.trim();
  const optOut = input.marketing && !body.endsWith(SMS_OPT_OUT) ? ` ${SMS_OPT_OUT}` : '';
  return `【${signature}】${body}${optOut}`;
}

/** The kinds of scheduled message that have a template. */
export type MessageKind =
  | 'appointment'
  | 'revisit'
  | 'birthday'
  | 'holiday'
  | 'followup'
  | 'survey'
  | 'group'
  | 'consultation_reply';

/** The occasions a holiday greeting is sent on. */
export type Occasion =
  | 'new_year'
  | 'spring_festival'
  | 'lantern'
  | 'dragon_boat'
  | 'mid_autumn'
  | 'national_day'
  | 'love_teeth';

/** Each occasion's Chinese name. */
export const occasionNames: Record<Occasion, string> = {
  new_year: '元旦',
  spring_festival: '春节',
  lantern: '元宵节',
  dragon_boat: '端午节',
  mid_autumn: '中秋节',
  national_day: '国庆节',
  love_teeth: '全国爱牙日',
};

/** The wish each occasion's greeting carries (端午 is wished 安康, not 快乐). */
export const occasionWishes: Record<Occasion, string> = {
  new_year: '元旦快乐，新年顺遂',
  spring_festival: '新春快乐，阖家幸福',
  lantern: '元宵节快乐，团圆美满',
  dragon_boat: '端午安康',
  mid_autumn: '中秋快乐，阖家团圆',
  national_day: '国庆快乐',
  love_teeth: '爱牙日快乐，笑口常开',
};

/** The placeholders each kind's template may use. */
export const templateVars: Record<MessageKind, readonly string[]> = {
  appointment: ['name', 'clinic', 'department', 'date', 'time'],
  revisit: ['name', 'clinic', 'department', 'date'],
  birthday: ['name', 'clinic'],
  holiday: ['name', 'clinic', 'holiday', 'wish'],
  // A follow-up plan's reminder row: `item` says what is coming up for the visit's category (下次矫正复诊).
  followup: ['name', 'clinic', 'item'],
  survey: ['name', 'clinic', 'date', 'link'],
  group: ['name', 'clinic', 'reason'],
  // Never the question or the answer: health content stays in the mini-program.
  consultation_reply: ['clinic'],
};

/**
 * Default text of each kind: short plain notices and greetings to 您. SMS providers refuse medical
 * marketing, recall and survey wording, so no offers, treatments or "come back" calls.
 */
export const defaultTemplates: Record<MessageKind, string> = {
  appointment:
    '{name}您好，您已预约{clinic}{department}{date} {time}就诊，请提前10分钟到院签到。如需改约请在小程序操作。',
  revisit: '{name}您好，您在{clinic}{department}的下次就诊日期为{date}，可在小程序选择合适的时间预约。',
  birthday: '{name}您好，今天是您的生日，{clinic}祝您生日快乐，身体健康！',
  holiday: '{name}您好，{clinic}祝您{wish}！',
  followup: '{name}您好，您在{clinic}的{item}时间快到了，可在小程序选择合适的时间预约。',
  // A plain notice with the form's link: providers refuse survey wording in SMS templates.
  survey: '{name}您好，感谢您{date}到{clinic}就诊，欢迎留下意见：{link}',
  // A patient group's reminder (marketing): the reason is the group's, in plain words.
  group: '{name}您好，{clinic}提醒：{reason}。可在小程序预约。',
  consultation_reply: '{clinic}已回复您的咨询，请在小程序中查看。',
};

const PLACEHOLDER = /\{([^{}]*)\}/gu;

/** What is wrong with a template, in Chinese for the staff editor: unknown or empty placeholders, unpaired braces. */
export function templateProblems(template: string, allowedVars: readonly string[]): string[] {
  const problems: string[] = [];
  if (!template.trim()) problems.push('模板内容不能为空');
  for (const [, raw] of template.matchAll(PLACEHOLDER)) {
    const key = raw!.trim();
    if (!key) problems.push('有空的占位符 {}');
    else if (!allowedVars.includes(key)) {
      const known = allowedVars.map((v) => `{${v}}`).join('、');
      problems.push(`不认识的占位符 {${key}}${known ? `，可用的有：${known}` : ''}`);
    }
  }
  if (/[{}]/u.test(template.replace(PLACEHOLDER, ''))) problems.push('花括号 { } 没有成对出现');
  if (/[｛｝]/u.test(template)) problems.push('占位符请用半角花括号 { }，不要用全角 ｛ ｝');
  return [...new Set(problems)];
}

/**
 * A template with each `{key}` replaced by its value (values are inserted as they are, never read as
 * placeholders). A placeholder without a value is a ValidationError listing the problems in Chinese.
 */
export function renderTemplate(template: string, vars: Readonly<Record<string, string | number>>): string {
  const problems = templateProblems(template, Object.keys(vars));
  if (problems.length > 0) throw new ValidationError(problems.join('；'), { problems });
  return template.replace(PLACEHOLDER, (_, key: string) => String(vars[key.trim()]));
}

/** The kinds of WeChat subscribe-message field this project fills. */
export type SubscribeFieldKind = 'thing' | 'phrase' | 'name' | 'time' | 'date' | 'character_string' | 'number';

/** A subscribe-message field: its kind (from the template's key, `thing1` → thing) and value. */
export interface SubscribeField {
  kind: SubscribeFieldKind;
  value: string;
}

/** Longest `thing` value WeChat accepts. */
export const THING_MAX = 20;

const HAN = /\p{Script=Han}/u;
const DATE = String.raw`(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2})`;
const TIME = String.raw`([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?`;
const range = (one: string) => new RegExp(`^${one}(\\s*~\\s*${one})?$`, 'u');
const TIME_VALUE = range(`(${DATE}\\s*)?${TIME}`);
const DATE_VALUE = range(`${DATE}(\\s*${TIME})?`);

function fieldProblem({ kind, value }: SubscribeField): string | undefined {
  const n = chars(value).length;
  switch (kind) {
    case 'thing':
      return n > THING_MAX ? `超过 ${THING_MAX} 个字符（${n} 个）` : undefined;
    case 'phrase':
      return /^\p{Script=Han}{1,5}$/u.test(value) ? undefined : '只能是 5 个以内的汉字';
    case 'name':
      if (HAN.test(value)) return n > 10 ? '含汉字的姓名不能超过 10 个字' : undefined;
      return n > 20 ? '字母姓名不能超过 20 个字符' : undefined;
    case 'character_string':
      return /^[\x20-\x7E]{1,32}$/u.test(value) ? undefined : '只能是 32 位以内的数字、字母或符号';
    case 'number':
      return n <= 32 && /^\d+(\.\d+)?$/u.test(value) ? undefined : '只能是 32 位以内的数字（可带小数）';
    case 'time':
      return TIME_VALUE.test(value) ? undefined : '时间须为 24 小时制，如 15:01 或 2026年3月1日 15:01';
    case 'date':
      return DATE_VALUE.test(value) ? undefined : '日期须为年月日，如 2026年3月1日，可带 24 小时制时间';
  }
}

/** Problems of subscribe-message fields, one Chinese line per broken field ("thing1：超过 20 个字符（23 个）"). */
export function checkSubscribeFields(fields: Readonly<Record<string, SubscribeField>>): string[] {
  return Object.entries(fields).flatMap(([key, field]) => {
    if (!field.value.trim()) return [`${key}：不能为空`];
    const problem = fieldProblem(field);
    return problem ? [`${key}：${problem}`] : [];
  });
}

/** A `thing` value that fits: trimmed, and past 20 characters cut to 19 plus "…". */
export function fitThing(text: string, max = THING_MAX): string {
  const c = chars(text.trim());
  return c.length <= max ? c.join('') : `${c.slice(0, max - 1).join('')}…`;
}
