import type { ClinicView, DepartmentView, DoctorView } from '../../shared';
import { listStaff } from '../auth/identity-repository';
import * as repo from './clinic-repository';

export async function listClinics(): Promise<{ items: ClinicView[] }> {
  return { items: await repo.listClinics() };
}

/** A clinic's departments as the public sees them (the default service time stays internal). */
export async function listDepartments(clinicId: string): Promise<{ items: DepartmentView[] }> {
  return { items: (await repo.listDepartments(clinicId)).map(({ defaultServiceMinutes: _d, ...d }) => d) };
}

/** The clinic's doctors, for booking and for the visit form: names only. */
export async function listDoctors(clinicId: string): Promise<{ items: DoctorView[] }> {
  const staff = await listStaff(clinicId);
  return {
    items: staff
      .filter((s) => s.roles.includes('doctor'))
      .map((s) => ({ id: s.id, name: s.name, clinicId: s.clinicId })),
  };
}
