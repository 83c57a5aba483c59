import type { ListResult, PageQuery } from '../../shared/schemas/common';
import { tableName } from '../lib/db';
import { partitionQuery, type QuerySpec, queryAll, queryFilteredPage, queryPage } from '../lib/store';
import { type Write, write } from '../lib/transact';
import { clinicPatients, nameKey, type PatientRecord, PROFILE_SORT, patientKey } from './patient-repository';

// The patient repository's list readers, by the access each serves (its keys live in patient-repository.ts),
// and the check that an account (still) manages a record.

const profilesOf = (accountId: string) =>
  partitionQuery('byAccount', 'accountId', accountId, {
    sortPrefix: { name: 'accountSort', prefix: PROFILE_SORT },
    newestFirst: true,
  });

/** The profiles one WeChat account manages, newest first (a family has a handful). */
export async function patientsOfAccount(accountId: string): Promise<PatientRecord[]> {
  return queryAll<PatientRecord>(profilesOf(accountId), 100);
}

/** One page of an account's profiles, newest first. */
export async function patientsOfAccountPage(accountId: string, page: PageQuery): Promise<ListResult<PatientRecord>> {
  return queryPage<PatientRecord>(profilesOf(accountId), page);
}

/** Same-name records, sorted by birth date: one page. */
export async function patientsByName(name: string, page: PageQuery): Promise<ListResult<PatientRecord>> {
  return queryPage<PatientRecord>(partitionQuery('byName', 'nameKey', nameKey(name)), page, 20);
}

/** The records a staff member owns (their leads), newest first. */
export async function patientsOfOwner(staffId: string, page: PageQuery): Promise<ListResult<PatientRecord>> {
  return queryFilteredPage<PatientRecord>(
    partitionQuery('byOwner', 'ownerStaffId', staffId, {
      newestFirst: true,
      filter: { expression: '#t = :patient', names: { '#t': 'type' }, values: { ':patient': 'patient' } },
    }),
    page,
    50,
  );
}

/** What a greeting planner reads of a patient: the rest (phone, ID number, history…) stays in the store. */
export type GreetingRecipient = Pick<
  PatientRecord,
  'id' | 'name' | 'clinicId' | 'accountId' | 'consents' | 'birthDate' | 'birthdayMovedAt'
>;
const RECIPIENT_ATTRIBUTES = [
  'id',
  'name',
  'clinicId',
  'accountId',
  'consents',
  'birthDate',
  'birthdayMovedAt',
] as const;

/** A query projected to a greeting's recipient. */
function recipients(spec: QuerySpec): QuerySpec {
  return {
    ...spec,
    ProjectionExpression: RECIPIENT_ATTRIBUTES.map((a) => `#r_${a}`).join(', '),
    ExpressionAttributeNames: {
      ...spec.ExpressionAttributeNames,
      ...Object.fromEntries(RECIPIENT_ATTRIBUTES.map((a) => [`#r_${a}`, a])),
    },
  };
}

/** One page of a clinic's patients (`unassigned`: those of no clinic yet), oldest first, as greeting recipients. */
export async function patientsOfClinicPage(clinicId: string, page: PageQuery): Promise<ListResult<GreetingRecipient>> {
  return queryPage<GreetingRecipient>(
    recipients(partitionQuery('byClinic', 'clinicKey', clinicPatients(clinicId))),
    page,
  );
}

/** One page of the records whose birth date falls on a month-day (MM-DD), across the group, as greeting recipients. */
export async function patientsBornOnPage(monthDay: string, page: PageQuery): Promise<ListResult<GreetingRecipient>> {
  return queryPage<GreetingRecipient>(recipients(partitionQuery('byBirthday', 'birthMonthDay', monthDay)), page);
}

/** A check, in a transaction, that the record is (still) managed by this account; `error` otherwise. */
export function heldByAccountWrite(patientId: string, accountId: string, error: () => Error): Write {
  return write(
    {
      ConditionCheck: {
        TableName: tableName,
        Key: patientKey(patientId),
        ConditionExpression: 'accountId = :acc',
        ExpressionAttributeValues: { ':acc': accountId },
      },
    },
    error,
  );
}
