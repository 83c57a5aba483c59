import { importRowStatusLabels } from '../../shared/schemas/imports';
import type { Ctx } from '../lib/context';
import { Reply } from '../lib/http';
import { toCsv } from '../stats/csv';
import { requireImport, rowViews } from './import-service';

/**
 * The import's report: one line per row with what came of it (the stats CSV's conventions: a BOM,
 * CRLF, Chinese headers, formulas neutralised). Rows the run has not reached yet read 未导入.
 */
export async function importReport(ctx: Ctx, importId: string): Promise<Reply> {
  const r = await requireImport(ctx, importId);
  const rows = (await rowViews(r)).map(({ view: v, processed }) => [
    v.row,
    v.name,
    v.maskedPhone,
    processed ? importRowStatusLabels[v.status] : '未导入',
    v.reason ?? '',
    v.patientId ?? '',
  ]);
  const text = toCsv(['行号', '姓名', '手机', '结果', '原因', '患者编号'], rows);
  return new Reply(200, text, 'text/csv; charset=utf-8', {
    'content-disposition': `attachment; filename="patient-import-${r.id}.csv"`,
  });
}
