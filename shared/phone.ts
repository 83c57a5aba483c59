const FULL_WIDTH_DIGIT = /[\uFF10-\uFF19]/g;
const FULL_WIDTH_PLUS = /\uFF0B/g;

/**
 * Normalises a mainland China mobile number written in any usual way (+86, 0086, spaces, dashes,
 * full-width digits) to its 11 digits; returns undefined when it is not a mobile number.
 */
export function normalizePhone(input: string): string | undefined {
  let s = input
    .replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(FULL_WIDTH_PLUS, '+')
    .replace(/[\s\-()\u3000\u2010-\u2015\uFF08\uFF09\uFF0D]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (s.startsWith('86') && s.length === 13) s = s.slice(2);
  return /^1[3-9]\d{9}$/.test(s) ? s : undefined;
}

/** 13812341234 -> 138****1234 */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** 13812341234 -> 138 1234 1234: easier to read out and to dial by hand; other numbers stay as they are. */
export function spacedPhone(phone: string): string {
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;
}
