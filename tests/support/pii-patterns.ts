/**
 * What must never appear in a log line: a mainland mobile number, an 18-character ID-card number, or
 * an openid (WeChat's own shape, the tests' uniqueOpenid shape, the seeded demo users').
 */
export const piiPatterns: { kind: string; pattern: RegExp }[] = [
  // 1[3-9] and nine more digits, not inside a longer run of digits.
  { kind: 'phone', pattern: /(?<!\d)1[3-9]\d{9}(?!\d)/ },
  // Region code, birth date 18xx–20xx, sequence, check character.
  {
    kind: 'idCard',
    pattern:
      /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/,
  },
  // WeChat: 28 characters starting with o.
  { kind: 'openid', pattern: /(?<![A-Za-z0-9_-])o[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])/ },
  // tests/support/api.ts uniqueOpenid: <tag>-<Date.now() in base 36>-<1–6 random base-36 characters>.
  { kind: 'openid', pattern: /[A-Za-z0-9]-[0-9a-z]{8}-[0-9a-z]{1,6}(?![0-9A-Za-z-])/ },
  // scripts/local/seed.ts demo users.
  { kind: 'openid', pattern: /(?<![A-Za-z0-9_-])demo-[a-z0-9]+(?![A-Za-z0-9_-])/ },
];

/** Request ids are UUIDs: their last group can hold eleven digits in a row, which is no phone. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The personal data a line carries, by kind (empty when it is clean). */
export function piiIn(line: string): { kind: string; match: string }[] {
  const found: { kind: string; match: string }[] = [];
  const text = line.replace(UUID, '<uuid>');
  for (const { kind, pattern } of piiPatterns) {
    const m = text.match(pattern);
    if (m) found.push({ kind, match: m[0] });
  }
  return found;
}
