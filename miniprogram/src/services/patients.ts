import { routes } from '@shared/routes';
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
import { call, callAll } from './request';

/** The account's own profiles (就诊人). */
export function listMyPatients(): Promise<ListResult<PatientView>> {
  return callAll(routes.listMyPatients, {}, 2);
}

export function createMyPatient(input: CreatePatientInput): Promise<PatientView & { claimed?: true }> {
  return call(routes.createMyPatient, { body: input });
}

export function updateMyPatient(patientId: string, input: UpdatePatientInput): Promise<PatientView> {
  return call(routes.updateMyPatient, { params: { patientId }, body: input });
}

export function updateConsents(input: {
  patientId: string;
  healthData?: boolean;
  marketing?: boolean;
  guardian?: boolean;
}): Promise<unknown> {
  return call(routes.updateConsents, { body: input });
}

/** Staff: who already matches this name or phone. */
export function findDuplicates(input: DuplicatesInput): Promise<ListResult<DuplicateMatch>> {
  return call(routes.findDuplicates, { body: input });
}

/** Staff: enter a lead (建档). */
export function createLead(input: StaffCreatePatientInput): Promise<StaffPatientView> {
  return call(routes.staffCreatePatient, { body: input });
}

/** Staff: the leads I own, newest first, phones in full (to call them back). */
export function myLeads(cursor?: string, limit = 50): Promise<ListResult<StaffPatientView>> {
  return call(routes.myLeads, { query: { limit, cursor } });
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
