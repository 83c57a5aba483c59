import type { FieldIssue } from '../services/request';

export type FieldErrors = Record<string, string>;

/** First message per field path ('phone', 'consents.guardian'), from zod issues or API details.fields. */
export function errorsByPath(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_form';
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

export function errorsFromApi(fields: FieldIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const f of fields) if (!(f.path in out)) out[f.path] = f.message;
  return out;
}

/** Drops blank optional text so '' is sent as "not given". */
export function optionalText(s: string): string | undefined {
  const t = s.trim();
  return t ? t : undefined;
}
