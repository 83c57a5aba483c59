import { clinicDate } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import type { Category } from '../../shared/schemas/common';
import type { HisEventInput, HisEventView } from '../../shared/schemas/his';
import { getStaff } from '../auth/identity-repository';
import { getDepartment } from '../clinics/clinic-repository';
import { summarySpendWrite } from '../groups/care-summary-repository';
import { groupVisitWrites, MembershipChangedError } from '../groups/visit-groups';
import { lookupHash } from '../lib/crypto';
import { commit, type Write, write } from '../lib/transact';
import { attributionOf } from '../patients/patient-record';
import { getPatient, type PatientRecord, phoneOwner } from '../patients/patient-repository';
import { counterWrites } from '../stats/counter-repository';
import { linkedPatient } from './his-repository';
import type { VisitRecord } from './visit-repository';
import { recordedVisitWrites } from './visit-service';

/** The department a HIS treatment is filed under: the HIS names no queue of ours. */
export const HIS_DEPARTMENT = 'his';

/** The patient an event names: by the HIS's own number once linked, else by phone (its keyed hash). */
export async function patientOf(
  clinicId: string,
  e: { hisPatientNo?: string; phone?: string },
): Promise<PatientRecord | undefined> {
  const linked = e.hisPatientNo ? await linkedPatient(clinicId, e.hisPatientNo) : undefined;
  if (linked) return getPatient(linked);
  if (!e.phone) return undefined;
  const owner = await phoneOwner(await lookupHash('phone', e.phone));
  return owner ? getPatient(owner.patientId) : undefined;
}

async function departmentOf(clinicId: string, departmentId: string | undefined): Promise<string> {
  if (!departmentId) return HIS_DEPARTMENT;
  const d = await getDepartment(departmentId);
  if (d?.clinicId !== clinicId)
    throw new AppError('VALIDATION_FAILED', '科室不存在', {
      fields: [{ path: 'departmentId', message: '请提供本院科室的编号，或不提供' }],
    });
  return d.id;
}

async function doctorOf(clinicId: string, e: Extract<HisEventInput, { kind: 'treatment' }>) {
  if (!e.doctorId) return { doctorId: `his:${e.doctorName}`, doctorName: e.doctorName };
  const doctor = await getStaff(e.doctorId);
  if (!doctor?.roles.includes('doctor') || doctor.clinicId !== clinicId)
    throw new AppError('VALIDATION_FAILED', '医生不存在', {
      fields: [{ path: 'doctorId', message: '请提供本院医生的编号，或只提供医生姓名' }],
    });
  return { doctorId: doctor.id, doctorName: doctor.name };
}

/** A treatment's visit, as a visit recorded in the app would be (charge 0: the money comes as charges). */
async function hisVisit(
  clinicId: string,
  e: Extract<HisEventInput, { kind: 'treatment' }>,
  p: PatientRecord,
  visitId: string,
): Promise<VisitRecord> {
  return {
    id: visitId,
    patientId: p.id,
    clinicId,
    departmentId: await departmentOf(clinicId, e.departmentId),
    date: clinicDate(new Date(e.at)),
    category: e.category as Category,
    chargeFen: 0,
    ...(await doctorOf(clinicId, e)),
    notes: `HIS 单据 ${e.documentNo}`,
    ticketId: '',
    recordedBy: `his:${clinicId}`,
    createdAt: new Date(e.at).toISOString(),
  };
}

/**
 * Commits an applied event with what it moves, exactly as a visit recorded in the app moves it: a
 * charge moves the revenue of the patient's attribution on the event's day and the lifetime spend of
 * the patient's care summary (a refund moves both back); a treatment is a recorded visit (on the
 * timeline, follow-ups, visit count, counters) and moves the care summary and this month's patient
 * groups as a completed visit does. `facts` are the event's own writes (its document, its list line).
 */
export async function commitApplied(
  clinicId: string,
  e: HisEventInput,
  p: PatientRecord,
  view: HisEventView,
  facts: Write[],
): Promise<void> {
  const day = clinicDate(new Date(e.at));
  if (e.kind === 'charge') {
    await commit([
      ...facts,
      ...counterWrites(attributionOf(p, clinicId), day, { revenueFen: e.amountFen }).map((i) => write(i)),
      summarySpendWrite(p.id, clinicId, e.amountFen),
    ]);
    return;
  }
  const visit = await hisVisit(clinicId, e, p, view.visitId!);
  const writes = [...facts, ...(await recordedVisitWrites(visit, p))];
  // The patient's groups of the month may change between reading and writing: read them again.
  for (let attempt = 1; ; attempt++) {
    try {
      await commit([...writes, ...(await groupVisitWrites({ ...visit, category: e.category as Category }))]);
      return;
    } catch (err) {
      if (!(err instanceof MembershipChangedError) || attempt >= 3) throw err;
    }
  }
}
