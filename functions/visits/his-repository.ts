import { ConflictError } from '../../shared/errors';
import { type ListResult, MAX_PAGE, type PageQuery } from '../../shared/schemas/common';
import type { HisEventStatus, HisEventView } from '../../shared/schemas/his';
import { tableName } from '../lib/db';
import { getItem, partitionQuery, putIfAbsent, queryFilteredPage } from '../lib/store';
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
export function eventWrites(e: HisEventView, receivedDate: string, sealed: { sealedPhone?: string } = {}): Write[] {
  return [
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

/** What is handed out of a stored event: no keys, and never the sealed phone. */
function stripKeys(stored: Record<string, unknown> | undefined): HisEventView {
  const { pk: _pk, sk: _sk, type: _t, sealedPhone: _s, ...rest } = stored ?? {};
  return rest as unknown as HisEventView;
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
