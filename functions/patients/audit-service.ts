import { NotFoundError } from '../../shared/errors';
import { roleLabels } from '../../shared/roles';
import type { AuditEventView } from '../../shared/schemas/audit';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import { getStaff, type StaffRecord } from '../auth/identity-repository';
import { getClinic } from '../clinics/clinic-repository';
import type { Ctx } from '../lib/context';
import { type AuditEntry, auditPage } from './audit-repository';
import { getPatient } from './patient-repository';
import { standingOf } from './record-access';

const actionLabels: Record<AuditEntry['action'], string> = {
  create: '建档',
  read: '查看',
  update: '修改',
  search: '搜索',
  delete: '删除',
  merge: '合并',
  export: '导出',
  handover: '移交',
};

/** The Chinese names of the record's fields an audit names (others show as stored). */
const fieldLabels: Record<string, string> = {
  name: '姓名',
  gender: '性别',
  birthDate: '出生日期',
  phone: '手机号',
  idCardNo: '身份证号',
  occupation: '职业',
  address: '住址',
  medicalHistory: '病史',
  needs: '就诊需求',
  relation: '与本人关系',
  consents: '授权',
  channel: '来源渠道',
  campaignId: '活动',
  ownerStaffId: '归属员工',
  tags: '标签',
  visits: '就诊记录',
  timeline: '时间线',
};
const labelOf = (field: string) => fieldLabels[field] ?? field;

/** Old entries (before issue 10) carry the actor as staffId. */
type StoredEntry = AuditEntry & { at: string; id: string; staffId?: string };

function actorOf(e: StoredEntry, staff: Map<string, StaffRecord | undefined>): AuditEventView['actor'] {
  const staffId = e.actorStaffId ?? e.staffId;
  if (staffId) {
    const s = staff.get(staffId);
    const role = s?.roles.map((r) => roleLabels[r]).join('、');
    return { kind: 'staff', staffId, label: s ? `${s.name}（${role}）` : '已删除的员工' };
  }
  if (e.actorUserId) return { kind: 'patient', label: '患者本人' };
  return { kind: 'unknown', label: '系统' };
}

/**
 * A record's audit trail, newest first: who read or changed it, when, from which clinic. Only its home
 * clinic's managers and the group admin see it; for anyone else the record does not exist (404).
 */
export async function patientAudit(ctx: Ctx, patientId: string, page: PageQuery): Promise<ListResult<AuditEventView>> {
  const p = await getPatient(patientId);
  if (!p) throw new NotFoundError('patient', { patientId });
  const standing = await standingOf(ctx, p);
  if (standing !== 'home' && standing !== 'group') throw new NotFoundError('patient', { patientId });

  const out = await auditPage(patientId, page);
  const entries = out.items as StoredEntry[];
  const staffIds = [...new Set(entries.map((e) => e.actorStaffId ?? e.staffId).filter((x): x is string => !!x))];
  const clinicIds = [...new Set(entries.map((e) => e.actorClinicId ?? e.clinicId))];
  const [staff, clinics] = await Promise.all([
    Promise.all(staffIds.map(async (id) => [id, await getStaff(id)] as const)).then((x) => new Map(x)),
    Promise.all(clinicIds.map(async (id) => [id, (await getClinic(id))?.name] as const)).then((x) => new Map(x)),
  ]);
  const items = entries.map(
    (e): AuditEventView => ({
      id: e.id,
      at: e.at,
      action: e.action,
      actionLabel: actionLabels[e.action] ?? e.action,
      actor: actorOf(e, staff),
      clinicName: clinics.get(e.actorClinicId ?? e.clinicId) ?? '',
      crossClinic: e.crossClinic === true,
      fields: (e.fields ?? []).map(labelOf),
      changes: (e.changes ?? []).map((c) => ({ ...c, label: labelOf(c.field) })),
      ...(e.reason ? { reason: e.reason } : {}),
    }),
  );
  return out.nextCursor ? { items, nextCursor: out.nextCursor } : { items };
}
