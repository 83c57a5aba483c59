import { actsIn } from '../../shared/roles';
import type { Ctx } from '../lib/context';
import type { PatientRecord } from './patient-repository';

/**
 * How a staff caller stands to a patient record (issue 10, clinic isolation):
 * - 'group': the group admin, every record;
 * - 'home': the record's home clinic is the caller's clinic;
 * - 'care': another clinic, where the patient has a care relationship (an appointment or ticket
 *   there, today or ahead): the record and its history may be read (audited as cross-clinic) and edited;
 * - 'none': another clinic without a care relationship: the record is a 404 (a search by the
 *   exact phone finds only a minimal, masked card).
 */
export type RecordStanding = 'group' | 'home' | 'care' | 'none';

/** CONTRACT (clinic-isolation engineer fills the care relationship; today: home or group, else care). */
export async function standingOf(ctx: Ctx, p: PatientRecord): Promise<RecordStanding> {
  if (actsIn(ctx.caller, p.clinicId)) return ctx.caller.clinicId === p.clinicId ? 'home' : 'group';
  return 'care';
}
