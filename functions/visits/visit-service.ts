import { clinicDate } from '../../shared/dates';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../shared/errors';
import type { CompleteVisitInput, VisitView } from '../../shared/schemas/visit-day';
import { getStaff } from '../auth/identity-repository';
import { getAppointment } from '../booking/booking-repository';
import { newId } from '../lib/ids';
import type { Caller } from '../lib/tokens';
import { getPatient, writeAudits } from '../patients/patient-repository';
import { attributionOf } from '../patients/patient-service';
import { getTicket } from '../queue/queue-repository';
import { counterWrites } from '../stats/counter-repository';
import { insertVisit, TicketChangedError, type VisitRecord, visitsOf } from './visit-repository';

function view({ recordedBy: _r, ...v }: VisitRecord): VisitView {
  return v;
}

/** A doctor (or the front desk) completes a visit: category, charge in fen, next revisit date. */
export async function completeVisit(caller: Caller, input: CompleteVisitInput): Promise<VisitView> {
  let ticketId = input.ticketId;
  if (input.appointmentId) {
    const a = await getAppointment(input.appointmentId);
    if (!a) throw new NotFoundError('appointment', { appointmentId: input.appointmentId });
    if (!a.ticketId) throw new AppError('TICKET_STATE', '患者尚未签到');
    ticketId = a.ticketId;
  }
  const ticket = ticketId ? await getTicket(ticketId) : undefined;
  if (!ticket) throw new NotFoundError('ticket', { ticketId });
  if (ticket.visitId) throw new ConflictError('VISIT_EXISTS', '该号码的就诊已记录');
  if (!caller.roles.includes('admin') && caller.clinicId !== ticket.clinicId)
    throw new ForbiddenError('只能记录本院的就诊');
  const today = clinicDate(new Date());
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
    createdAt: new Date().toISOString(),
  };
  const counters = counterWrites(attributionOf(patient, ticket.clinicId), today, {
    visits: 1,
    revenueFen: input.chargeFen,
  });
  for (let seen = ticket, attempt = 0; attempt < 3; attempt++) {
    if (seen.visitId) break;
    try {
      await insertVisit(visit, seen, counters);
      return view(visit);
    } catch (e) {
      if (!(e instanceof TicketChangedError)) throw e;
      const fresh = await getTicket(seen.id);
      if (!fresh) break;
      seen = fresh;
    }
  }
  throw new ConflictError('VISIT_EXISTS', '该号码的就诊已记录');
}

export async function patientVisits(
  caller: Caller,
  patientId: string,
  requestId: string,
): Promise<{ items: VisitView[] }> {
  const patient = await getPatient(patientId);
  if (!patient) throw new NotFoundError('patient', { patientId });
  if (caller.staffId) {
    await writeAudits([
      {
        patientId,
        clinicId: patient.clinicId,
        actorStaffId: caller.staffId,
        action: 'read',
        requestId,
        fields: ['visits'],
      },
    ]);
  }
  return { items: (await visitsOf(patientId)).map(view) };
}
