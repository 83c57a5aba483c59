import { describe, expect, it } from 'vitest';
import { genderFromIdCard } from '../../shared/id-card';
import { idCardFor } from '../support/api';

describe('genderFromIdCard', () => {
  it('reads an odd 17th digit as male', () => {
    expect(genderFromIdCard(idCardFor('1960-02-03', '001'))).toBe('male');
  });

  it('reads an even 17th digit as female', () => {
    expect(genderFromIdCard(idCardFor('1960-02-03', '002'))).toBe('female');
  });

  it('answers nothing for a number too short to carry it', () => {
    expect(genderFromIdCard('11010519600203')).toBeUndefined();
  });
});
