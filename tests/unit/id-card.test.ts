import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { birthDateFromIdCard, checkIdCard } from '../../shared/id-card';

// GB 11643 computed here independently of the code under test.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function checkChar(first17: string): string {
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (WEIGHTS[i] ?? 0), 0);
  return '10X98765432'.charAt(sum % 11);
}
const withCheck = (first17: string) => `${first17}${checkChar(first17)}`;

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
/** Region code, a real birth date, sequence number: the 17 digits before the check character. */
const first17 = fc.tuple(digits(6), birthDate, digits(3)).map(([region, date, seq]) => `${region}${date}${seq}`);

describe('checkIdCard', () => {
  it('accepts 17 digits with a real birth date followed by their computed check character', () => {
    fc.assert(
      fc.property(first17, (f) => {
        expect(checkIdCard(withCheck(f))).toBeUndefined();
      }),
    );
  });

  it("answers 'check_digit' for any other check character", () => {
    const chars = [...'0123456789X'];
    fc.assert(
      fc.property(first17, fc.constantFrom(...chars), (f, c) => {
        fc.pre(c !== checkChar(f));
        expect(checkIdCard(`${f}${c}`)).toBe('check_digit');
      }),
    );
  });

  it('accepts the published sample 11010519491231002X', () => {
    expect(checkIdCard('11010519491231002X')).toBeUndefined();
  });

  it('accepts a lower-case x check character', () => {
    expect(checkIdCard('11010519491231002x')).toBeUndefined();
  });

  it("answers 'birth_date' for dates that do not exist", () => {
    for (const date of ['19490230', '19491301', '19490001', '19490100', '18991231', '20230229']) {
      expect(checkIdCard(withCheck(`110105${date}002`)), date).toBe('birth_date');
    }
  });

  it("answers 'format' for the wrong length or stray characters", () => {
    for (const id of ['11010519491231002', '11010519491231002X1', '1101051949123100XX', 'A1010519491231002X', '']) {
      expect(checkIdCard(id), id).toBe('format');
    }
  });
});

describe('birthDateFromIdCard', () => {
  it('reads the birth date coded in the number', () => {
    expect(birthDateFromIdCard('11010519491231002X')).toBe('1949-12-31');
  });

  it('returns undefined for a coded date that does not exist', () => {
    expect(birthDateFromIdCard(withCheck('11010519490230002'))).toBeUndefined();
  });

  it('reads back the birth date of any generated number', () => {
    fc.assert(
      fc.property(first17, (f) => {
        const d = f.slice(6, 14);
        expect(birthDateFromIdCard(withCheck(f))).toBe(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`);
      }),
    );
  });
});
