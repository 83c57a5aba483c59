import type { ListResult } from '@shared/schemas/common';
import type { StaffPatientView } from '@shared/schemas/patient';
import type { CompleteVisitInput, VisitView } from '@shared/schemas/visit-day';
import { request } from './request';

const enc = encodeURIComponent;

export function completeVisit(input: CompleteVisitInput): Promise<VisitView> {
  return request('POST', '/v1/visits', input);
}

/** A patient's earlier visits, newest first. */
export function patientVisits(patientId: string): Promise<ListResult<VisitView>> {
  return request('GET', `/v1/patients/${enc(patientId)}/visits`);
}

/** Staff: find a record by phone (walk-ins). */
export function searchPatientsByPhone(phone: string): Promise<ListResult<StaffPatientView>> {
  return request('GET', `/v1/patients?phone=${enc(phone)}`);
}
