// Over 300 lines on purpose: the patient item's keys, its phone guard and its index attributes are
// written only here (a new record with its guard, a shared phone, a save, a counted visit and its
// revisit dates, the booking's hold on them), so every write that touches them stays beside them;
// the list readers live in patient-list-repository.ts.
import { ConflictError, NotFoundError } from '../../shared/errors';
import type { OptOutSource } from '../../shared/schemas/messages';
import type { ConsentState } from '../../shared/schemas/patient';
import { batchGet } from '../lib/batch';
import { tableName } from '../lib/db';
import { newId } from '../lib/ids';
import { getItem, partitionQuery, queryAll, updateIf } from '../lib/store';
import { commit, type TxItem, type Write, write } from '../lib/transact';
import { type AuditEntry, auditWrite } from './audit-repository';

/** A patient record as stored: phone and ID number only encrypted, found by keyed hash. */
export interface PatientRecord {
  id: string;
  clinicId: string;
  name: string;
  gender?: 'male' | 'female';
  birthDate?: string;
  phoneEnc: string;
  phoneHash: string;
  maskedPhone: string;
  /**
   * The phone is the account holder's, given as this family member's contact phone: the record holds
   * no phone guard of its own (the guard stays with the record that holds the phone).
   */
  phoneShared?: boolean;
  idCardEnc?: string;
  idCardHash?: string;
  occupation?: string;
  address?: string;
  medicalHistory?: string;
  needs?: string[];
  relation?: 'self' | 'child' | 'parent' | 'spouse' | 'other';
  consents: { healthData?: ConsentState; marketing?: ConsentState; guardian?: ConsentState };
  channel: string;
  campaignId?: string;
  ownerStaffId?: string;
  ownerStaffName?: string;
  /** The WeChat account that manages this profile (absent for a lead a staff member entered). */
  accountId?: string;
  notes?: string;
  tags: string[];
  /** Completed visits (moved by visit completion in the same write). */
  visitCount?: number;
  lastVisitAt?: string;
  nextRevisitDate?: string;
  /**
   * The revisit dates of the patient's visits, appended as each is recorded (a date may repeat; past
   * ones stay): a booking marks those still to be reminded of (revisit-marks.ts), holding the list as read.
   */
  revisitDates?: string[];
  /**
   * When the birth date's month-day last changed after the record was made: only such a record can
   * have been greeted on another day of the year (greeting-service.ts).
   */
  birthdayMovedAt?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Merged into another record of the same person: old links resolve to that one (issue 10, merge). */
  mergedInto?: string;
  /**
   * The phones (by keyed hash) of records merged into this one: their guards lead here, so whoever
   * releases this record's phone (deletion) releases these too.
   */
  mergedPhoneHashes?: string[];
  /** Personal fields erased at the patient's request; the id stays as the pseudonym of what must be kept. */
  erasedAt?: string;
}

export interface ConsentEntry {
  kind: 'healthData' | 'marketing' | 'guardian';
  state: ConsentState;
  byUserId?: string;
  byStaffId?: string;
  /** How a withdrawal reached us (the patient, staff on their behalf, an SMS reply), and staff's note. */
  source?: OptOutSource;
  note?: string;
}

/** The stored record behind a phone (for a duplicate answer), from the phone guard. */
export interface PhoneOwner {
  patientId: string;
  maskedName: string;
  maskedPhone: string;
  clinicId: string;
  /** Moves on each time a family member of the holder's account takes this phone as a shared one. */
  familyVersion?: number;
}

/** The key of a patient's record. */
export const patientKey = (id: string) => ({ pk: patientPartition(id), sk: 'PATIENT' });

/** The partition of everything that is one patient's own (profile, consent events, visits). */
export const patientPartition = (id: string) => `PATIENT#${id}`;
/** The key of the guard that holds one phone (by keyed hash) for one record. */
export const phoneKey = (hash: string) => ({ pk: `PHONE#${hash}`, sk: 'PHONE' });
/** Same-name records (duplicate warnings). */
export const nameKey = (name: string) => `NAME#${name}`;
const nameSort = (p: Pick<PatientRecord, 'birthDate' | 'id'>) => `${p.birthDate ?? '0000-00-00'}#${p.id}`;
/** Sort prefix of an account's profiles in the byAccount index. */
export const PROFILE_SORT = 'PATIENT#';
/** A clinic's patients (its home patients; `unassigned` holds those of no clinic yet). */
export const clinicPatients = (clinicId: string) => `PATIENTS#${clinicId}`;

/** Sparse: a record with a birth date is found by its month-day (MM-DD), for the birthday greeting. */
function birthdayIndex(p: PatientRecord) {
  return p.birthDate ? { birthMonthDay: p.birthDate.slice(5), birthSort: p.id } : {};
}

/** `after` as saved at `at`: a birth date whose month-day changed keeps when it changed (birthdayMovedAt). */
export function withBirthdayMove(before: PatientRecord, after: PatientRecord, at: string): PatientRecord {
  return before.birthDate?.slice(5) === after.birthDate?.slice(5) ? after : { ...after, birthdayMovedAt: at };
}

