import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone } from '../../shared/phone';

/** Any mainland mobile number: 1, then 3-9, then nine digits. */
const mobile = fc
  .tuple(fc.integer({ min: 3, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }))
  .map(([second, rest]) => `1${second}${rest.join('')}`);

const toFullWidth = (s: string) =>
  s.replace(/[0-9+]/g, (c) => (c === '+' ? '\uFF0B' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
const grouped = (n: string, sep: string) => `${n.slice(0, 3)}${sep}${n.slice(3, 7)}${sep}${n.slice(7)}`;

/** The ways people write the same number on forms. */
const spellings: Record<string, (n: string) => string> = {
  plain: (n) => n,
  plus86: (n) => `+86${n}`,
  plus86Space: (n) => `+86 ${n}`,
  zero086: (n) => `0086${n}`,
  bare86: (n) => `86${n}`,
  spaces: (n) => grouped(n, ' '),
  dashes: (n) => grouped(n, '-'),
  plus86Dashes: (n) => `+86-${grouped(n, '-')}`,
  fullWidthDigits: (n) => toFullWidth(n),
  fullWidthPlus86: (n) => toFullWidth(`+86${n}`),
  fullWidthSpaces: (n) => `\uFF0B86\u3000${grouped(toFullWidth(n), '\u3000')}`,
  padded: (n) => `  ${n} `,
};

describe('normalizePhone', () => {
  it('gives the 11 digits back for any mobile number in any usual spelling', () => {
    fc.assert(
      fc.property(mobile, fc.constantFrom(...Object.keys(spellings)), (n, spelling) => {
        expect(normalizePhone(spellings[spelling]!(n))).toBe(n);
      }),
    );
  });

  it('normalises +86, 0086, 86, spaced, dashed and full-width spellings of one number alike', () => {
    const inputs = [
      '+8613812341234',
      '0086 138 1234 1234',
      '8613812341234',
      '138-1234-1234',
      '\uFF0B\uFF18\uFF16\uFF11\uFF13\uFF18\uFF11\uFF12\uFF13\uFF14\uFF11\uFF12\uFF13\uFF14',
    ];

    expect(inputs.map(normalizePhone)).toEqual(inputs.map(() => '13812341234'));
  });

  it('rejects landline numbers', () => {
    expect(normalizePhone('010-12345678')).toBeUndefined();
    expect(normalizePhone('021 6123 4567')).toBeUndefined();
    expect(normalizePhone('0755-86001234')).toBeUndefined();
  });

  it('rejects 10 and 12 digit numbers', () => {
    expect(normalizePhone('1381234123')).toBeUndefined();
    expect(normalizePhone('138123412345')).toBeUndefined();
    expect(normalizePhone('+86138123412345')).toBeUndefined();
  });

  it('rejects 11 digit numbers that do not start with 13-19', () => {
    expect(normalizePhone('23812341234')).toBeUndefined();
    expect(normalizePhone('12812341234')).toBeUndefined();
    expect(normalizePhone('+8623812341234')).toBeUndefined();
  });

  it('rejects any 11 digits not starting with 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }).filter((d) => d !== 1),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 }),
        (first, rest) => {
          expect(normalizePhone(`${first}${rest.join('')}`)).toBeUndefined();
        },
      ),
    );
  });

  it('rejects text that is not a number', () => {
    expect(normalizePhone('')).toBeUndefined();
    expect(normalizePhone('138abcd1234')).toBeUndefined();
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
  });

  it('hides a value too short to mask partly', () => {
    expect(maskPhone('12345')).toBe('****');
  });
});
