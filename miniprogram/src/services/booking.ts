import { routes } from '@shared/routes';
import type { ClinicView, DepartmentView } from '@shared/schemas/auth';
import type { ListResult } from '@shared/schemas/common';
import type { AppointmentView, CreateSlotsInput, DoctorView, SlotView, TicketView } from '@shared/schemas/visit-day';
import { call, callAll } from './request';

export function listClinics(): Promise<ListResult<ClinicView>> {
  return call(routes.listClinics);
}

export function listDepartments(clinicId: string): Promise<ListResult<DepartmentView>> {
  return call(routes.listDepartments, { params: { clinicId } });
}

export function listDoctors(clinicId: string): Promise<ListResult<DoctorView>> {
  return call(routes.listDoctors, { params: { clinicId } });
}

export function listSlots(departmentId: string, date: string): Promise<ListResult<SlotView>> {
  return callAll(routes.listSlots, { query: { departmentId, date } });
}

export function book(patientId: string, slotId: string): Promise<AppointmentView> {
  return call(routes.book, { body: { patientId, slotId } });
}

export function myAppointments(): Promise<ListResult<AppointmentView>> {
  return callAll(routes.myAppointments, {}, 3);
}

export function cancelAppointment(appointmentId: string): Promise<AppointmentView> {
  return call(routes.cancel, { params: { appointmentId } });
}

/** Patient or front desk: check in; the same ticket comes back if already checked in. */
export function checkIn(appointmentId: string): Promise<TicketView> {
  return call(routes.checkIn, { params: { appointmentId } });
}

/** Staff: a department's appointments on a day. */
export function dayAppointments(departmentId: string, date: string): Promise<ListResult<AppointmentView>> {
  return callAll(routes.dayAppointments, { query: { departmentId, date } });
}

/** Manager: open slots from a weekly pattern. */
export function createSlots(input: CreateSlotsInput): Promise<{ created: number; skipped: number }> {
  return call(routes.createSlots, { body: input });
}

export function closeSlot(slotId: string): Promise<SlotView> {
  return call(routes.closeSlot, { params: { slotId } });
}
