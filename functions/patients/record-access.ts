import { clinicDate } from '../../shared/dates';
import { NotFoundError } from '../../shared/errors';
import { actsIn, clinical, hasRole } from '../../shared/roles';
import { hasBookingAtClinicFrom } from '../booking/booking-repository';
import type { Ctx } from '../lib/context';
import { arrivalCounted } from '../queue/ticket-repository';
import { actorOf } from '../staff/acting';
import type { AuditEntry } from './audit-repository';
import { UNASSIGNED_CLINIC } from './patient-record';
import type { PatientRecord } from './patient-repository';

/**
 * How a staff caller stands to a patient record (issue 10, clinic isolation):
 * - 'group': the group admin, every record;
 * - 'home': the record's home clinic is the caller's clinic (a record of no clinic yet, one a patient
 *   registered in the mini-program without choosing a clinic, is the group's: every clinic's home);
 * - 'care': another clinic, where the patient has a care relationship (an appointment or ticket
 *   there, today or ahead): the record and its history may be read (audited as cross-clinic) and edited;
 * - 'none': another clinic without a care relationship: the record is a 404 (a search by the
 *   exact phone finds only a minimal, masked card).
 */
export type RecordStanding = 'group' | 'home' | 'care' | 'none';

/**
 * The caller's standing. The group admin and the home clinic cost no read; another clinic costs one
 * GetItem (today's arrival guard there: any ticket of today) and, without one, one Query of the
 * patient's booked appointments from today on (byBookedPatient), filtered to the caller's clinic.
 */
export async function standingOf(ctx: Ctx, p: PatientRecord): Promise<RecordStanding> {
  const own = ctx.caller.clinicId;
  if (own !== undefined && (own === p.clinicId || p.clinicId === UNASSIGNED_CLINIC)) return 'home';
  if (actsIn(ctx.caller, p.clinicId)) return 'group';
  if (!own) return 'none';
  return (await hasCareAt(p.id, own, clinicDate(ctx.now))) ? 'care' : 'none';
}

/** A care relationship at a clinic: a ticket there today, or an appointment still booked there today or ahead. */
export async function hasCareAt(patientId: string, clinicId: string, today: string): Promise<boolean> {
  if (await arrivalCounted(clinicId, today, patientId)) return true;
  return hasBookingAtClinicFrom(patientId, clinicId, today);
}

/** Standings that may read the record and its history. */
export const readable = (s: RecordStanding): boolean => s !== 'none';

/** The standing, or a 404 like a missing id when the caller has none. */
export async function requireStanding(ctx: Ctx, p: PatientRecord): Promise<Exclude<RecordStanding, 'none'>> {
  const s = await standingOf(ctx, p);
  if (s === 'none') throw new NotFoundError('patient', { patientId: p.id });
  return s;
}

/**
 * The standing of a caller who reads the record or its history: from another clinic, only clinical
 * staff with a care relationship there; anyone else gets the 404 of a missing id.
 */
export async function requireReadable(ctx: Ctx, p: PatientRecord): Promise<Exclude<RecordStanding, 'none'>> {
  const s = await readStanding(ctx, p);
  if (s === 'none') throw new NotFoundError('patient', { patientId: p.id });
  return s;
}

/** The standing for reading: 'care' counts only for clinical staff (a marketer of another clinic reads nothing). */
export async function readStanding(ctx: Ctx, p: PatientRecord): Promise<RecordStanding> {
  const s = await standingOf(ctx, p);
  return s === 'care' && !hasRole(ctx.caller, clinical) ? 'none' : s;
}

/** The audit of a staff member's read of a record: the actor's clinic, and whether it came from another clinic. */
export function readAudit(
  ctx: Ctx,
  p: PatientRecord,
  standing: RecordStanding,
  action: AuditEntry['action'],
  fields?: string[],
): AuditEntry {
  return {
    patientId: p.id,
    clinicId: p.clinicId,
    actorStaffId: actorOf(ctx.caller),
    ...(ctx.caller.clinicId ? { actorClinicId: ctx.caller.clinicId } : {}),
    action,
    ...(standing === 'care' ? { crossClinic: true } : {}),
    requestId: ctx.requestId,
    ...(fields ? { fields } : {}),
  };
}
