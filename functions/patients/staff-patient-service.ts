import { clinicDate } from '../../shared/dates';
import { AppError, ConflictError, ForbiddenError, UnauthenticatedError } from '../../shared/errors';
import { maskName } from '../../shared/mask';
import { normalizePhone } from '../../shared/phone';
import { hasRole, recordEditors } from '../../shared/roles';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type {
  DuplicateMatch,
  DuplicatesInput,
  MatchKind,
  MinimalPatientCard,
  PatientSearchItem,
  StaffCreatePatientInput,
  StaffPatientView,
  StaffUpdatePatientInput,
} from '../../shared/schemas/patient';
import { activeStaffCheck, getStaff } from '../auth/identity-repository';
import { getClinic } from '../clinics/clinic-repository';
import type { Ctx } from '../lib/context';
import { lookupHash } from '../lib/crypto';
import { commit, write } from '../lib/transact';
import { counterWrites } from '../stats/counter-repository';
import { type AuditEntry, auditWrite, writeAudits } from './audit-repository';
import { fieldChanges } from './corrections';
import { patientsByName, patientsOfAccount, patientsOfOwner } from './patient-list-repository';
import {
  attributionOf,
  checkProfile,
  consentEntries,
  newPatientRecord,
  profileFieldsOf,
  requireKnownClinic,
  UNASSIGNED_CLINIC,
} from './patient-record';
import {
  getPatient,
  newPatientWrites,
  type PatientRecord,
  phoneOwner,
  requirePatient,
  savePatient,
} from './patient-repository';
import { staffView } from './patient-view';
import { type RecordStanding, readAudit, readStanding, requireReadable, requireStanding } from './record-access';

function requireStaff(ctx: Ctx): string {
  if (!ctx.caller.staffId) throw new ForbiddenError('仅限员工');
  return ctx.caller.staffId;
}

/**
 * Everyone behind a phone: the record holding it and the family members of the same account who
 * give it as their contact phone (holder first).
 */
async function phoneFamily(phone: string): Promise<PatientRecord[]> {
  const hash = await lookupHash('phone', phone);
  const owner = await phoneOwner(hash);
  const holder = owner ? await getPatient(owner.patientId) : undefined;
  if (!holder) return [];
  if (!holder.accountId) return [holder];
  const family = await patientsOfAccount(holder.accountId);
  return [holder, ...family.filter((p) => p.id !== holder.id && p.phoneHash === hash)];
}

/** Marketing or front desk enters a lead; the caller owns it (attribution) and the entry is audited. */
export async function staffCreatePatient(ctx: Ctx, input: StaffCreatePatientInput): Promise<StaffPatientView> {
  const staffId = requireStaff(ctx);
  const clinicId = input.clinicId ?? ctx.caller.clinicId ?? UNASSIGNED_CLINIC;
  await requireKnownClinic(input.clinicId, ctx.now);
  const staff = await getStaff(staffId);
  const at = ctx.now.toISOString();
  const consents = input.consents ? consentEntries(input.consents, at, { byStaffId: staffId }) : [];
  const record = await newPatientRecord(
    {
      clinicId,
      ...(await profileFieldsOf(input)),
      channel: input.channel,
      campaignId: input.campaignId,
      ownerStaffId: staffId,
      ownerStaffName: staff?.name,
      notes: input.notes,
    },
    input.phone,
    consents,
    at,
  );
  const audit: AuditEntry = {
    patientId: record.id,
    clinicId,
    actorStaffId: staffId,
    ...(ctx.caller.clinicId ? { actorClinicId: ctx.caller.clinicId } : {}),
    action: 'create',
    requestId: ctx.requestId,
  };
  try {
    await commit([
      ...newPatientWrites(record, maskName(record.name), consents),
      write(auditWrite(audit, at)),
      ...counterWrites(attributionOf(record), clinicDate(ctx.now), { newRecords: 1 }),
      // A member deactivated while this request ran owns no new record.
      activeStaffCheck(staffId, () => new UnauthenticatedError('您的员工账号已停用，请联系管理员')),
    ]);
  } catch (err) {
    if (!(err instanceof ConflictError && err.code === 'DUPLICATE_PHONE')) throw err;
    // For staff one phone is one person: name who holds it (and the family sharing it), masked.
    const [holder, ...family] = await phoneFamily(input.phone);
    throw new ConflictError('DUPLICATE_PHONE', '该手机号已建档，不能重复建档', {
      maskedName: holder ? maskName(holder.name) : undefined,
      maskedPhone: holder?.maskedPhone,
      ownerStaffName: holder?.ownerStaffName,
      claimable: false,
      family: family.map((p) => ({ maskedName: maskName(p.name), relation: p.relation })),
    });
  }
  return staffView(record, ctx.caller);
}

