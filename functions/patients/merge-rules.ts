import type { CareSummary } from '../../shared/patient-group-rules';
import type { MergeConflict } from '../../shared/schemas/merge';
import type { ConsentState } from '../../shared/schemas/patient';
import type { PatientRecord } from './patient-repository';

/** The earlier-created of two records: it survives by default and keeps the attribution either way. */
export function earlierOf(a: PatientRecord, b: PatientRecord): PatientRecord {
  return b.createdAt < a.createdAt || (b.createdAt === a.createdAt && b.id < a.id) ? b : a;
}

const later = (a?: string, b?: string) => (!a ? b : !b ? a : a > b ? a : b);
const union = <T>(a: T[] = [], b: T[] = []) => [...new Set([...a, ...b])];

/** The phones whose guards lead to a record: its own (unless shared from its account holder) and those merged into it. */
export function guardedPhones(p: PatientRecord): string[] {
  return [...(p.phoneShared ? [] : [p.phoneHash]), ...(p.mergedPhoneHashes ?? [])];
}

/** Per kind of consent, the person's latest decision (given or withdrawn) wins. */
function latestConsents(s: PatientRecord['consents'], m: PatientRecord['consents']): PatientRecord['consents'] {
  const out: PatientRecord['consents'] = { ...s };
  for (const kind of ['healthData', 'marketing', 'guardian'] as const) {
    const a: ConsentState | undefined = s[kind];
    const b: ConsentState | undefined = m[kind];
    if (b && (!a || b.at > a.at)) out[kind] = b;
  }
  return out;
}

/**
 * The survivor after a merge: its own fields win, the merged record fills what it lacks (nothing is
 * lost); the earlier-created record's owner, channel and campaign (attribution); the WeChat account
 * of either (never two: refused before); visit figures added up (the visits moved with them).
 */
export function survivorAfter(s: PatientRecord, m: PatientRecord, at: string): PatientRecord {
  const first = earlierOf(s, m);
  const idCard = s.idCardEnc ? s : m;
  const lastVisitAt = later(s.lastVisitAt, m.lastVisitAt);
  return {
    ...s,
    gender: s.gender ?? m.gender,
    birthDate: s.birthDate ?? m.birthDate,
    idCardEnc: idCard.idCardEnc,
    idCardHash: idCard.idCardHash,
    occupation: s.occupation ?? m.occupation,
    address: s.address ?? m.address,
    medicalHistory: s.medicalHistory ?? m.medicalHistory,
    needs: s.needs || m.needs ? union(s.needs, m.needs) : undefined,
    relation: s.relation ?? m.relation,
    notes: s.notes && m.notes && s.notes !== m.notes ? `${s.notes}\n${m.notes}` : (s.notes ?? m.notes),
    tags: union(s.tags, m.tags),
    consents: latestConsents(s.consents, m.consents),
    channel: first.channel,
    campaignId: first.campaignId,
    ownerStaffId: first.ownerStaffId,
    ownerStaffName: first.ownerStaffName,
    accountId: s.accountId ?? m.accountId,
    mergedPhoneHashes: union(s.mergedPhoneHashes, guardedPhones(m)),
    visitCount: (s.visitCount ?? 0) + (m.visitCount ?? 0),
    lastVisitAt,
    nextRevisitDate: lastVisitAt === m.lastVisitAt && m.nextRevisitDate ? m.nextRevisitDate : s.nextRevisitDate,
    // Both records' visits are the survivor's: a booking of it marks either's revisit dates.
    revisitDates: s.revisitDates || m.revisitDates ? union(s.revisitDates, m.revisitDates) : undefined,
    updatedAt: at,
  };
}

/** Two summaries of one clinic as one (the survivor's id): spend and visits added, the later visit last. */
export function combinedSummary(m: CareSummary, s: CareSummary | undefined, survivorId: string): CareSummary {
  if (!s) return { ...m, patientId: survivorId };
  // A summary of spend only (a HIS charge before any visit there) adds its spend and nothing else.
  if (!m.lastVisitId) return { ...s, patientId: survivorId, spendFen: s.spendFen + m.spendFen };
  if (!s.lastVisitId) return { ...m, patientId: survivorId, spendFen: s.spendFen + m.spendFen };
  const last = s.lastVisitAt >= m.lastVisitAt ? s : m;
  const byCategory: CareSummary['last'] = { ...s.last };
  for (const [c, v] of Object.entries(m.last) as [keyof CareSummary['last'], { date: string; visitId: string }][]) {
    const mine = byCategory[c];
    if (!mine || v.date > mine.date) byCategory[c] = v;
  }
  const implantSince = later(s.implantSince, m.implantSince);
  return {
    patientId: survivorId,
    clinicId: s.clinicId,
    firstVisitDate: s.firstVisitDate < m.firstVisitDate ? s.firstVisitDate : m.firstVisitDate,
    lastVisitDate: last.lastVisitDate,
    lastVisitId: last.lastVisitId,
    lastVisitAt: last.lastVisitAt,
    lastCategory: last.lastCategory,
    last: byCategory,
    ...(implantSince ? { implantSince } : {}),
    spendFen: s.spendFen + m.spendFen,
    visitCount: s.visitCount + m.visitCount,
  };
}

/** Fields the two records hold differently, values as the caller may see them (`shown`). */
export function conflictsOf(
  a: PatientRecord,
  b: PatientRecord,
  shown: (p: PatientRecord, field: MergeConflict['field']) => string | undefined,
): MergeConflict[] {
  const differs: Record<MergeConflict['field'], boolean> = {
    name: a.name !== b.name,
    gender: Boolean(a.gender && b.gender && a.gender !== b.gender),
    birthDate: Boolean(a.birthDate && b.birthDate && a.birthDate !== b.birthDate),
    idCardNo: Boolean(a.idCardHash && b.idCardHash && a.idCardHash !== b.idCardHash),
  };
  return (Object.keys(differs) as MergeConflict['field'][])
    .filter((f) => differs[f])
    .map((field) => ({ field, left: shown(a, field), right: shown(b, field) }));
}
