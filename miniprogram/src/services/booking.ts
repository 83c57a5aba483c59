import type { ClinicView, DepartmentView } from '@shared/schemas/auth';
import type { ListResult } from '@shared/schemas/common';
import type { AppointmentView, CreateSlotsInput, DoctorView, SlotView, TicketView } from '@shared/schemas/visit-day';
import { request } from './request';

const enc = encodeURIComponent;

export function listClinics(): Promise<ListResult<ClinicView>> {
  return request('GET', '/v1/clinics');
}

export function listDepartments(clinicId: string): Promise<ListResult<DepartmentView>> {
  return request('GET', `/v1/clinics/${enc(clinicId)}/departments`);
}

export function listDoctors(clinicId: string): Promise<ListResult<DoctorView>> {
  return request('GET', `/v1/clinics/${enc(clinicId)}/doctors`);
}

export function listSlots(departmentId: string, date: string): Promise<ListResult<SlotView>> {
  return request('GET', `/v1/slots?departmentId=${enc(departmentId)}&date=${enc(date)}`);
}

/** A random key for one booking attempt: the server books once however often it is retried. */
export function newIdempotencyKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}-${Math.random().toString(36).slice(2, 12)}`;
}

export function book(patientId: string, slotId: string, idempotencyKey: string): Promise<AppointmentView> {
  return request('POST', '/v1/appointments', { patientId, slotId }, { 'Idempotency-Key': idempotencyKey });
}

export function myAppointments(): Promise<ListResult<AppointmentView>> {
  return request('GET', '/v1/me/appointments');
}

export function cancelAppointment(id: string): Promise<AppointmentView> {
  return request('POST', `/v1/appointments/${enc(id)}/cancel`, {});
}

/** Patient or front desk: check in; the same ticket comes back if already checked in. */
export function checkIn(appointmentId: string): Promise<TicketView> {
  return request('POST', `/v1/appointments/${enc(appointmentId)}/check-in`, {});
}

/** Staff: a department's appointments on a day. */
export function dayAppointments(departmentId: string, date: string): Promise<ListResult<AppointmentView>> {
  return request('GET', `/v1/appointments?departmentId=${enc(departmentId)}&date=${enc(date)}`);
}

/** Manager: open slots from a weekly pattern. */
export function createSlots(input: CreateSlotsInput): Promise<{ created: number; skipped: number }> {
  return request('POST', '/v1/slots', input);
}

export function closeSlot(slotId: string): Promise<SlotView> {
  return request('POST', `/v1/slots/${enc(slotId)}/close`, {});
}