/**
 * A record as stored, with its keys and index attributes: the one place they are built, for every
 * write of a record (creation, edits, the seed; the bench also writes these in bulk).
 */
export function storedPatient(p: PatientRecord) {
  return {
    ...patientKey(p.id),
    type: 'patient',
    ...p,
    nameKey: nameKey(p.name),
    nameSort: nameSort(p),
    ...(p.accountId ? { accountSort: `${PROFILE_SORT}${p.createdAt}` } : {}),
    clinicKey: clinicPatients(p.clinicId),
    clinicSort: `${p.createdAt}#${p.id}`,
    ...birthdayIndex(p),
  };
}

/** One consent event (all kinds given or withdrawn together) as its own history item. */
function consentEventItems(patientId: string, clinicId: string, entries: ConsentEntry[]): TxItem[] {
  const first = entries[0];
  if (!first) return [];
  return [
    {
      Put: {
        TableName: tableName,
        Item: {
          pk: patientKey(patientId).pk,
          sk: `CONSENT#${first.state.at}#${newId('c')}`,
          type: 'consentEvent',
          clinicId,
          at: first.state.at,
          policyVersion: first.state.policyVersion,
          byUserId: first.byUserId,
          byStaffId: first.byStaffId,
          ...(first.source ? { source: first.source } : {}),
          ...(first.note ? { note: first.note } : {}),
          changes: entries.map((e) => ({ kind: e.kind, granted: e.state.granted })),
        },
      },
    },
  ];
}

function duplicatePhone(existing: PhoneOwner | undefined): ConflictError {
  return new ConflictError('DUPLICATE_PHONE', '该手机号已建档', {
    maskedName: existing?.maskedName,
    maskedPhone: existing?.maskedPhone,
    patientId: existing?.patientId,
  });
}

/** The phone guard of a record, as stored: which record holds the phone, masked for a duplicate answer. */
export function phoneGuardItem(p: PatientRecord, maskedName: string) {
  const { id: patientId, clinicId, maskedPhone } = p;
  return { ...phoneKey(p.phoneHash), type: 'phoneGuard', patientId, clinicId, maskedName, maskedPhone };
}

/**
 * The writes that create a record: its phone guard (one record per phone in the group, whatever the
 * concurrency; a taken phone fails with DUPLICATE_PHONE naming the existing record), the record and
 * its first consent event. A family member sharing the holder's phone takes no guard.
 */
