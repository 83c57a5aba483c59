import { addMinutes, clinicDate, clinicInstant, datesBetween, isoWeekday } from '../../shared/dates';
import { AppError, NotFoundError } from '../../shared/errors';
import { actsIn, frontDesk, hasRole } from '../../shared/roles';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type { AppointmentView, BookInput, CreateSlotsInput, SlotView } from '../../shared/schemas/visit-day';
import { getStaff } from '../auth/identity-repository';
import { careLookup } from '../care/care-service';
import { cachedClinic, cachedDepartment } from '../clinics/clinic-cache';
import { getDepartment } from '../clinics/clinic-repository';
import type { Ctx } from '../lib/context';
import { newId } from '../lib/ids';
import type { Caller } from '../lib/tokens';
import { commit } from '../lib/transact';
import { attributionOf } from '../patients/patient-record';
import {
  getPatient,
  type PatientRecord,
  RevisitDatesChangedError,
  requirePatient,
} from '../patients/patient-repository';
import { counterWrites } from '../stats/counter-repository';
import {
  type AppointmentRecord,
  appointmentsOfAccount,
  appointmentsOfDay,
  bookingWrites,
  cancellationWrites,
  getAppointment,
  type SlotRecord,
} from './booking-repository';
import { bookingMarkWrites } from './revisit-marks';
import {
  closeSlot as closeSlotRecord,
  getSlot,
  insertSlot,
  slotDefinition,
  slotsOfDay,
  slotsOfDayPage,
} from './slot-repository';

type Page<T> = ListResult<T>;

function slotView(s: SlotRecord, now: Date): SlotView {
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
    started: s.startsAtMs <= now.getTime(),
  };
}

export function appointmentView(a: AppointmentRecord, extra: { slotClosed?: boolean } = {}): AppointmentView {
  return {
    id: a.id,
    patientId: a.patientId,
    patientName: a.patientName,
    slotId: a.slotId,
    clinicId: a.clinicId,
    clinicName: a.clinicName ?? '',
    departmentId: a.departmentId,
    departmentName: a.departmentName,
    doctorId: a.doctorId,
    date: a.date,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    status: a.status,
    ticketId: a.ticketId,
    ...(extra.slotClosed ? { slotClosed: true } : {}),
    ...(a.visitCategory ? { visitCategory: a.visitCategory } : {}),
    ...(a.nextRevisitDate ? { nextRevisitDate: a.nextRevisitDate } : {}),
    createdAt: a.createdAt,
  };
}

