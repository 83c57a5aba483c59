import { routes } from '@shared/routes';
import type { ListResult } from '@shared/schemas/common';
import type { MergePatientsInput, MergePreview, MergeResult } from '@shared/schemas/merge';
import type { StaffPatientView } from '@shared/schemas/patient';
import { call } from './request';

/** Staff: records by the exact phone (11 digits) or else by name. */
export function findRecords(text: string): Promise<ListResult<StaffPatientView>> {
  const digits = text.replace(/[\s-]/g, '');
  const query = /^(\+?86)?1\d{10}$/.test(digits) ? { phone: digits } : { name: text.trim(), limit: 20 };
  return call(routes.searchPatients, { query });
}

export function getRecord(patientId: string): Promise<StaffPatientView> {
  return call(routes.getPatient, { params: { patientId } });
}

/** Managers: the two records side by side. */
export function mergePreview(patientId: string, otherId: string): Promise<MergePreview> {
  return call(routes.mergePreview, { params: { patientId }, query: { with: otherId } });
}

/** Managers: everything of `mergedId` moves to `survivorId`. */
export function mergePatients(input: MergePatientsInput): Promise<MergeResult> {
  return call(routes.mergePatients, { body: input });
}

/** The merge page, with one record already chosen (from a patient's page). */
export function mergeUrl(patientId?: string): string {
  return patientId ? `/staff/merge?patientId=${encodeURIComponent(patientId)}` : '/staff/merge';
}
