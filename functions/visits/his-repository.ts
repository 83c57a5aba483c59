import { clinicDate } from '../../shared/dates';
import { ConflictError } from '../../shared/errors';
import { type ListResult, MAX_PAGE, type PageQuery } from '../../shared/schemas/common';
import type { HisEventStatus, HisEventView } from '../../shared/schemas/his';
import { tableName } from '../lib/db';
import { getItem, partitionQuery, putIfAbsent, queryAll, queryFilteredPage } from '../lib/store';
import { type TxItem, type Write, write } from '../lib/transact';

/** A clinic's current HIS credential: the secret sealed (HMAC verification needs it back), never in clear. */
export interface HisCredentialRecord {
  clinicId: string;
  keyId: string;
  sealedSecret: string;
  createdAt: string;
  createdBy: string;
}

const credentialKey = (clinicId: string) => ({ pk: `HISCRED#${clinicId}`, sk: 'CURRENT' });
const nonceKey = (clinicId: string, nonce: string) => ({ pk: `HISNONCE#${clinicId}#${nonce}`, sk: 'NONCE' });
const linkKey = (clinicId: string, hisPatientNo: string) => ({
  pk: `HISPATIENT#${clinicId}#${hisPatientNo}`,
  sk: 'LINK',
});
const documentKey = (clinicId: string, documentNo: string) => ({ pk: `HISDOC#${clinicId}#${documentNo}`, sk: 'DOC' });
/**
 * A held event is also found by what could name its patient later (the HIS patient number, the
 * phone's keyed hash): a later event that matches the same person applies the held ones with one Query each.
 */
const heldPartition = (clinicId: string, by: HeldBy) =>
  by.hisPatientNo ? `HISHELD#${clinicId}#no#${by.hisPatientNo}` : `HISHELD#${clinicId}#ph#${by.phoneHash}`;
type HeldBy = { hisPatientNo: string; phoneHash?: undefined } | { phoneHash: string; hisPatientNo?: undefined };
/** What arrived at a clinic on a day, in the order it arrived: the manager's list is one Query. */
const dayPartition = (clinicId: string, date: string) => `HISDAY#${clinicId}#${date}`;

/** The current credential of a clinic (read consistently: a rotation takes effect at once). */
export async function currentCredential(clinicId: string): Promise<HisCredentialRecord | undefined> {
  return getItem<HisCredentialRecord>(credentialKey(clinicId), true);
}

/** A new credential replaces the old one: the old key id no longer verifies (written with its audit event). */
export function credentialWrite(c: HisCredentialRecord): TxItem {
  return { Put: { TableName: tableName, Item: { ...credentialKey(c.clinicId), type: 'his-credential', ...c } } };
}

/**
 * Remembers a signed request's nonce until its timestamp could no longer pass the freshness check;
 * false when it was seen already (a replay). `expiresAt` lets DynamoDB's TTL clean up.
 */
export async function firstUseOfNonce(clinicId: string, nonce: string, nowMs: number): Promise<boolean> {
  const nowSeconds = Math.floor(nowMs / 1000);
  return putIfAbsent(
    { ...nonceKey(clinicId, nonce), type: 'his-nonce', expiresAt: nowSeconds + 15 * 60 },
    { nowSeconds },
  );
}

/** The patient a clinic's HIS knows by its own patient number, when an earlier event linked it. */
export async function linkedPatient(clinicId: string, hisPatientNo: string): Promise<string | undefined> {
  return (await getItem<{ patientId: string }>(linkKey(clinicId, hisPatientNo)))?.patientId;
}

/** Links a HIS patient number to a record (an event that named both the phone and the number). */
export function linkWrite(clinicId: string, hisPatientNo: string, patientId: string): Write {
  return write({
    Put: {
      TableName: tableName,
      Item: { ...linkKey(clinicId, hisPatientNo), type: 'his-link', clinicId, hisPatientNo, patientId },
    },
  });
}

/** A document number seen before: the answer is what the first one got. */
export class DocumentSeenError extends ConflictError {
  constructor(readonly first: HisEventView) {
    super('CONFLICT', '该单据已处理');
  }
}

/**
 * The event's document item (once per clinic and document number: the condition that makes a
 * repeat apply nothing) and its line in the day's list, joined to the event's effects in one transaction.
 */
