import { clinicDate } from '../../shared/dates';
import { AppError, ConflictError, ForbiddenError } from '../../shared/errors';
import { maskName } from '../../shared/mask';
import { normalizePhone } from '../../shared/phone';
import { hasRole, recordEditors } from '../../shared/roles';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type {
  DuplicateMatch,
  DuplicatesInput,
  MatchKind,
  StaffCreatePatientInput,
  StaffPatientView,
  StaffUpdatePatientInput,
} from '../../shared/schemas/patient';
import { getStaff } from '../auth/identity-repository';
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
  await requireKnownClinic(input.clinicId);
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
    action: 'create',
    requestId: ctx.requestId,
  };
  try {
    await commit([
      ...newPatientWrites(record, maskName(record.name), consents),
      write(auditWrite(audit, at)),
      ...counterWrites(attributionOf(record), clinicDate(ctx.now), { newRecords: 1 }),
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

async function audited(ctx: Ctx, records: PatientRecord[], action: AuditEntry['action'], fields?: string[]) {
  const staffId = requireStaff(ctx);
  await writeAudits(
    records.map((p) => ({
      patientId: p.id,
      clinicId: p.clinicId,
      actorStaffId: staffId,
      action,
      requestId: ctx.requestId,
      ...(fields ? { fields } : {}),
    })),
    ctx.now.toISOString(),
  );
  return Promise.all(records.map((p) => staffView(p, ctx.caller)));
}

/** Staff find a record by the exact phone (with the family sharing it) or by name; every hit is audited. */
export async function searchPatients(
  ctx: Ctx,
  query: PageQuery & { phone?: string; name?: string },
): Promise<ListResult<StaffPatientView>> {
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
  const items = await audited(ctx, records, 'search');
  return nextCursor ? { items, nextCursor } : { items };
}

export async function readPatient(ctx: Ctx, patientId: string): Promise<StaffPatientView> {
  const p = await requirePatient(patientId);
  const [view] = await audited(ctx, [p], 'read');
  return view!;
}

/** A staff member's own leads, newest first, with their phones in full (they call them back). */
export async function myLeads(ctx: Ctx, page: PageQuery): Promise<ListResult<StaffPatientView>> {
  const staffId = requireStaff(ctx);
  const out = await patientsOfOwner(staffId, page);
  return { ...out, items: await audited(ctx, out.items, 'read', ['leads']) };
}

export async function staffUpdatePatient(
  ctx: Ctx,
  patientId: string,
  input: StaffUpdatePatientInput,
): Promise<StaffPatientView> {
  const staffId = requireStaff(ctx);
  const before = await requirePatient(patientId);
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
    requestId: ctx.requestId,
    fields: Object.keys(input),
    // Field by field, values masked: only what really changed (issue 10, corrections).
    changes: fieldChanges({ ...before }, { ...next }, Object.keys(input)),
  };
  const after = await savePatient(before, next, { audit });
  return staffView(after, ctx.caller);
}
