import { AppError, NotFoundError } from '../../shared/errors';
import { actsIn } from '../../shared/roles';
import type { SetServiceLeadInput } from '../../shared/schemas/surveys';
import { getStaff } from '../auth/identity-repository';
import type { Ctx } from '../lib/context';
import { actorOf } from '../staff/acting';
import { settingsAuditWrite } from '../staff/settings-audit-repository';
import { type ServiceLead, saveServiceLead } from './service-lead-repository';

/** A manager names their clinic's service lead: a service staff member of that clinic; audited. */
export async function setServiceLead(ctx: Ctx, clinicParam: string, input: SetServiceLeadInput): Promise<ServiceLead> {
  // Another clinic in the path answers like a missing one (clinic isolation).
  if (!actsIn(ctx.caller, clinicParam)) throw new NotFoundError('clinic', { clinicId: clinicParam });
  const clinicId = clinicParam;
  const staff = await getStaff(input.staffId);
  if (!staff || staff.clinicId !== clinicId || !staff.roles.includes('service')) {
    const msg = '请选择本院的客服人员';
    throw new AppError('VALIDATION_FAILED', msg, { fields: [{ path: 'staffId', message: msg }] });
  }
  const at = ctx.now.toISOString();
  const by = actorOf(ctx.caller);
  const lead: ServiceLead = { clinicId, staffId: staff.id, staffName: staff.name };
  await saveServiceLead(
    { ...lead, at, by },
    settingsAuditWrite(
      {
        clinicId,
        subject: 'service-lead',
        action: 'update',
        actorStaffId: by,
        requestId: ctx.requestId,
        fields: ['staffId'],
      },
      at,
    ),
  );
  return lead;
}
