import { NotFoundError } from '../../shared/errors';
import type { ClinicView, DepartmentView } from '../../shared/schemas/auth';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type { DoctorView } from '../../shared/schemas/visit-day';
import { staffPage } from '../auth/identity-repository';
import * as repo from './clinic-repository';

type Page<T> = ListResult<T>;

export async function listClinics(page: PageQuery): Promise<Page<ClinicView>> {
  return repo.clinicsPage(page);
}

async function requireClinic(clinicId: string): Promise<void> {
  if (!(await repo.getClinic(clinicId))) throw new NotFoundError('clinic', { clinicId });
}

/** A clinic's departments as the public sees them (the default service time stays internal). */
export async function listDepartments(clinicId: string, page: PageQuery): Promise<Page<DepartmentView>> {
  const [out] = await Promise.all([repo.departmentsPage(clinicId, page), requireClinic(clinicId)]);
  return { ...out, items: out.items.map(({ defaultServiceMinutes: _d, ...d }) => d) };
}

/** The clinic's doctors, for booking and for the visit form: names only. */
export async function listDoctors(clinicId: string, page: PageQuery): Promise<Page<DoctorView>> {
  const [out] = await Promise.all([staffPage(clinicId, page, 'doctor'), requireClinic(clinicId)]);
  return { ...out, items: out.items.map((s) => ({ id: s.id, name: s.name, clinicId: s.clinicId })) };
}
