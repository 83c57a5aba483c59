import { maskIdCard, maskName } from '../../shared/mask';
import { maskPhone } from '../../shared/phone';
import type { FieldChange } from './audit-repository';

/** Fields whose values may stand in the audit as they are: a date, a choice from a list. */
const PLAIN_FIELDS = new Set(['birthDate', 'gender', 'relation', 'channel', 'campaignId', 'needs']);

const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * A field's value as the audit view shows it: a name as 张*, a phone as 138****1234, an ID number
 * masked, free text only by its length (N 字), tags by their count; dates and choices as they are.
 */
export function maskedValue(field: string, value: unknown): string | undefined {
  if (empty(value)) return undefined;
  if (field === 'tags' && Array.isArray(value)) return `${value.length} 个标签`;
  if (Array.isArray(value)) return value.join('、');
  const s = String(value);
  if (field === 'name') return maskName(s);
  if (field === 'phone') return maskPhone(s);
  if (field === 'idCardNo') return maskIdCard(s);
  if (PLAIN_FIELDS.has(field)) return s;
  return `${Array.from(s).length} 字`;
}

const same = (a: unknown, b: unknown) => (empty(a) && empty(b)) || JSON.stringify(a) === JSON.stringify(b);

/**
 * A correction field by field: only the fields that really changed, old and new values masked.
 * `before` and `after` hold the values in clear (the ID number decrypted).
 */
export function fieldChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: readonly string[],
): FieldChange[] {
  return fields
    .filter((f) => !same(before[f], after[f]))
    .map((field) => {
      const from = maskedValue(field, before[field]);
      const to = maskedValue(field, after[field]);
      return { field, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
    });
}