/** Opens slots from a weekly pattern; slots that already exist are left as they are. */
export async function createSlots(
  { caller }: Ctx,
  input: CreateSlotsInput,
): Promise<{ created: number; skipped: number }> {
  const dept = await getDepartment(input.departmentId);
  if (!dept) throw new NotFoundError('department', { departmentId: input.departmentId });
  // Another clinic's department answers like a missing one (clinic isolation).
  if (!actsIn(caller, dept.clinicId)) throw new NotFoundError('department', { departmentId: input.departmentId });
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
  for (const date of datesBetween(input.fromDate, input.toDate)) {
    if (!input.weekdays.includes(isoWeekday(date))) continue;
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

/** 停诊: the slot takes no new bookings; those already booked stay for the front desk to see and call. */
export async function closeSlot({ caller, now }: Ctx, slotId: string): Promise<SlotView> {
  const slot = await getSlot(slotId);
  if (!slot) throw new NotFoundError('slot', { slotId });
  if (!actsIn(caller, slot.clinicId)) throw new NotFoundError('slot', { slotId });
  return slotView(await closeSlotRecord(slotId), now);
}

export async function listSlots(
  { now }: Ctx,
  q: PageQuery & { departmentId: string; date: string },
): Promise<Page<SlotView>> {
  const out = await slotsOfDayPage(q.departmentId, q.date, q);
  return { ...out, items: out.items.map((s) => slotView(s, now)) };
}

function isDesk(caller: Caller): boolean {
  return hasRole(caller, frontDesk);
}

/** The patient record behind a request: the caller's own profile, or any patient for the front desk. */
export async function patientFor(caller: Caller, patientId: string, consistent = false): Promise<PatientRecord> {
  // An old id of a merged record books for the record it was merged into (issue 10, merge).
  const p = await requirePatient(patientId, consistent).catch(() => undefined);
  if (!p || (p.accountId !== caller.userId && !isDesk(caller))) throw new NotFoundError('patient', { patientId });
  return p;
}

/**
 * Books a place: the patient read, the slot's definition, its clinic and department from the
 * container caches (their count, capacity and closing are checked by the booking's transaction).
 * The transaction also marks the patient's pending revisit dates for the revisit reminder, held to the
 * record as read (revisit-marks.ts); a visit recorded meanwhile makes it book again on the fresh record.
 */
export async function book(ctx: Ctx, input: BookInput): Promise<AppointmentView> {
  let [patient, slot] = await Promise.all([
    patientFor(ctx.caller, input.patientId),
    slotDefinition(input.slotId, ctx.now),
  ]);
  for (let attempt = 1; ; attempt++) {
    try {
      return await bookOnce(ctx, input, patient, slot);
    } catch (e) {
      // A visit recorded for the patient meanwhile brought a revisit date to mark: book on the fresh record.
      if (!(e instanceof RevisitDatesChangedError) || attempt >= 3) throw e;
      patient = await patientFor(ctx.caller, input.patientId, true);
    }
  }
}

async function bookOnce(
  { caller, now }: Ctx,
  input: BookInput,
  patient: PatientRecord,
  slot: Awaited<ReturnType<typeof slotDefinition>>,
): Promise<AppointmentView> {
  // The desk books at its own clinic (any patient of the group); a patient's own account anywhere.
  const forOwnAccount = patient.accountId !== undefined && patient.accountId === caller.userId;
  if (!slot || (!forOwnAccount && !actsIn(caller, slot.clinicId))) {
    throw new NotFoundError('slot', { slotId: input.slotId });
  }
  const [dept, clinic] = await Promise.all([
    cachedDepartment(slot.departmentId, now),
    cachedClinic(slot.clinicId, now),
  ]);
  const a: AppointmentRecord = {
    id: newId('ap'),
    patientId: patient.id,
    patientName: patient.name,
    accountId: patient.accountId,
    slotId: slot.id,
    clinicId: slot.clinicId,
    clinicName: clinic?.name ?? '',
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
  const answer = appointmentView(a);
  await commit(
    [
      ...bookingWrites(a, now.getTime()),
      ...counterWrites(attributionOf(patient, slot.clinicId), clinicDate(now), { appointments: 1 }),
      ...bookingMarkWrites(patient, a.date, clinicDate(now)),
    ],
    { answer },
  );
  return answer;
}

/** Someone else's appointment answers exactly like a missing one. */
export async function appointmentFor(caller: Caller, id: string): Promise<AppointmentRecord> {
  const a = await getAppointment(id);
  if (!a || (a.accountId !== caller.userId && !(isDesk(caller) && actsIn(caller, a.clinicId))))
    throw new NotFoundError('appointment', { appointmentId: id });
  return a;
}

export async function cancel({ caller, now }: Ctx, id: string): Promise<AppointmentView> {
  const a = await appointmentFor(caller, id);
  if (a.status !== 'booked') throw new AppError('NOT_CANCELLABLE', '该预约已不能取消');
  if (a.startsAtMs <= now.getTime()) throw new AppError('SLOT_STARTED', '就诊时段已开始，不能取消');
  const patient = await getPatient(a.patientId);
  await commit([
    ...cancellationWrites(a, now.getTime()),
    ...(patient ? counterWrites(attributionOf(patient, a.clinicId), clinicDate(now), { cancellations: 1 }) : []),
  ]);
  return appointmentView({ ...a, status: 'cancelled' });
}

export async function myAppointments({ caller }: Ctx, page: PageQuery): Promise<Page<AppointmentView>> {
  const out = await appointmentsOfAccount(caller.userId, page);
  const careOf = careLookup();
  const items = await Promise.all(
    out.items.map(async (a) => {
      const view = appointmentView(a);
      if (a.status !== 'completed' || !a.visitCategory) return view;
      return { ...view, care: await careOf(a.clinicId, a.visitCategory) };
    }),
  );
  return { ...out, items };
}

/** A department's day for the desk: every booking by time, those of closed slots marked so. */
export async function dayAppointments(
  { caller }: Ctx,
  q: PageQuery & { departmentId: string; date: string },
): Promise<Page<AppointmentView>> {
  const dept = await getDepartment(q.departmentId);
  if (!dept || !actsIn(caller, dept.clinicId)) throw new NotFoundError('department', { departmentId: q.departmentId });
  const [out, slots] = await Promise.all([
    appointmentsOfDay(q.departmentId, q.date, q),
    slotsOfDay(q.departmentId, q.date),
  ]);
  const closed = new Set(slots.filter((s) => s.closed).map((s) => s.id));
  return { ...out, items: out.items.map((a) => appointmentView(a, { slotClosed: closed.has(a.slotId) })) };
}