/** Who already matches what a staff member is typing: by phone (with the family behind it), by name, by name and birthday. */
export async function findDuplicates(input: DuplicatesInput): Promise<{ items: DuplicateMatch[] }> {
  const matches = new Map<string, DuplicateMatch>();
  const add = (p: PatientRecord, kind: MatchKind) => {
    const m = matches.get(p.id) ?? {
      patientId: p.id,
      maskedName: maskName(p.name),
      maskedPhone: p.maskedPhone,
      matchedOn: [],
      ownerStaffId: p.ownerStaffId,
      ownerStaffName: p.ownerStaffName,
      clinicId: p.clinicId,
      ...(p.relation ? { relation: p.relation } : {}),
      ...(p.phoneShared ? { phoneShared: true } : {}),
    };
    if (!m.matchedOn.includes(kind)) m.matchedOn.push(kind);
    matches.set(p.id, m);
  };
  const phone = input.phone ? normalizePhone(input.phone) : undefined;
  const [byPhone, byName] = await Promise.all([
    phone ? phoneFamily(phone) : [],
    input.name ? patientsByName(input.name, { limit: 20 }).then((p) => p.items) : [],
  ]);
  for (const p of byPhone) add(p, 'phone');
  for (const p of byName) {
    add(p, 'name');
    if (input.birthDate && p.birthDate === input.birthDate) add(p, 'name_birthdate');
  }
  const rank = (m: DuplicateMatch) =>
    m.matchedOn.includes('phone') ? 0 : m.matchedOn.includes('name_birthdate') ? 1 : 2;
  return { items: [...matches.values()].sort((a, b) => rank(a) - rank(b)) };
}

async function audited(
  ctx: Ctx,
  records: { p: PatientRecord; standing: RecordStanding }[],
  action: AuditEntry['action'],
  fields?: string[],
) {
  requireStaff(ctx);
  await writeAudits(
    records.map(({ p, standing }) => readAudit(ctx, p, standing, action, fields)),
    ctx.now.toISOString(),
  );
  return Promise.all(records.map(({ p }) => staffView(p, ctx.caller)));
}

/** Each record with the caller's standing; those the caller may not read are `hidden`. */
async function sortByStanding(ctx: Ctx, records: PatientRecord[]) {
  const seen = await Promise.all(records.map(async (p) => ({ p, standing: await readStanding(ctx, p) })));
  return {
    shown: seen.filter(
      (s): s is { p: PatientRecord; standing: Exclude<RecordStanding, 'none'> } => s.standing !== 'none',
    ),
    hidden: seen.filter((s) => s.standing === 'none').map((s) => s.p),
  };
}

