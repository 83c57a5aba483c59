import { maskIdCard } from '../../shared/mask';
import { fullIdCardRoles, fullPhoneRoles, hasRole, healthDataRoles } from '../../shared/roles';
import type { PatientView, StaffPatientView } from '../../shared/schemas/patient';
import { decryptField } from '../lib/crypto';
import type { Caller } from '../lib/tokens';
import { idCardOf } from './patient-record';
import type { PatientRecord } from './patient-repository';

function consentFlags(c: PatientRecord['consents']): PatientView['consents'] {
  return {
    healthData: Boolean(c.healthData?.granted),
    marketing: Boolean(c.marketing?.granted),
    ...(c.guardian ? { guardian: c.guardian.granted } : {}),
  };
}

/** A profile as its own account sees it: everything, in clear. */
export async function patientView(p: PatientRecord): Promise<PatientView> {
  return {
    id: p.id,
    name: p.name,
    gender: p.gender,
    birthDate: p.birthDate,
    phone: await decryptField(p.phoneEnc),
    ...(p.phoneShared ? { phoneShared: true } : {}),
    idCardNo: await idCardOf(p),
    occupation: p.occupation,
    address: p.address,
    medicalHistory: p.medicalHistory,
    needs: p.needs,
    relation: p.relation,
    consents: consentFlags(p.consents),
    channel: p.channel,
    campaignId: p.campaignId,
    ownerStaffId: p.ownerStaffId,
    clinicId: p.clinicId,
    tags: p.tags,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

/** A record as a staff member sees it: sensitive fields only for the roles that need them. */
export async function staffView(p: PatientRecord, caller: Caller): Promise<StaffPatientView> {
  const own = await patientView(p);
  const fullPhone =
    hasRole(caller, fullPhoneRoles) || (caller.staffId !== undefined && caller.staffId === p.ownerStaffId);
  return {
    ...own,
    phone: fullPhone ? own.phone : p.maskedPhone,
    phoneMasked: !fullPhone,
    idCardNo: own.idCardNo && !hasRole(caller, fullIdCardRoles) ? maskIdCard(own.idCardNo) : own.idCardNo,
    medicalHistory: hasRole(caller, healthDataRoles) ? own.medicalHistory : undefined,
    ownerStaffName: p.ownerStaffName,
    notes: p.notes,
    claimed: Boolean(p.accountId),
    visitCount: p.visitCount ?? 0,
    lastVisitAt: p.lastVisitAt,
    nextRevisitDate: p.nextRevisitDate,
  };
}
