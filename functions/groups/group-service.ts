import { addMonths, clinicMonth } from '../../shared/dates';
import { NotFoundError } from '../../shared/errors';
import { maskName } from '../../shared/mask';
import { fullPhoneRoles, hasRole } from '../../shared/roles';
import type { ListResult } from '../../shared/schemas/common';
import {
  type GroupCardView,
  type GroupCounts,
  type GroupKey,
  type GroupMembersQuery,
  type GroupMemberView,
  type GroupMonthQuery,
  type GroupSettingsView,
  groupKeys,
  groupLabels,
  type UpdateGroupSettingsInput,
} from '../../shared/schemas/patient-groups';
import { batchGet } from '../lib/batch';
import type { Ctx } from '../lib/context';
import { decryptField } from '../lib/crypto';
import type { Caller } from '../lib/tokens';
import { type PatientRecord, patientKey } from '../patients/patient-repository';
import { actorOf, clinicActedIn } from '../staff/acting';
import { settingsAuditWrite } from '../staff/settings-audit-repository';
import { type HeaderRecord, type MemberRecord, membersPage, monthOf } from './group-repository';
import { groupSettingsOf, saveGroupSettings } from './settings-repository';

const SEE = '只能查看本院的患者分组';

/** The group a path names, or 404. */
export function groupOf(param: string): GroupKey {
  const g = groupKeys.find((k) => k === param);
  if (!g) throw new NotFoundError('patientGroup', { group: param, known: groupKeys });
  return g;
}

/** The clinic and month a request is about: the caller's clinic (or the one asked, for the group admin) and this month. */
export function scopeOf(ctx: Ctx, q: { clinicId?: string; month?: string }, refusal = SEE) {
  return { clinicId: clinicActedIn(ctx.caller, q.clinicId, refusal), month: q.month ?? clinicMonth(ctx.now) };
}

const counts = (h: HeaderRecord | undefined): GroupCounts => {
  const placed = h?.placed ?? 0;
  const returned = Math.min(h?.returned ?? 0, placed);
  return { placed, returned, stillDue: placed - returned };
};

/** A month's group cards with their counts, and the month before's beside them: two Queries. */
export async function listGroups(ctx: Ctx, q: GroupMonthQuery) {
  const { clinicId, month } = scopeOf(ctx, q);
  const [now, before] = await Promise.all([monthOf(clinicId, month), monthOf(clinicId, addMonths(month, -1))]);
  const items: GroupCardView[] = groupKeys.map((g) => ({
    group: g,
    label: groupLabels[g],
    ...counts(now.headers.get(g)),
    ...(before.run ? { previous: counts(before.headers.get(g)) } : {}),
  }));
  return { clinicId, month, ...(now.run ? { groupedAt: now.run.startedAt } : {}), items };
}

/** Members as staff see them: the name masked, the phone in full only for the roles that call. */
export async function memberViews(members: MemberRecord[], caller: Caller): Promise<GroupMemberView[]> {
  const ids = [...new Set(members.map((m) => m.patientId))];
  const patients = new Map(
    // An erased record (issue 10, deletion) shows as gone: no name, no phone.
    (await batchGet<PatientRecord>(ids.map((id) => patientKey(id))))
      .filter((p) => !p.erasedAt)
      .map((p) => [p.id, p] as const),
  );
  const fullPhone = hasRole(caller, fullPhoneRoles);
  return Promise.all(
    members.map(async (m) => {
      const p = patients.get(m.patientId);
      const phone = p ? (fullPhone ? await decryptField(p.phoneEnc) : p.maskedPhone) : undefined;
      return {
        patientId: m.patientId,
        group: m.group,
        month: m.month,
        patientName: p ? maskName(p.name) : '*',
        ...(phone ? { phone } : {}),
        phoneMasked: !fullPhone,
        reason: m.reason,
        dueDate: m.dueDate,
        lastVisitDate: m.lastVisitDate,
        ...(m.returnedAt ? { returnedAt: m.returnedAt } : {}),
        ...(m.taskId ? { taskId: m.taskId } : {}),
        ...(m.remindedAt ? { remindedAt: m.remindedAt } : {}),
      };
    }),
  );
}

/** One page of a group's members (still due by due date, or back): one Query and one BatchGetItem. */
export async function groupMembers(
  ctx: Ctx,
  param: string,
  q: GroupMembersQuery,
): Promise<ListResult<GroupMemberView>> {
  const g = groupOf(param);
  const { clinicId, month } = scopeOf(ctx, q);
  const page = await membersPage(clinicId, month, g, q.view ?? 'due', { limit: q.limit, cursor: q.cursor });
  return { ...page, items: await memberViews(page.items, ctx.caller) };
}

export async function getGroupSettings(ctx: Ctx, asked?: string): Promise<GroupSettingsView> {
  const clinicId = clinicActedIn(ctx.caller, asked, SEE);
  const s = await groupSettingsOf(clinicId);
  return {
    clinicId,
    ...s.settings,
    isDefault: s.isDefault,
    ...(s.updatedAt ? { updatedAt: s.updatedAt, updatedBy: s.updatedBy } : {}),
  };
}

/** A manager sets the clinic's intervals; audited in the clinic's settings trail. From the next month's groups on. */
export async function updateGroupSettings(ctx: Ctx, input: UpdateGroupSettingsInput): Promise<GroupSettingsView> {
  const { clinicId: asked, ...settings } = input;
  const clinicId = clinicActedIn(ctx.caller, asked, '只能修改本院的患者分组设置');
  const before = (await groupSettingsOf(clinicId)).settings;
  const at = ctx.now.toISOString();
  const actor = actorOf(ctx.caller);
  const fields = (Object.keys(settings) as (keyof typeof settings)[]).filter(
    (k) => JSON.stringify(settings[k]) !== JSON.stringify(before[k]),
  );
  await saveGroupSettings(
    clinicId,
    settings,
    { staffId: actor, at },
    settingsAuditWrite(
      {
        clinicId,
        subject: 'patient-groups#settings',
        action: 'update',
        actorStaffId: actor,
        requestId: ctx.requestId,
        fields,
      },
      at,
    ),
  );
  return getGroupSettings(ctx, clinicId);
}
