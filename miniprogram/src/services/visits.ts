import { routes } from '@shared/routes';
import type { ListResult } from '@shared/schemas/common';
import type { PatientSearchItem } from '@shared/schemas/patient';
import type { CompleteVisitInput, VisitView } from '@shared/schemas/visit-day';
import { call } from './request';

export function completeVisit(input: CompleteVisitInput): Promise<VisitView> {
  return call(routes.completeVisit, { body: input });
}

/** A patient's earlier visits, newest first. */
export function patientVisits(patientId: string): Promise<ListResult<VisitView>> {
  return call(routes.patientVisits, { params: { patientId } });
}

/** Staff: find a record by phone (walk-ins); another clinic's patient comes as a minimal card. */
export function searchPatientsByPhone(phone: string): Promise<ListResult<PatientSearchItem>> {
  return call(routes.searchPatients, { query: { phone } });
}
