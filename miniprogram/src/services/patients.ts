import type { ListResult } from '@shared/schemas/common';
import type {
  CreatePatientInput,
  DuplicateMatch,
  DuplicatesInput,
  PatientView,
  StaffCreatePatientInput,
  StaffPatientView,
  UpdatePatientInput,
} from '@shared/schemas/patient';
import { request } from './request';

/** The account's own profiles (就诊人). */
export function listMyPatients(): Promise<ListResult<PatientView>> {
  return request('GET', '/v1/me/patients');
}

export function createMyPatient(input: CreatePatientInput): Promise<PatientView & { claimed?: true }> {
  return request('POST', '/v1/me/patients', input);
}

export function updateMyPatient(id: string, input: UpdatePatientInput): Promise<PatientView> {
  return request('PATCH', `/v1/me/patients/${encodeURIComponent(id)}`, input);
}

export function updateConsents(input: {
  patientId: string;
  healthData?: boolean;
  marketing?: boolean;
  guardian?: boolean;
}): Promise<unknown> {
  return request('PUT', '/v1/me/consents', input);
}

/** Staff: who already matches this name or phone. */
export function findDuplicates(input: DuplicatesInput): Promise<ListResult<DuplicateMatch>> {
  return request('POST', '/v1/patients/duplicates', input);
}

/** Staff: enter a lead (建档). */
export function createLead(input: StaffCreatePatientInput): Promise<StaffPatientView> {
  return request('POST', '/v1/patients', input);
}

/** details of a 409 DUPLICATE_PHONE answer */
export interface DuplicatePhoneDetails {
  maskedName: string;
  maskedPhone: string;
  claimable: boolean;
}

export function duplicatePhoneDetails(details: unknown): DuplicatePhoneDetails | undefined {
  const d = details as Partial<DuplicatePhoneDetails> | undefined;
  if (!d || typeof d.maskedPhone !== 'string') return undefined;
  return { maskedName: d.maskedName ?? '', maskedPhone: d.maskedPhone, claimable: d.claimable === true };
}
