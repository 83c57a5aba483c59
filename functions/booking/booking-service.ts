import { clinicDate } from '../../shared/dates';
import { AppError, ForbiddenError, NotFoundError } from '../../shared/errors';
import type { StaffRole } from '../../shared/roles';
import type { AppointmentView, BookInput, CreateSlotsInput, SlotView } from '../../shared/schemas/visit-day';
import { getStaff } from '../auth/identity-repository';
import { getDepartment } from '../clinics/clinic-repository';
import { newId } from '../lib/ids';
import type { Caller } from '../lib/tokens';
import { getPatient, type PatientRecord } from '../patients/patient-repository';
import { attributionOf } from '../patients/patient-service';
import { counterWrites } from '../stats/counter-repository';
import {
  type AppointmentRecord,
  appointmentsOfAccount,
  appointmentsOfDay,
  cancelAppointment,
  closeSlot as closeSlotRecord,
  getAppointment,
  getSlot,
  insertAppointment,
  insertSlot,
  type SlotRecord,
  slotsOfDay,
} from './booking-repository';

/** Staff who book, cancel and check in for any patient. */
const DESK_ROLES: readonly StaffRole[] = ['frontdesk', 'admin'];

export function isDesk(caller: Caller): boolean {
  return caller.roles.some((r) => (DESK_ROLES as readonly string[]).includes(r));
}

/** Clinic wall-clock time as an instant: 2026-11-24 + 09:30 -> 2026-11-24T09:30:00+08:00. */
export function clinicInstant(date: string, hhmm: string): string {
  return `${date}T${hhmm}:00+08:00`;
}

function slotView(s: SlotRecord, nowMs: number): SlotView {
  return {
    id: s.id,
    clinicId: s.clinicId,
    departmentId: s.departmentId,
    doctorId: s.doctorId,
    doctorName: s.doctorName,
    date: s.date,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    capacity: s.capacity,
    booked: s.booked,
    remaining: Math.max(0, s.capacity - s.booked),
    closed: Boolean(s.closed),
    started: s.startsAtMs <= nowMs,
  };
}

export function appointmentView(a: AppointmentRecord): AppointmentView {
  return {
    id: a.id,
    patientId: a.patientId,
    patientName: a.patientName,
    slotId: a.slotId,
    clinicId: a.clinicId,
    departmentId: a.departmentId,
    departmentName: a.departmentName,
    doctorId: a.doctorId,
    date: a.date,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    status: a.status,
    ticketId: a.ticketId,
    createdAt: a.createdAt,
  };
}

function* days(from: string, to: string): Generator<{ date: string; weekday: number }> {
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    yield { date: d.toISOString().slice(0, 10), weekday: d.getUTCDay() === 0 ? 7 : d.getUTCDay() };
  }
}

function addMinutes(hhmm: string, minutes: number): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const total = Math.min(h * 60 + m + minutes, 24 * 60 - 1);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** Opens slots from a weekly pattern; slots that already exist are left as they are. */
export async function createSlots(
  caller: Caller,
  input: CreateSlotsInput,
): Promise<{ created: number; skipped: number }> {
  const dept = await getDepartment(input.departmentId);
  if (!dept) throw new NotFoundError('department', { departmentId: input.departmentId });
  if (!caller.roles.includes('admin') && caller.clinicId !== dept.clinicId)
    throw new ForbiddenError('只能管理本院号源');
  let doctorName: string | undefined;
  if (input.doctorId) {
    const doctor = await getStaff(input.doctorId);
    if (!doctor?.roles.includes('doctor') || doctor.clinicId !== dept.clinicId) {
      throw new AppError('VALIDATION_FAILED', '医生不存在', { fields: [{ path: 'doctorId', message: '医生不存在' }] });
    }
    doctorName = doctor.name;
  }
  const times = [...new Set(input.times)].sort();
  let created = 0;
  let skipped = 0;
  for (const { date, weekday } of days(input.fromDate, input.toDate)) {
    if (!input.weekdays.includes(weekday)) continue;
    const made = await Promise.all(
      times.map((time) => {
        const startsAt = clinicInstant(date, time);
        const id = `sl_${dept.id}_${date.replace(/-/g, '')}_${time.replace(':', '')}${input.doctorId ? `_${input.doctorId}` : ''}`;
        return insertSlot({
          id,
          clinicId: dept.clinicId,
          departmentId: dept.id,
          doctorId: input.doctorId,
          doctorName,
          date,
          startsAt,
          endsAt: clinicInstant(date, addMinutes(time, input.durationMinutes)),
          startsAtMs: Date.parse(startsAt),
          capacity: input.capacity,
          booked: 0,
        });
      }),
    );
    created += made.filter(Boolean).length;
    skipped += made.filter((m) => !m).length;
  }
  return { created, skipped };
}