/** The minimal card of records found by the exact phone that the caller may not read (audited as searched). */
async function minimalCards(ctx: Ctx, records: PatientRecord[]): Promise<MinimalPatientCard[]> {
  if (records.length === 0) return [];
  await writeAudits(
    records.map((p) => readAudit(ctx, p, 'none', 'search', ['minimal'])),
    ctx.now.toISOString(),
  );
  const names = new Map<string, string>();
  for (const id of new Set(records.map((p) => p.clinicId))) names.set(id, (await getClinic(id))?.name ?? '');
  return records.map((p) => ({
    minimal: true,
    patientId: p.id,
    maskedName: maskName(p.name),
    maskedPhone: p.maskedPhone,
    ...(p.gender ? { gender: p.gender } : {}),
    ...(p.birthDate ? { birthYear: Number(p.birthDate.slice(0, 4)) } : {}),
    homeClinicId: p.clinicId,
    homeClinicName: names.get(p.clinicId) ?? '',
  }));
}

/**
 * Staff find a record by the exact phone (with the family sharing it) or by name; every hit is audited.
 * A name search lists only records the caller may read; the exact phone also finds the group's
 * records the caller may not read, each as a minimal card (enough to book them here).
 */
export async function searchPatients(
  ctx: Ctx,
  query: PageQuery & { phone?: string; name?: string },
): Promise<ListResult<PatientSearchItem>> {
  requireStaff(ctx);
  let records: PatientRecord[] = [];
  let nextCursor: string | undefined;
  if (query.phone) {
    const phone = normalizePhone(query.phone);
    if (!phone) {
      throw new AppError('VALIDATION_FAILED', '请输入正确的 11 位手机号', {
        fields: [{ path: 'phone', message: '请输入正确的 11 位手机号' }],
      });
    }
    records = await phoneFamily(phone);
  } else if (query.name) {
    ({ items: records, nextCursor } = await patientsByName(query.name, query));
  }
  const { shown, hidden } = await sortByStanding(ctx, records);
  const items: PatientSearchItem[] = [
    ...(await audited(ctx, shown, 'search')),
    ...(query.phone ? await minimalCards(ctx, hidden) : []),
  ];
  return nextCursor ? { items, nextCursor } : { items };
}

/** A record for staff: its home clinic, the group admin, or clinical staff of a clinic caring for the patient. */
export async function readPatient(ctx: Ctx, patientId: string): Promise<StaffPatientView> {
  const p = await requirePatient(patientId);
  const [view] = await audited(ctx, [{ p, standing: await requireReadable(ctx, p) }], 'read');
  return view!;
}

/** A staff member's own leads, newest first, with their phones in full (they call them back). */
export async function myLeads(ctx: Ctx, page: PageQuery): Promise<ListResult<StaffPatientView>> {
  const staffId = requireStaff(ctx);
  const out = await patientsOfOwner(staffId, page);
  const own = out.items.map((p) => ({ p, standing: 'home' as const }));
  return { ...out, items: await audited(ctx, own, 'read', ['leads']) };
}

export async function staffUpdatePatient(
  ctx: Ctx,
  patientId: string,
  input: StaffUpdatePatientInput,
): Promise<StaffPatientView> {
  const staffId = requireStaff(ctx);
  const before = await requirePatient(patientId);
  const standing = await requireStanding(ctx, before);
  if (!hasRole(ctx.caller, recordEditors) && before.ownerStaffId !== staffId) {
    throw new ForbiddenError('只能修改自己建档的记录');
  }
  checkProfile({ birthDate: input.birthDate ?? before.birthDate, consents: before.consents }, ctx.now);
  const next: PatientRecord = { ...before, ...input, updatedAt: ctx.now.toISOString() };
  const audit: AuditEntry = {
    patientId,
    clinicId: before.clinicId,
    actorStaffId: staffId,
    ...(ctx.caller.clinicId ? { actorClinicId: ctx.caller.clinicId } : {}),
    action: 'update',
    ...(standing === 'care' ? { crossClinic: true } : {}),
    requestId: ctx.requestId,
    fields: Object.keys(input),
    // Field by field, values masked: only what really changed (issue 10, corrections).
    changes: fieldChanges({ ...before }, { ...next }, Object.keys(input)),
  };
  const after = await savePatient(before, next, { audit });
  return staffView(after, ctx.caller);
}
