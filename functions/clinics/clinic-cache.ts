import type { ClinicView } from '../../shared/schemas/auth';
import { recordCache } from '../lib/record-cache';
import { type DepartmentRecord, getClinic, getDepartment } from './clinic-repository';

/**
 * Clinic and department records kept per container for 60 s: their names and settings change only
 * by seeding (no route edits them), and hot paths (a booking, a registration, a check-in, a ticket's
 * status) show or check them on every request. A change is seen by every container within a minute.
 */
export const CLINIC_DATA_LIFETIME_MS = 60_000;

/** A clinic, at most CLINIC_DATA_LIFETIME_MS old. */
export const cachedClinic: (id: string, now: Date) => Promise<ClinicView | undefined> = recordCache(
  'clinic',
  CLINIC_DATA_LIFETIME_MS,
  getClinic,
);

/** A department, at most CLINIC_DATA_LIFETIME_MS old. */
export const cachedDepartment: (id: string, now: Date) => Promise<DepartmentRecord | undefined> = recordCache(
  'department',
  CLINIC_DATA_LIFETIME_MS,
  getDepartment,
);
