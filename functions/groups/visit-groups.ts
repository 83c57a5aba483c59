import { monthOf } from '../../shared/dates';
import { startsImplantSeries } from '../../shared/patient-group-rules';
import type { Write } from '../lib/transact';
import { getSummary, type SummaryVisit, summaryVisitWrite } from './care-summary-repository';
import { MembershipChangedError, membershipsOf, returnedWrites } from './group-repository';

export { MembershipChangedError };

/**
 * What a completed visit changes for the patient groups, as writes joining the visit's transaction:
 * the patient's care summary at the clinic, and, where this month's groups hold the patient still
 * due, each such place marked as back (so the group's card shrinks at once). Reads two things: the
 * summary and the patient's places of the month (one BatchGetItem).
 */
export async function groupVisitWrites(v: SummaryVisit): Promise<Write[]> {
  const [summary, places] = await Promise.all([
    v.category === 'implant' ? getSummary(v.patientId, v.clinicId) : Promise.resolve(undefined),
    membershipsOf(v.clinicId, monthOf(v.date), v.patientId),
  ]);
  const newSeries = v.category === 'implant' && startsImplantSeries(summary?.implantSince, v.date);
  return [
    summaryVisitWrite(v, newSeries),
    ...places.filter((m) => !m.returnedAt).flatMap((m) => returnedWrites(m, v.id, v.createdAt)),
  ];
}
