import { clinicMonth } from '../../shared/dates';
import type { SatisfactionReport, SatisfactionReportQuery } from '../../shared/schemas/reports';
import { listDepartments } from '../clinics/clinic-repository';
import type { Ctx } from '../lib/context';
import { clinicActedIn } from '../staff/acting';
import { satisfactionReport, trendStart } from './satisfaction-figures';
import { satisfactionRows } from './satisfaction-repository';

/**
 * A clinic's satisfaction in a month, with the trend of the months before: one Query of the
 * counters and one of the department names, whatever the number of answers. A manager reads their
 * own clinic; the group admin any.
 */
export async function satisfaction(ctx: Ctx, q: SatisfactionReportQuery): Promise<SatisfactionReport> {
  const clinicId = clinicActedIn(ctx.caller, q.clinicId, '只能查看本院的满意度报表');
  const month = q.month ?? clinicMonth(ctx.now);
  const [rows, departments] = await Promise.all([
    satisfactionRows(clinicId, trendStart(month), month),
    listDepartments(clinicId),
  ]);
  return satisfactionReport(clinicId, month, rows, {
    departments: new Map(departments.map((d) => [d.id, d.name])),
  });
}
