import { Reply } from '../lib/http';
import type { CsvFile } from './stats-csv';

/** Excel users ask for CSV with Accept: text/csv; everyone else gets JSON. */
export function csvWhenAsked<T>(headers: Record<string, string | undefined>, data: T, csv: (d: T) => CsvFile): unknown {
  if (!/\btext\/csv\b/i.test(headers.accept ?? '')) return data;
  const file = csv(data);
  return new Reply(200, file.text, 'text/csv; charset=utf-8', {
    'content-disposition': `attachment; filename="${file.name}.csv"`,
  });
}
