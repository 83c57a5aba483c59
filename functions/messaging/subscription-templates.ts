import { fitThing, type SubscribeField } from '../../shared/messaging-rules';
import type { SubscribeKind } from '../../shared/schemas/messages';
import { config } from '../lib/config';

/**
 * The WeChat subscribe-message templates this app sends, written in one place: each kind's template
 * id (from config), its Chinese title, the page a tap opens, and how the message's variables fill the
 * template's fields. The field keys are those of the templates chosen in the WeChat console
 * (就诊提醒: 就诊人 / 就诊门诊 / 就诊时间 / 温馨提示; 复诊提醒: 就诊人 / 复诊科室 / 复诊日期 / 温馨提示).
 */
export interface SubscribeTemplate {
  kind: SubscribeKind;
  templateId: string;
  title: string;
  page: string;
  /** The page a tap opens for one message, when it carries the message's own query (a survey's ?id=). */
  pageFor?(vars: Readonly<Record<string, string>>): string;
  /** The template's fields from the message's variables; undefined when a variable is missing. */
  fields(vars: Readonly<Record<string, string>>): Record<string, SubscribeField> | undefined;
}

/** "2031-04-10" -> "2031年4月10日": the 年月日 form WeChat shows best. */
function fullDate(day: string): string {
  return `${day.slice(0, 4)}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

const has = (vars: Readonly<Record<string, string>>, keys: string[]) => keys.every((k) => (vars[k] ?? '') !== '');

const templates: Record<SubscribeKind, SubscribeTemplate> = {
  appointment: {
    kind: 'appointment',
    templateId: config.WECHAT_TEMPLATE_APPOINTMENT,
    title: '就诊提醒',
    page: 'pages/appointments/index',
    fields: (v) =>
      has(v, ['name', 'clinic', 'day', 'time'])
        ? {
            name1: { kind: 'name', value: v.name! },
            thing2: { kind: 'thing', value: fitThing(`${v.clinic}${v.department ?? ''}`) },
            time3: { kind: 'time', value: `${fullDate(v.day!)} ${v.time}` },
            thing4: { kind: 'thing', value: '请提前10分钟到院签到' },
          }
        : undefined,
  },
  revisit: {
    kind: 'revisit',
    templateId: config.WECHAT_TEMPLATE_REVISIT,
    title: '复诊提醒',
    page: 'pages/book/index',
    fields: (v) =>
      has(v, ['name', 'clinic', 'day'])
        ? {
            name1: { kind: 'name', value: v.name! },
            thing2: { kind: 'thing', value: fitThing(`${v.clinic}${v.department ?? ''}`) },
            date3: { kind: 'date', value: fullDate(v.day!) },
            thing4: { kind: 'thing', value: '可在小程序选择时间预约' },
          }
        : undefined,
  },
  // 就诊评价邀请: 就诊人 / 就诊门诊 / 就诊日期 / 温馨提示; a tap opens the form of this invitation.
  survey: {
    kind: 'survey',
    templateId: config.WECHAT_TEMPLATE_SURVEY,
    title: '就诊评价邀请',
    page: 'survey/index',
    pageFor: (v) => `survey/index?id=${encodeURIComponent(v.invitationId ?? '')}`,
    fields: (v) =>
      has(v, ['name', 'clinic', 'day', 'invitationId'])
        ? {
            name1: { kind: 'name', value: v.name! },
            thing2: { kind: 'thing', value: fitThing(v.clinic!) },
            date3: { kind: 'date', value: fullDate(v.day!) },
            thing4: { kind: 'thing', value: '点击填写本次就诊评价' },
          }
        : undefined,
  },
  // 咨询回复通知: 咨询门诊 / 温馨提示; never the question or the answer (health content stays in the app).
  consultation_reply: {
    kind: 'consultation_reply',
    templateId: config.WECHAT_TEMPLATE_CONSULT,
    title: '咨询回复通知',
    page: 'me/consult',
    pageFor: (v) => `me/consult-thread?id=${encodeURIComponent(v.threadId ?? '')}`,
    fields: (v) =>
      has(v, ['clinic', 'threadId'])
        ? {
            thing1: { kind: 'thing', value: fitThing(v.clinic!) },
            thing2: { kind: 'thing', value: '已回复您的咨询，请在小程序中查看' },
          }
        : undefined,
  },
};

/** Every subscribable template, reminders only: greetings never go as subscribe messages. */
export const subscribeTemplates: readonly SubscribeTemplate[] = Object.values(templates);

/** The template of a message kind, if the kind may go as a subscribe message. */
export function templateOfKind(kind: string): SubscribeTemplate | undefined {
  return (templates as Record<string, SubscribeTemplate | undefined>)[kind];
}

export function templateById(templateId: string): SubscribeTemplate | undefined {
  return subscribeTemplates.find((t) => t.templateId === templateId);
}
