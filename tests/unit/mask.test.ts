import { describe, expect, it } from 'vitest';
import { maskIdCard, maskName, normalizeName } from '../../shared/mask';

type Case = [behaviour: string, input: string, expected: string];

describe.each<[string, (input: string) => string, Case[]]>([
  [
    'maskName',
    maskName,
    [
      ['hides a one-character name completely', '张', '*'],
      ['keeps the surname of a two-character name', '张三', '张*'],
      ['keeps the first and last character of a three-character name', '张小三', '张*三'],
      ['hides the two middle characters of a four-character name', '欧阳小三', '欧**三'],
      ['counts a character outside the basic plane as one character', '𠮷三', '𠮷*'],
    ],
  ],
  [
    'maskIdCard',
    maskIdCard,
    [
      ['keeps the first and last four characters of an ID number', '110101199003071234', '1101**********1234'],
      ['hides a value too short to mask partly', '12345678', '****'],
    ],
  ],
  [
    'normalizeName',
    normalizeName,
    [
      ['trims ASCII and ideographic spaces', ' \u3000张三\u3000 ', '张三'],
      ['folds full-width letters to ASCII', 'Ｔｏｍ　Ｌｅｅ', 'Tom Lee'],
      ['collapses runs of inner spaces to one', 'Tom \u3000  Lee', 'Tom Lee'],
    ],
  ],
])('%s', (_, f, cases) => {
  it.each(cases)('%s', (_, input, expected) => {
    expect(f(input)).toBe(expected);
  });
});
