import { ConflictError } from '../../shared/errors';
import { db, tableName } from '../lib/db';
import { QueryCommand } from '../lib/store-client';
import { type Write, write } from '../lib/transact';
import { type PatientRecord, patientKey, patientPartition, phoneKey } from './patient-repository';

/**
 * Deletion (issue 10, the patient's rights): the writes that erase a record's personal fields and
 * release its phone. The record's keys are declared in patient-repository.ts; this file builds the
 * erasure's writes over them.
 */

/** The neutral name an erased record (and every copy of its name) keeps. */
export const ERASED_NAME = '已删除';

/** The erased record changed or was erased between reading and writing it: read it again. */
export class ErasureRaceError extends ConflictError {
  constructor() {
    super('CONFLICT', '记录已被他人修改，请重试');
  }
}

/**
 * The record with its personal fields erased: what stays is the id (the pseudonym the kept facts
 * hang on), its clinic, channel and campaign, consent states, visit count and dates. Written without
 * the name, birthday, account, clinic-list and owner index attributes, so it leaves every list.
 * Only over the version read, and only once.
 */
export function erasedPatientWrite(before: PatientRecord, at: string): Write {
  const erased: PatientRecord = {
    id: before.id,
    clinicId: before.clinicId,
    name: ERASED_NAME,
    phoneEnc: '',
    phoneHash: '',
    maskedPhone: '',
    consents: before.consents,
    channel: before.channel,
    ...(before.campaignId ? { campaignId: before.campaignId } : {}),
    tags: [],
    ...(before.visitCount ? { visitCount: before.visitCount } : {}),
    ...(before.lastVisitAt ? { lastVisitAt: before.lastVisitAt } : {}),
    createdAt: before.createdAt,
    updatedAt: at,
    version: before.version + 1,
    erasedAt: at,
  };
  return write(
    {
      Put: {
        TableName: tableName,
        Item: { ...patientKey(before.id), type: 'patient', ...erased },
        ConditionExpression: 'version = :v AND attribute_not_exists(erasedAt)',
        ExpressionAttributeValues: { ':v': before.version },
      },
    },
    () => new ErasureRaceError(),
  );
}

/**
 * A phone guard of the record goes: the phone can register again. Only a guard this record holds:
 * its own phone's, or that of a record merged into it (`hash`).
 */
export function phoneGuardReleaseWrite(p: PatientRecord, hash = p.phoneHash): Write {
  return write(
    {
      Delete: {
        TableName: tableName,
        Key: phoneKey(hash),
        ConditionExpression: 'patientId = :id',
        ExpressionAttributeValues: { ':id': p.id },
      },
    },
    () => new ErasureRaceError(),
  );
}

/**
 * The erased record held the phone that family members of its account share: the guard passes to
 * one of them, which now holds the phone itself (one phone stays one person).
 */
export function phoneGuardHandOverWrites(p: PatientRecord, to: PatientRecord, maskedName: string): Write[] {
  return [
    write(
      {
        Update: {
          TableName: tableName,
          Key: phoneKey(p.phoneHash),
          UpdateExpression: 'SET patientId = :to, maskedName = :mn',
          ConditionExpression: 'patientId = :id',
          ExpressionAttributeValues: { ':to': to.id, ':mn': maskedName, ':id': p.id },
        },
      },
      () => new ErasureRaceError(),
    ),
    write(
      {
        Update: {
          TableName: tableName,
          Key: patientKey(to.id),
          UpdateExpression: 'REMOVE phoneShared ADD version :one',
          ConditionExpression: 'phoneShared = :yes AND attribute_not_exists(erasedAt)',
          ExpressionAttributeValues: { ':one': 1, ':yes': true },
        },
      },
      () => new ErasureRaceError(),
    ),
  ];
}

/** Consent events keep who, when and what; a staff member's free-text note on one goes. */
export async function consentNoteErasures(patientId: string): Promise<Write[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
      FilterExpression: 'attribute_exists(note)',
      ProjectionExpression: 'pk, sk',
      ExpressionAttributeValues: { ':pk': patientPartition(patientId), ':c': 'CONSENT#' },
    }),
  );
  return (out.Items ?? []).map((k) =>
    write({
      Update: {
        TableName: tableName,
        Key: { pk: k.pk, sk: k.sk },
        UpdateExpression: 'REMOVE note',
        ConditionExpression: 'attribute_exists(pk)',
      },
    }),
  );
}
