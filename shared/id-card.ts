import { clinicDate } from './dates';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The GB 11643 check character for the first 17 digits of a resident ID number. */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '';
}

/** Upper-cases the trailing x and strips spaces. */
export function normalizeIdCard(input: string): string {
  return input.replace(/\s/g, '').toUpperCase();
}

/** The birth date (YYYY-MM-DD) coded in an 18-character ID number, if it is a real date. */
export function birthDateFromIdCard(id: string): string | undefined {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return undefined;
  }
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

export type IdCardProblem = 'format' | 'birth_date' | 'check_digit';

/** Checks an 18-character resident ID number: shape, real birth date not after `today`, GB 11643 check digit. */
export function checkIdCard(input: string, today: string = clinicDate(new Date())): IdCardProblem | undefined {
  const id = normalizeIdCard(input);
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const born = birthDateFromIdCard(id);
  if (!born || born > today) return 'birth_date';
  if (idCardCheckChar(id.slice(0, 17)) !== id[17]) return 'check_digit';
  return undefined;
}

/** The sex coded in an 18-character ID number: the 17th digit is odd for a man, even for a woman. */
export function genderFromIdCard(id: string): 'male' | 'female' | undefined {
  const d = Number(normalizeIdCard(id)[16]);
  if (Number.isNaN(d)) return undefined;
  return d % 2 === 1 ? 'male' : 'female';
}
