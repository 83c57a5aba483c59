import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors';
import {
  checkSubscribeFields,
  defaultTemplates,
  fitThing,
  type MessageKind,
  occasionWishes,
  renderTemplate,
  smsParts,
  smsText,
  templateProblems,
  templateVars,
} from '../../shared/messaging-rules';
import { marketingKinds } from '../../shared/schemas/messages';

describe('smsParts', () => {
  it('is one part up to 70 characters', () => {
    expect([smsParts('好'.repeat(1)), smsParts('好'.repeat(70))]).toEqual([1, 1]);
  });

  it('is two parts from 71 characters, 67 to a part', () => {
    expect([smsParts('好'.repeat(71)), smsParts('好'.repeat(134)), smsParts('好'.repeat(135))]).toEqual([2, 2, 3]);
  });

  it('counts an emoji or a rare character outside the BMP as one character', () => {
    expect(smsParts(`${'好'.repeat(69)}😀`)).toBe(1);
    expect(smsParts('𠮷'.repeat(70))).toBe(1);
  });

  it('is no part for no text', () => {
    expect(smsParts('')).toBe(0);
  });

  it('always has room for the text: parts hold at least its characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const n = Array.from(text).length;
        const parts = smsParts(text);
        expect(parts === 1 ? 70 : parts * 67).toBeGreaterThanOrEqual(n);
        if (parts > 1) expect((parts - 1) * 67).toBeLessThan(n);
      }),
    );
  });
});

describe('smsText', () => {
  it('puts the signature in 【】 before the body', () => {
    expect(smsText({ signature: '康美口腔', body: '您好', marketing: false })).toBe('【康美口腔】您好');
  });

  it('adds the opt-out to marketing', () => {
    expect(smsText({ signature: '康美口腔', body: '新春快乐！', marketing: true })).toBe(
      '【康美口腔】新春快乐！ 拒收请回复R',
    );
  });

  it('takes a signature given with its brackets, and adds the opt-out only once', () => {
    expect(smsText({ signature: '【康美口腔】', body: '新春快乐！ 拒收请回复R', marketing: true })).toBe(
      '【康美口腔】新春快乐！ 拒收请回复R',
    );
  });

  it('refuses an empty signature', () => {
    expect(() => smsText({ signature: ' 【】 ', body: '您好', marketing: false })).toThrow(RangeError);
  });
});

describe('renderTemplate', () => {
  it('fills the default appointment reminder', () => {
    const text = renderTemplate(defaultTemplates.appointment, {
      name: '张三',
      clinic: '康美口腔',
      department: '正畸科',
      date: '2026-03-10',
      time: '09:30',
    });
    expect(text).toBe(
      '张三您好，您已预约康美口腔正畸科2026-03-10 09:30就诊，请提前10分钟到院签到。如需改约请在小程序操作。',
    );
  });

  it('inserts a value as it is, even one that looks like a placeholder', () => {
    expect(renderTemplate('{name}您好', { name: '{clinic}' })).toBe('{clinic}您好');
  });

  it('takes numbers and ignores unused values', () => {
    expect(renderTemplate('还有{n}天', { n: 3, name: '张三' })).toBe('还有3天');
  });

  it('refuses a placeholder without a value, in Chinese', () => {
    const attempt = () => renderTemplate('{name}您好，{姓名}', { name: '张三' });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('不认识的占位符 {姓名}，可用的有：{name}');
  });

  it('leaves no placeholder behind when every one has a value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<MessageKind>('appointment', 'revisit', 'birthday', 'holiday', 'survey'),
        fc.string(),
        (kind, value) => {
          const vars = Object.fromEntries(templateVars[kind].map((v) => [v, value.replace(/[{}]/g, '')]));
          expect(renderTemplate(defaultTemplates[kind], vars)).not.toMatch(/[{}]/);
        },
      ),
    );
  });
});

describe('templateProblems', () => {
  it('finds none in the default templates', () => {
    for (const kind of Object.keys(defaultTemplates) as MessageKind[]) {
      expect(templateProblems(defaultTemplates[kind], templateVars[kind]), kind).toEqual([]);
    }
  });

  it('lists an unknown placeholder once, however often it appears', () => {
    expect(templateProblems('{x}{x}', ['name'])).toEqual(['不认识的占位符 {x}，可用的有：{name}']);
  });

  it('finds unpaired braces, empty placeholders and full-width braces', () => {
    expect(templateProblems('{name您好', ['name'])).toEqual(['花括号 { } 没有成对出现']);
    expect(templateProblems('您好{}', ['name'])).toEqual(['有空的占位符 {}']);
    expect(templateProblems('｛name｝您好', ['name'])).toEqual(['占位符请用半角花括号 { }，不要用全角 ｛ ｝']);
  });

  it('refuses an empty template', () => {
    expect(templateProblems('  ', ['name'])).toEqual(['模板内容不能为空']);
  });
});