export function eventWrites(e: HisEventView, receivedDate: string, held: HeldParts = {}): Write[] {
  const sealed = {
    ...(held.sealedPhone ? { sealedPhone: held.sealedPhone } : {}),
    ...(held.phoneHash ? { phoneHash: held.phoneHash } : {}),
    ...(held.heldInput ? { heldInput: held.heldInput } : {}),
  };
  return [
    ...heldPointers(e.clinicId, e.hisPatientNo, held.phoneHash).map((pk) =>
      write({
        Put: { TableName: tableName, Item: { pk, sk: e.documentNo, type: 'his-held', documentNo: e.documentNo } },
      }),
    ),
    write(
      {
        Put: {
          TableName: tableName,
          Item: { ...documentKey(e.clinicId, e.documentNo), type: 'his-document', ...e, ...sealed },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      (stored) => new DocumentSeenError(stripKeys(stored)),
    ),
    write({
      Put: {
        TableName: tableName,
        Item: {
          pk: dayPartition(e.clinicId, receivedDate),
          sk: `${e.receivedAt}#${e.documentNo}`,
          type: 'his-event',
          ...e,
          ...sealed,
        },
      },
    }),
  ];
}

/** What a held event keeps until it is applied: the phone sealed and hashed, what a treatment's visit needs. */
export interface HeldParts {
  sealedPhone?: string;
  phoneHash?: string;
  heldInput?: { departmentId?: string; doctorId?: string; doctorName?: string };
}

function heldPointers(clinicId: string, hisPatientNo?: string, phoneHash?: string): string[] {
  return [
    ...(hisPatientNo ? [heldPartition(clinicId, { hisPatientNo })] : []),
    ...(phoneHash ? [heldPartition(clinicId, { phoneHash })] : []),
  ];
}

/** What is handed out of a stored event: no keys, and never the sealed phone or what a held one keeps. */
function stripKeys(stored: Record<string, unknown> | undefined): HisEventView {
  const { pk: _pk, sk: _sk, type: _t, sealedPhone: _s, phoneHash: _h, heldInput: _i, ...rest } = stored ?? {};
  return rest as unknown as HisEventView;
}

/** A held event as stored: its view and what was kept to apply it later. */
export async function heldDocument(
  clinicId: string,
  documentNo: string,
): Promise<{ view: HisEventView; held: HeldParts } | undefined> {
  const stored = await getItem<Record<string, unknown> & HeldParts>(documentKey(clinicId, documentNo), true);
  if (!stored) return undefined;
  const { sealedPhone, phoneHash, heldInput } = stored;
  return { view: stripKeys(stored), held: { sealedPhone, phoneHash, heldInput } };
}

/** The document numbers of a clinic's held events naming this HIS patient number or phone (at most 50). */
export async function heldDocumentsOf(clinicId: string, hisPatientNo?: string, phoneHash?: string): Promise<string[]> {
  const found = await Promise.all(
    heldPointers(clinicId, hisPatientNo, phoneHash).map((pk) =>
      queryAll<{ documentNo: string }>(partitionQuery(undefined, 'pk', pk), 50),
    ),
  );
  return [...new Set(found.flat().map((h) => h.documentNo))];
}

/** The held event moved on by someone else first (applied by another press, or by a later event). */
export class NoLongerHeldError extends ConflictError {
  constructor() {
    super('CONFLICT', '该记录已入账');
  }
}

/**
 * A held event applied: its document and its line in the day's list turn `applied` (only while still
 * held: the condition that makes a second press or a race apply nothing), what it kept is dropped,
 * and it leaves the held pointers. Joined to the event's effects in one transaction.
 */
export function appliedWrites(e: HisEventView, held: HeldParts, applied: Partial<HisEventView>): Write[] {
  const fields = Object.entries({ ...applied, status: 'applied' });
  const update = {
    UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')} REMOVE reason, reasonText, sealedPhone, phoneHash, heldInput`,
    ExpressionAttributeNames: {
      ...Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k])),
      '#st': 'status',
    },
    ExpressionAttributeValues: {
      ...Object.fromEntries(fields.map(([, v], i) => [`:v${i}`, v])),
      ':held': 'held',
    },
    ConditionExpression: '#st = :held',
  };
  return [
    write(
      { Update: { TableName: tableName, Key: documentKey(e.clinicId, e.documentNo), ...update } },
      () => new NoLongerHeldError(),
    ),
    write({
      Update: {
        TableName: tableName,
        Key: {
          pk: dayPartition(e.clinicId, clinicDate(new Date(e.receivedAt))),
          sk: `${e.receivedAt}#${e.documentNo}`,
        },
        ...update,
      },
    }),
    ...heldPointers(e.clinicId, e.hisPatientNo, held.phoneHash).map((pk) =>
      write({ Delete: { TableName: tableName, Key: { pk, sk: e.documentNo } } }),
    ),
  ];
}

/** The event first recorded under a document number, if any. */
export async function documentEvent(clinicId: string, documentNo: string): Promise<HisEventView | undefined> {
  const stored = await getItem<Record<string, unknown>>(documentKey(clinicId, documentNo), true);
  return stored ? stripKeys(stored) : undefined;
}

/** A page of what arrived at a clinic on a day, oldest first, optionally only applied or held ones. */
export async function eventsOfDay(
  clinicId: string,
  date: string,
  status: HisEventStatus | undefined,
  page: PageQuery,
): Promise<ListResult<HisEventView>> {
  return queryFilteredPage<HisEventView>(
    partitionQuery(undefined, 'pk', dayPartition(clinicId, date), {
      ...(status ? { filter: { expression: '#st = :st', names: { '#st': 'status' }, values: { ':st': status } } } : {}),
    }),
    page,
    MAX_PAGE,
    stripKeys,
  );
}
