import type { ClinicView, DepartmentView } from '../../shared/schemas/auth';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import { getItem, partitionQuery, putItem, queryAll, queryPage } from '../lib/store';

export interface DepartmentRecord extends DepartmentView {
  /** Minutes a visit takes here before there is data of the day (used for waiting-time estimates). */
  defaultServiceMinutes: number;
}

const clinicKey = (id: string) => ({ pk: `CLINIC#${id}`, sk: 'CLINIC' });
const departmentKey = (id: string) => ({ pk: `DEPT#${id}`, sk: 'DEPT' });
const ALL_CLINICS = 'CLINICS';
const departmentsOf = (clinicId: string) => `DEPTS#${clinicId}`;

function toClinic(i: ClinicView): ClinicView {
  return { id: i.id, name: i.name, city: i.city, address: i.address, ...(i.phone ? { phone: i.phone } : {}) };
}

function toDepartment(i: Record<string, unknown>): DepartmentRecord {
  return {
    id: i.id as string,
    clinicId: i.clinicId as string,
    name: i.name as string,
    prefix: i.prefix as string,
    room: i.room as string | undefined,
    defaultServiceMinutes: Number(i.defaultServiceMinutes ?? 15),
  };
}

const clinicsQuery = partitionQuery('byClinic', 'clinicKey', ALL_CLINICS);

/** Every clinic of the group (a group has tens). */
export async function listClinics(): Promise<ClinicView[]> {
  return (await queryAll<ClinicView>(clinicsQuery)).map(toClinic);
}

export async function clinicsPage(page: PageQuery): Promise<ListResult<ClinicView>> {
  const out = await queryPage<ClinicView>(clinicsQuery, page);
  return { ...out, items: out.items.map(toClinic) };
}

export async function getClinic(id: string): Promise<ClinicView | undefined> {
  const i = await getItem<ClinicView>(clinicKey(id));
  return i ? toClinic(i) : undefined;
}

const departmentsQuery = (clinicId: string) => partitionQuery('byClinic', 'clinicKey', departmentsOf(clinicId));

export async function listDepartments(clinicId: string): Promise<DepartmentRecord[]> {
  return (await queryAll<Record<string, unknown>>(departmentsQuery(clinicId))).map(toDepartment);
}

export async function departmentsPage(clinicId: string, page: PageQuery): Promise<ListResult<DepartmentRecord>> {
  const out = await queryPage<Record<string, unknown>>(departmentsQuery(clinicId), page);
  return { ...out, items: out.items.map(toDepartment) };
}

export async function getDepartment(id: string): Promise<DepartmentRecord | undefined> {
  const i = await getItem<Record<string, unknown>>(departmentKey(id));
  return i ? toDepartment(i) : undefined;
}

/** A clinic as stored, listed among the group's clinics. */
export function clinicItem(c: ClinicView) {
  return { ...clinicKey(c.id), type: 'clinic', clinicId: c.id, clinicKey: ALL_CLINICS, clinicSort: c.id, ...c };
}

/** Seeding: a clinic (idempotent). */
export async function putClinic(c: ClinicView): Promise<void> {
  await putItem(clinicItem(c));
}

/** A department as stored, listed among its clinic's. */
export function departmentItem(d: DepartmentRecord) {
  return {
    ...departmentKey(d.id),
    type: 'department',
    ...d,
    clinicKey: departmentsOf(d.clinicId),
    clinicSort: `${d.prefix}#${d.id}`,
  };
}

export async function putDepartment(d: DepartmentRecord): Promise<void> {
  await putItem(departmentItem(d));
}
