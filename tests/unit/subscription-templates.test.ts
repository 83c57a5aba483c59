import { describe, expect, it } from 'vitest';
import { config } from '../../functions/lib/config';
import { subscribeTemplates, templateById, templateOfKind } from '../../functions/messaging/subscription-templates';
import { checkSubscribeFields } from '../../shared/messaging-rules';

const appointmentVars = {
  name: '孙小美',
  clinic: '测试口腔门诊',
  department: '正畸科',
  date: '4月10日',
  time: '09:30',
  day: '2031-04-10',
};

describe('subscribe-message templates', () => {
  it('offers the service notices only (reminders, the survey invitation), with their config ids and titles', () => {
    expect(subscribeTemplates.map((t) => [t.kind, t.templateId, t.title])).toEqual([
      ['appointment', config.WECHAT_TEMPLATE_APPOINTMENT, '就诊提醒'],
      ['revisit', config.WECHAT_TEMPLATE_REVISIT, '复诊提醒'],
      ['survey', config.WECHAT_TEMPLATE_SURVEY, '就诊评价邀请'],
      ['consultation_reply', config.WECHAT_TEMPLATE_CONSULT, '咨询回复通知'],
    ]);
    expect(templateOfKind('birthday')).toBeUndefined();
    expect(templateOfKind('holiday')).toBeUndefined();
    expect(templateById(config.WECHAT_TEMPLATE_REVISIT)?.kind).toBe('revisit');
  });

  it('fills 就诊提醒 with the patient, clinic and department, and the 24-hour time with its date', () => {
    const fields = templateOfKind('appointment')?.fields(appointmentVars);
    expect(fields).toEqual({
      name1: { kind: 'name', value: '孙小美' },
      thing2: { kind: 'thing', value: '测试口腔门诊正畸科' },
      time3: { kind: 'time', value: '2031年4月10日 09:30' },
      thing4: { kind: 'thing', value: '请提前10分钟到院签到' },
    });
    expect(checkSubscribeFields(fields!)).toEqual([]);
  });

  it('cuts a clinic and department longer than 20 characters to fit a thing', () => {
    const fields = templateOfKind('appointment')?.fields({
      ...appointmentVars,
      clinic: '北京市朝阳区仁和口腔医院望京分院',
      department: '口腔颌面外科',
    });
    expect(Array.from(fields!.thing2!.value)).toHaveLength(20);
    expect(fields!.thing2!.value.endsWith('…')).toBe(true);
    expect(checkSubscribeFields(fields!)).toEqual([]);
  });

  it('has no fields for a message planned without its values', () => {
    expect(templateOfKind('appointment')?.fields({ name: '孙小美' })).toBeUndefined();
    expect(templateOfKind('revisit')?.fields({})).toBeUndefined();
  });

  it('fills 就诊评价邀请 and opens the form of its own invitation', () => {
    const t = templateOfKind('survey')!;
    const vars = { name: '孙小美', clinic: '测试口腔门诊', day: '2031-04-10', invitationId: 'sv_v_abc_1' };
    const fields = t.fields(vars);
    expect(fields).toEqual({
      name1: { kind: 'name', value: '孙小美' },
      thing2: { kind: 'thing', value: '测试口腔门诊' },
      date3: { kind: 'date', value: '2031年4月10日' },
      thing4: { kind: 'thing', value: '点击填写本次就诊评价' },
    });
    expect(checkSubscribeFields(fields!)).toEqual([]);
    expect(t.pageFor?.(vars)).toBe('survey/index?id=sv_v_abc_1');
    expect(t.fields({ ...vars, invitationId: '' })).toBeUndefined();
  });

  it('fills 咨询回复通知 with the clinic only (never the question or the answer) and opens the thread', () => {
    const t = templateOfKind('consultation_reply')!;
    const fields = t.fields({ clinic: '测试口腔门诊', threadId: 'cq_abc' });
    expect(fields).toEqual({
      thing1: { kind: 'thing', value: '测试口腔门诊' },
      thing2: { kind: 'thing', value: '已回复您的咨询，请在小程序中查看' },
    });
    expect(checkSubscribeFields(fields!)).toEqual([]);
    expect(t.pageFor?.({ clinic: '测试口腔门诊', threadId: 'cq_abc' })).toBe('me/consult-thread?id=cq_abc');
    expect(t.fields({ clinic: '测试口腔门诊' })).toBeUndefined();
  });
});