export function newPatientWrites(p: PatientRecord, maskedName: string, consents: ConsentEntry[]): Write[] {
  const writes: Write[] = [];
  if (!p.phoneShared) {
    writes.push(
      write(
        {
          Put: {
            TableName: tableName,
            Item: phoneGuardItem(p, maskedName),
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        (stored) => duplicatePhone(stored as PhoneOwner | undefined),
      ),
    );
  }
  writes.push(
    write(
      { Put: { TableName: tableName, Item: storedPatient(p), ConditionExpression: 'attribute_not_exists(pk)' } },
      () => new ConflictError('CONFLICT', '该记录已存在'),
    ),
    ...consentEventItems(p.id, p.clinicId, consents).map((item) => write(item)),
  );
  return writes;
}

export async function phoneOwner(phoneHash: string, consistent = false): Promise<PhoneOwner | undefined> {
  return getItem<PhoneOwner>(phoneKey(phoneHash), consistent);
}

/** The family behind a phone changed between reading it and writing a new member: read it again. */
export class FamilyChangedError extends ConflictError {
  constructor() {
    super('CONFLICT', '就诊人信息已变化，请重试');
  }
}

/**
 * A family member takes the phone of a record the account holds: the phone guard's family version
 * moves on from the one read, so two registrations at one moment cannot both pass the same-name check.
 */
export function sharePhoneWrite(phoneHash: string, seenVersion: number): Write {
  return write(
    {
      Update: {
        TableName: tableName,
        Key: phoneKey(phoneHash),
        UpdateExpression: 'SET familyVersion = :next',
        ConditionExpression: seenVersion
          ? 'familyVersion = :seen'
          : 'attribute_exists(pk) AND attribute_not_exists(familyVersion)',
        ExpressionAttributeValues: seenVersion ? { ':next': seenVersion + 1, ':seen': seenVersion } : { ':next': 1 },
      },
    },
    () => new FamilyChangedError(),
  );
}

export async function getPatient(id: string, consistent = false): Promise<PatientRecord | undefined> {
  return getItem<PatientRecord>(patientKey(id), consistent);
}

/**
 * The records at these ids (those that exist), read together: 100 a BatchGetItem (a job's page of
 * patients); `attributes` (with `id`) reads only those of each record.
 */
export async function patientsByIds<K extends keyof PatientRecord = keyof PatientRecord>(
  ids: readonly string[],
  attributes?: readonly ('id' | K)[],
): Promise<Map<string, Pick<PatientRecord, 'id' | K>>> {
  const records = await batchGet<Pick<PatientRecord, 'id' | K>>([...new Set(ids)].map(patientKey), {
    consistent: false,
    attributes,
  });
  return new Map(records.map((p) => [p.id, p]));
}

/**
 * The record, or NOT_FOUND: a merged record's id resolves to the record it was merged into (one hop),
 * an erased record is gone for every reader.
 */
export async function requirePatient(id: string, consistent = false): Promise<PatientRecord> {
  let p = await getPatient(id, consistent);
  // A survivor merged again later: its old ids follow the chain (a few hops at most).
  for (let hop = 0; p?.mergedInto && hop < 5; hop++) p = await getPatient(p.mergedInto);
  if (!p || p.erasedAt || p.mergedInto) throw new NotFoundError('patient', { patientId: id });
  return p;
}

/**
 * Saves changed fields with an optimistic version check; `expectAccountId` adds the account that
 * must own the record (null: no account yet). Consent events and the audit go in the same transaction.
 */
export async function savePatient(
  before: PatientRecord,
  after: PatientRecord,
  extra: { consents?: ConsentEntry[]; audit?: AuditEntry; expectAccountId?: string | null } = {},
): Promise<PatientRecord> {
  const next: PatientRecord = { ...withBirthdayMove(before, after, after.updatedAt), version: before.version + 1 };
  const conditions = ['version = :v'];
  const values: Record<string, unknown> = { ':v': before.version };
  if (extra.expectAccountId === null) conditions.push('attribute_not_exists(accountId)');
  else if (extra.expectAccountId) {
    conditions.push('accountId = :acc');
    values[':acc'] = extra.expectAccountId;
  }
  const writes: Write[] = [
    write(
      {
        Put: {
          TableName: tableName,
          Item: storedPatient(next),
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeValues: values,
        },
      },
      () => new ConflictError('CONFLICT', '记录已被他人修改，请刷新后重试'),
    ),
    ...consentEventItems(next.id, next.clinicId, extra.consents ?? []).map((item) => write(item)),
  ];
  if (extra.audit) writes.push(write(auditWrite(extra.audit, next.updatedAt)));
  await commit(writes);
  return next;
}

/** Appends `:rs` (a list of one revisit date) to the record's revisit dates. */
const APPEND_REVISIT_DATES = 'revisitDates = list_append(if_not_exists(revisitDates, :none), :rs)';

/**
 * A recorded visit moves the patient's visit count, revisit date and revisit dates (and the version,
 * so an older edit cannot undo it).
 */
export function visitCountedWrite(patientId: string, at: string, nextRevisitDate?: string): Write {
  return write(
    {
      Update: {
        TableName: tableName,
        Key: patientKey(patientId),
        UpdateExpression: nextRevisitDate
          ? `SET lastVisitAt = :at, nextRevisitDate = :r, ${APPEND_REVISIT_DATES} ADD visitCount :one, version :one`
          : 'SET lastVisitAt = :at ADD visitCount :one, version :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':at': at,
          ':one': 1,
          ...(nextRevisitDate ? { ':r': nextRevisitDate, ':rs': [nextRevisitDate], ':none': [] } : {}),
        },
      },
    },
    () => new NotFoundError('patient', { patientId }),
  );
}

/** A revisit date came to the record (a visit recorded, a merge) between reading it and a booking's write. */
export class RevisitDatesChangedError extends ConflictError {
  constructor() {
    super('CONFLICT', '患者的复诊安排刚刚变化，请重试');
  }
}

/** Holds a transaction to the record's revisit dates as read (a date appended since fails it). */
export function revisitDatesHeldWrite(p: PatientRecord): Write {
  const n = p.revisitDates?.length ?? 0;
  return write(
    {
      ConditionCheck: {
        TableName: tableName,
        Key: patientKey(p.id),
        ConditionExpression: n > 0 ? 'size(revisitDates) = :n' : 'attribute_not_exists(revisitDates)',
        ...(n > 0 ? { ExpressionAttributeValues: { ':n': n } } : {}),
      },
    },
    () => new RevisitDatesChangedError(),
  );
}

/**
 * Appends a revisit date the record does not hold yet (a merged record's, the migration's); a record
 * missing or erased is left alone. Bookings that read the record before then are made again.
 */
export async function addRevisitDate(patientId: string, date: string): Promise<void> {
  await updateIf({
    Key: patientKey(patientId),
    UpdateExpression: `SET ${APPEND_REVISIT_DATES}`,
    ConditionExpression:
      'attribute_exists(pk) AND attribute_not_exists(erasedAt) AND (attribute_not_exists(revisitDates) OR NOT contains(revisitDates, :r))',
    ExpressionAttributeValues: { ':r': date, ':rs': [date], ':none': [] },
  });
}

/** A record's consent events (who gave or withdrew what, when, how), oldest first. */
export async function consentHistoryOf(patientId: string): Promise<Record<string, unknown>[]> {
  return queryAll<Record<string, unknown>>(
    partitionQuery(undefined, 'pk', patientPartition(patientId), { sortPrefix: { name: 'sk', prefix: 'CONSENT#' } }),
    1000,
  );
}
