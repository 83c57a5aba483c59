import { describe, expect, it } from 'vitest';
import { maskIdCard, maskName, normalizeName } from '../../shared/mask';

describe('maskName', () => {
  it('hides a one-character name completely', () => {
    expect(maskName('张')).toBe('*');
  });

  it('keeps the surname of a two-character name', () => {
    expect(maskName('张三')).toBe('张*');
  });

  it('keeps the first and last character of a three-character name', () => {
    expect(maskName('张小三')).toBe('张*三');
  });

  it('hides the two middle characters of a four-character name', () => {
    expect(maskName('欧阳小三')).toBe('欧**三');
  });

  it('counts a character outside the basic plane as one character', () => {
    expect(maskName('𠮷三')).toBe('𠮷*');
  });
});

describe('maskIdCard', () => {
  it('keeps the first and last four characters of an ID number', () => {
    expect(maskIdCard('110101199003071234')).toBe('1101**********1234');
  });

  it('hides a value too short to mask partly', () => {
    expect(maskIdCard('12345678')).toBe('****');
  });
});

describe('normalizeName', () => {
  it('trims ASCII and ideographic spaces', () => {
    expect(normalizeName(' \u3000张三\u3000 ')).toBe('张三');
  });

  it('folds full-width letters to ASCII', () => {
    expect(normalizeName('Ｔｏｍ　Ｌｅｅ')).toBe('Tom Lee');
  });

  it('collapses runs of inner spaces to one', () => {
    expect(normalizeName('Tom \u3000  Lee')).toBe('Tom Lee');
  });
});
