import { describe, expect, it } from 'vitest';
import { fieldChanges, maskedValue } from '../../functions/patients/corrections';

describe('a correction in the audit: field by field, values masked', () => {
  it('masks names, phones and ID numbers; free text by its length; dates and choices as they are', () => {
    expect(maskedValue('name', '欧阳小三')).toBe('欧**三');
    expect(maskedValue('phone', '13812341234')).toBe('138****1234');
    expect(maskedValue('idCardNo', '110105198506200017')).toBe('1101**********0017');
    expect(maskedValue('address', '幸福路 12 弄')).toBe('8 字');
    expect(maskedValue('medicalHistory', '青霉素过敏')).toBe('5 字');
    expect(maskedValue('tags', ['VIP', '老客'])).toBe('2 个标签');
    expect(maskedValue('birthDate', '1985-06-20')).toBe('1985-06-20');
    expect(maskedValue('gender', 'female')).toBe('female');
    expect(maskedValue('notes', '')).toBeUndefined();
  });

  it('lists only the fields that really changed (a blank and a missing value are the same)', () => {
    const changes = fieldChanges(
      { name: '周小青', address: '旧路 1 号', birthDate: '1990-01-01', occupation: undefined },
      { name: '吴小青', address: '旧路 1 号', birthDate: '1990-01-01', occupation: '' },
      ['name', 'address', 'birthDate', 'occupation'],
    );
    expect(changes).toEqual([{ field: 'name', from: '周*青', to: '吴*青' }]);
  });

  it('a cleared field has no new value, a new one no old value', () => {
    expect(fieldChanges({ notes: '要回电' }, {}, ['notes'])).toEqual([{ field: 'notes', from: '3 字' }]);
    expect(fieldChanges({}, { needs: ['implant'] }, ['needs'])).toEqual([{ field: 'needs', to: 'implant' }]);
  });
});
