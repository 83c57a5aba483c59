import { routes } from '@shared/routes';
import type { SatisfactionReport } from '@shared/schemas/reports';
import { call } from './request';

/** Managers: a month's satisfaction by department and doctor, with the months before it. */
export function satisfactionReport(month: string): Promise<SatisfactionReport> {
  return call(routes.satisfactionReport, { query: { month } });
}