describe('default templates', () => {
  const filled = (kind: MessageKind) =>
    renderTemplate(defaultTemplates[kind], {
      name: '欧阳娜娜',
      clinic: '康美口腔',
      department: '修复科',
      date: '2026-03-10',
      time: '09:30',
      holiday: '中秋节',
      wish: occasionWishes.mid_autumn,
      item: '下次矫正复诊',
      link: 'https://m.kangmei.cn/#/survey/index?id=sv_v_3k9x0m2q7vd1hz8a_1',
      // The longest reason a patient group's reminder carries.
      reason: '建议每 6 个月洁牙一次，您已到洁牙时间',
    });

  it('address the patient as 您 and never as 客户', () => {
    for (const kind of Object.keys(defaultTemplates) as MessageKind[]) {
      expect(filled(kind), kind).toContain('您');
      expect(filled(kind), kind).not.toContain('客户');
    }
  });

  it('carry no offer or marketing wording that SMS providers refuse', () => {
    for (const kind of Object.keys(defaultTemplates) as MessageKind[]) {
      expect(filled(kind), kind).not.toMatch(/优惠|折|免费|特价|活动|回访|复查|问卷|满意度|治疗/);
    }
  });

  it('fit one SMS part each, with a signature and the opt-out', () => {
    for (const kind of Object.keys(defaultTemplates) as MessageKind[]) {
      const text = smsText({
        signature: '康美口腔',
        body: filled(kind),
        marketing: marketingKinds.includes(kind),
      });
      // A survey invitation carries its form's link: two parts at most.
      expect(smsParts(text), `${kind}: ${text}`).toBe(kind === 'survey' ? 2 : 1);
    }
  });
});

describe('checkSubscribeFields', () => {
  it('accepts fields within their rules', () => {
    expect(
      checkSubscribeFields({
        thing1: { kind: 'thing', value: '康美口腔正畸科' },
        phrase2: { kind: 'phrase', value: '已预约' },
        name3: { kind: 'name', value: '欧阳娜娜' },
        time4: { kind: 'time', value: '2026年3月10日 09:30' },
        date5: { kind: 'date', value: '2026-03-10' },
        character_string6: { kind: 'character_string', value: 'A012' },
        number7: { kind: 'number', value: '3' },
      }),
    ).toEqual([]);
  });

  it('names each broken field and its rule', () => {
    expect(
      checkSubscribeFields({
        thing1: { kind: 'thing', value: '一'.repeat(21) },
        phrase2: { kind: 'phrase', value: '预约成功了啊' },
        name3: { kind: 'name', value: '一二三四五六七八九十一' },
        character_string4: { kind: 'character_string', value: '预约号12' },
        number5: { kind: 'number', value: '1'.repeat(33) },
      }),
    ).toEqual([
      'thing1：超过 20 个字符（21 个）',
      'phrase2：只能是 5 个以内的汉字',
      'name3：含汉字的姓名不能超过 10 个字',
      'character_string4：只能是 32 位以内的数字、字母或符号',
      'number5：只能是 32 位以内的数字（可带小数）',
    ]);
  });

  it('takes a letter name up to 20 characters', () => {
    expect(checkSubscribeFields({ name1: { kind: 'name', value: 'Zhang Sanfeng Junior' } })).toEqual([]);
    expect(checkSubscribeFields({ name1: { kind: 'name', value: 'Zhang Sanfeng Juniors' } })).toHaveLength(1);
  });

  it('takes a 24-hour time, alone, with a date or as a range', () => {
    for (const value of ['15:01', '9:30', '2026年3月10日 15:01', '2026-03-10 09:30', '09:00~10:00']) {
      expect(checkSubscribeFields({ time1: { kind: 'time', value } }), value).toEqual([]);
    }
  });

  it('refuses a 12-hour or impossible time', () => {
    for (const value of ['下午3:00', '3:00 PM', '24:00', '09:60', '2026年3月10日']) {
      expect(checkSubscribeFields({ time1: { kind: 'time', value } }), value).toHaveLength(1);
    }
  });

  it('refuses a phrase with letters or digits, and an empty value of any kind', () => {
    expect(checkSubscribeFields({ phrase1: { kind: 'phrase', value: 'OK' } })).toHaveLength(1);
    expect(checkSubscribeFields({ thing1: { kind: 'thing', value: ' ' } })).toEqual(['thing1：不能为空']);
  });
});

describe('fitThing', () => {
  it('leaves a short text alone', () => {
    expect(fitThing('请提前10分钟到院签到')).toBe('请提前10分钟到院签到');
  });

  it('cuts a long text to 19 characters and …', () => {
    expect(fitThing('一二三四五六七八九十一二三四五六七八九十一')).toBe('一二三四五六七八九十一二三四五六七八九…');
  });

  it('always gives a valid thing, never splitting a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        const fitted = fitThing(text);
        if (fitted.trim()) expect(checkSubscribeFields({ thing1: { kind: 'thing', value: fitted } })).toEqual([]);
        expect(fitted).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }),
    );
  });
});
