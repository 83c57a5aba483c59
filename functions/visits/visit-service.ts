import { clinicDate } from '../../shared/dates';
import { AppError, ConflictError, NotFoundError } from '../../shared/errors';
import { actsIn } from '../../shared/roles';
import type { Category, ListResult, PageQuery } from '../../shared/schemas/common';
import type { CompleteVisitInput, VisitView } from '../../shared/schemas/visit-day';
import { getStaff } from '../auth/identity-repository';
import { BookedDaysChangedError } from '../booking/booked-days';
import { completedWrite, getAppointment } from '../booking/booking-repository';
import { visitMarkWrites } from '../booking/revisit-marks';
import { followUpWrites } from '../followup/visit-tasks';
import { groupVisitWrites, MembershipChangedError } from '../groups/visit-groups';
import type { Ctx } from '../lib/context';
import { newId } from '../lib/ids';
import { type Write, write } from '../lib/transact';
import { writeAudits } from '../patients/audit-repository';
import { attributionOf } from '../patients/patient-record';
import { getPatient, type PatientRecord, requirePatient, visitCountedWrite } from '../patients/patient-repository';
import { readAudit, requireReadable } from '../patients/record-access';
import { moveTicket, serviceMsOf } from '../queue/queue-service';
import { getTicket, TicketChangedError } from '../queue/ticket-repository';
import { counterWrites } from '../stats/counter-repository';
import { type VisitRecord, visitsOf, visitWrite } from './visit-repository';

function view({ recordedBy: _r, ...v }: VisitRecord): VisitView {
  return v;
}

/**
 * What any recorded visit writes, wherever it was recorded (the app, or a treatment the HIS sends):
 * the visit (on the patient's timeline), the plan's follow-up tasks, the patient's visit count and
 * revisit date, the revisit reminder's mark when the patient is booked from its day on (held to the
 * booked days as read: BookedDaysChangedError, build again), and the visit and revenue counters of
 * the patient's attribution for the visit's day.
 */
export async function recordedVisitWrites(visit: VisitRecord, patient: PatientRecord): Promise<Write[]> {
  const [tasks, marks] = await Promise.all([
    followUpWrites({ ...visit, category: visit.category as Category }),
    visitMarkWrites(patient.id, visit.nextRevisitDate, visit.date),
  ]);
  return [
    visitWrite(visit, patient),
    ...tasks,
    ...marks,
    visitCountedWrite(patient.id, visit.createdAt, visit.nextRevisitDate),
    ...counterWrites(attributionOf(patient, visit.clinicId), visit.date, {
      visits: 1,
      revenueFen: visit.chargeFen,
    }).map((i) => write(i)),
  ];
}

/**
 * A doctor (or the front desk) completes a visit: category, charge in fen, next revisit date. The
 * visit, its ticket's end, the patient's visit count, the appointment and the revenue counters are
 * one transaction, once per ticket (a retry or a second doctor finds VISIT_EXISTS).
 */
export async function completeVisit({ caller, now }: Ctx, input: CompleteVisitInput): Promise<VisitView> {
  let ticketId = input.ticketId;
  if (input.appointmentId) {
    const a = await getAppointment(input.appointmentId);
    if (!a || !actsIn(caller, a.clinicId))
      throw new NotFoundError('appointment', { appointmentId: input.appointmentId });
    if (!a.ticketId) throw new AppError('TICKET_STATE', '患者尚未签到');
    ticketId = a.ticketId;
  }
  const ticket = ticketId ? await getTicket(ticketId) : undefined;
  // Another clinic's ticket answers like a missing one (clinic isolation).
  if (!ticket || !actsIn(caller, ticket.clinicId)) throw new NotFoundError('ticket', { ticketId });
  if (ticket.visitId) throw new ConflictError('VISIT_EXISTS', '该号码的就诊已记录');
  const today = clinicDate(now);
  if (input.nextRevisitDate && input.nextRevisitDate <= today) {
    throw new AppError('VALIDATION_FAILED', '复诊日期应晚于今天', {
      fields: [{ path: 'nextRevisitDate', message: '复诊日期应晚于今天' }],
    });
  }
  const [doctor, patient] = await Promise.all([getStaff(input.doctorId), getPatient(ticket.patientId)]);
  if (!doctor?.roles.includes('doctor') || doctor.clinicId !== ticket.clinicId) {
    throw new AppError('VALIDATION_FAILED', '医生不存在', {
      fields: [{ path: 'doctorId', message: '请选择本院医生' }],
    });
  }
  if (!patient) throw new NotFoundError('patient', { patientId: ticket.patientId });
  const at = now.toISOString();
  const visit: VisitRecord = {
    id: newId('v'),
    patientId: patient.id,
    clinicId: ticket.clinicId,
    departmentId: ticket.queueId,
    date: today,
    category: input.category,
    chargeFen: input.chargeFen,
    doctorId: doctor.id,
    doctorName: doctor.name,
    nextRevisitDate: input.nextRevisitDate,
    notes: input.notes,
    ticketId: ticket.id,
    appointmentId: ticket.appointmentId,
    recordedBy: caller.staffId ?? caller.userId,
    createdAt: at,
  };
  const completed = visit.appointmentId
    ? [
        completedWrite(visit.appointmentId, {
          category: input.category as Category,
          nextRevisitDate: input.nextRevisitDate,
        }),
      ]
    : [];
  // The ticket may move between reading and writing (完成 pressed): read it again, a few times.
  for (let seen = ticket, attempt = 0; attempt < 3 && !seen.visitId; attempt++) {
    try {
      // The visit's writes with the booked days, the care summary and this month's patient groups
      // (read afresh on each try).
      const [facts, groups] = await Promise.all([
        recordedVisitWrites(visit, patient),
        groupVisitWrites({ ...visit, category: input.category as Category }),
      ]);
      await moveTicket(
        seen,
        [seen.status],
        'done',
        { visitId: visit.id, completedAt: at, serviceMs: serviceMsOf(seen, now) },
        [...facts, ...completed, ...groups],
      );
      return view(visit);
    } catch (e) {
      if (e instanceof MembershipChangedError || e instanceof BookedDaysChangedError) continue;
      if (!(e instanceof TicketChangedError)) throw e;
      const fresh = await getTicket(seen.id);
      if (!fresh) break;
      seen = fresh;
    }
  }
  throw new ConflictError('VISIT_EXISTS', '该号码的就诊已记录');
}

/**
 * A patient's visit history for staff: its home clinic, the group admin, or clinical staff of a
 * clinic caring for the patient (audited as cross-clinic); anyone else gets the 404 of a missing id.
 */
export async function patientVisits(ctx: Ctx, patientId: string, page: PageQuery): Promise<ListResult<VisitView>> {
  const patient = await requirePatient(patientId);
  const standing = await requireReadable(ctx, patient);
  await writeAudits([readAudit(ctx, patient, standing, 'read', ['visits'])], ctx.now.toISOString());
  const out = await visitsOf(patient.id, page);
  return { ...out, items: out.items.map(view) };
}