export async function closeSlot(caller: Caller, slotId: string): Promise<SlotView> {
  const slot = await getSlot(slotId);
  if (!slot) throw new NotFoundError('slot', { slotId });
  if (!caller.roles.includes('admin') && caller.clinicId !== slot.clinicId)
    throw new ForbiddenError('只能管理本院号源');
  return slotView(await closeSlotRecord(slotId), Date.now());
}

export async function listSlots(departmentId: string, date: string): Promise<{ items: SlotView[] }> {
  const now = Date.now();
  const slots = await slotsOfDay(departmentId, date);
  return { items: slots.sort((a, b) => a.startsAtMs - b.startsAtMs).map((s) => slotView(s, now)) };
}

/** The patient record behind a request: the caller's own profile, or any patient for the front desk. */
export async function patientFor(caller: Caller, patientId: string): Promise<PatientRecord> {
  const p = await getPatient(patientId);
  if (!p || (p.accountId !== caller.userId && !isDesk(caller))) throw new NotFoundError('patient', { patientId });
  return p;
}

export async function book(caller: Caller, input: BookInput): Promise<AppointmentView> {
  const [patient, slot] = await Promise.all([patientFor(caller, input.patientId), getSlot(input.slotId)]);
  if (!slot) throw new NotFoundError('slot', { slotId: input.slotId });
  const dept = await getDepartment(slot.departmentId);
  const now = new Date();
  const a: AppointmentRecord = {
    id: newId('ap'),
    patientId: patient.id,
    patientName: patient.name,
    accountId: patient.accountId,
    slotId: slot.id,
    clinicId: slot.clinicId,
    departmentId: slot.departmentId,
    departmentName: dept?.name ?? '',
    doctorId: slot.doctorId,
    date: slot.date,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    startsAtMs: slot.startsAtMs,
    status: 'booked',
    bookedBy: caller.staffId ?? caller.userId,
    createdAt: now.toISOString(),
  };
  await insertAppointment(
    a,
    now.getTime(),
    counterWrites(attributionOf(patient, slot.clinicId), clinicDate(now), { appointments: 1 }),
  );
  return appointmentView(a);
}

/** Someone else's appointment answers exactly like a missing one. */
export async function appointmentFor(caller: Caller, id: string): Promise<AppointmentRecord> {
  const a = await getAppointment(id);
  if (!a || (a.accountId !== caller.userId && !isDesk(caller)))
    throw new NotFoundError('appointment', { appointmentId: id });
  return a;
}

export async function cancel(caller: Caller, id: string): Promise<AppointmentView> {
  const a = await appointmentFor(caller, id);
  if (a.status !== 'booked') throw new AppError('NOT_CANCELLABLE', '该预约已不能取消');
  const now = new Date();
  if (a.startsAtMs <= now.getTime()) throw new AppError('SLOT_STARTED', '就诊时段已开始，不能取消');
  const patient = await getPatient(a.patientId);
  await cancelAppointment(
    a,
    now.getTime(),
    patient ? counterWrites(attributionOf(patient, a.clinicId), clinicDate(now), { cancellations: 1 }) : [],
  );
  return appointmentView({ ...a, status: 'cancelled' });
}

export async function myAppointments(caller: Caller): Promise<{ items: AppointmentView[] }> {
  return { items: (await appointmentsOfAccount(caller.userId)).map(appointmentView) };
}

export async function dayAppointments(departmentId: string, date: string): Promise<{ items: AppointmentView[] }> {
  const items = await appointmentsOfDay(departmentId, date);
  return { items: items.sort((x, y) => x.startsAtMs - y.startsAtMs).map(appointmentView) };
}
