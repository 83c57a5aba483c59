import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../shared/errors';
import { actsIn } from '../../shared/roles';
import type { OptOutSource, RecordOptOutInput } from '../../shared/schemas/messages';
import type { StaffPatientView } from '../../shared/schemas/patient';
import type { Ctx } from '../lib/context';
import { retrying } from '../lib/transact';
import type { AuditEntry } from './audit-repository';
import { applyConsents, consentEntries } from './patient-record';
import { getPatient, type PatientRecord, requirePatient, savePatient } from './patient-repository';
import { staffView } from './patient-view';

/** Who withdrew a patient's marketing consent, and how it reached us. */
export interface Withdrawal {
  source: OptOutSource;
  byStaffId?: string;
  byUserId?: string;
  /** How the patient asked (staff write it), or the reply's text. */
  note?: string;
  /** The audit event of a staff member's change, written with it. */
  audit?: Omit<AuditEntry, 'patientId' | 'clinicId'>;
}

/**
 * Withdraws marketing consent of a record: one consent event (source, actor, note) and the record
 * saved together, retried when an edit of the record got in between. Greetings stop from the next
 * planning run (planners read the consent). Withdrawing twice records both requests.
 */
export async function withdrawMarketing(patientId: string, w: Withdrawal, at: Date): Promise<PatientRecord> {
  return retrying(
    (e) => e instanceof ConflictError && e.code === 'CONFLICT',
    async () => {
      const before = await getPatient(patientId);
      if (!before) throw new NotFoundError('patient', { patientId });
      const when = at.toISOString();
      const entries = consentEntries({ marketing: false }, when, {
        source: w.source,
        ...(w.byStaffId ? { byStaffId: w.byStaffId } : {}),
        ...(w.byUserId ? { byUserId: w.byUserId } : {}),
        ...(w.note ? { note: w.note } : {}),
      });
      const after: PatientRecord = { ...before, consents: applyConsents(before.consents, entries), updatedAt: when };
      const audit = w.audit ? { ...w.audit, patientId, clinicId: before.clinicId } : undefined;
      return savePatient(before, after, { consents: entries, ...(audit ? { audit } : {}) });
    },
  );
}

/**
 * Staff of the patient's clinic record that the patient withdrew marketing consent (by phone, at the
 * desk), with a note of how. Only the patient can give it again, in the mini-program. A record of
 * another clinic answers like a missing one.
 */
export async function recordOptOut(ctx: Ctx, patientId: string, input: RecordOptOutInput): Promise<StaffPatientView> {
  const staffId = ctx.caller.staffId;
  if (!staffId) throw new ForbiddenError('仅限员工');
  if (input.marketing) {
    throw new AppError('VALIDATION_FAILED', '重新同意须由患者本人在小程序中操作', {
      fields: [{ path: 'marketing', message: '重新同意须由患者本人在小程序中操作' }],
    });
  }
  // An old id of a merged record records the opt-out on the record it was merged into (issue 10, merge).
  const p = await requirePatient(patientId).catch(() => undefined);
  if (!p || !actsIn(ctx.caller, p.clinicId)) throw new NotFoundError('patient', { patientId });
  const after = await withdrawMarketing(
    p.id,
    {
      source: 'staff',
      byStaffId: staffId,
      note: input.note,
      audit: { actorStaffId: staffId, action: 'update', requestId: ctx.requestId, fields: ['consents.marketing'] },
    },
    ctx.now,
  );
  return staffView(after, ctx.caller);
}
