import { ConflictError } from '../../shared/errors';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type { VisitView } from '../../shared/schemas/visit-day';
import { tableName } from '../lib/db';
import { AlreadyMovedError } from '../lib/repoint';
import { partitionQuery, queryAll, queryPage } from '../lib/store';
import { type Write, write } from '../lib/transact';
import { patientPartition } from '../patients/patient-repository';
import { timelineIndex } from '../patients/timeline-index';

export interface VisitRecord extends VisitView {
  ticketId: string;
  recordedBy: string;
}

/** Visits live in their patient's partition: a patient's history is one Query. */
const VISIT_SORT = 'VISIT#';

/** Sparse: a visit with a next revisit date is found by that date (the revisit reminder reads only the day due). */
function revisitIndex(v: VisitRecord) {
  return v.nextRevisitDate ? { revisitDate: v.nextRevisitDate, revisitSort: `${v.clinicId}#${v.id}` } : {};
}

const visitKey = (v: VisitRecord) => ({ pk: patientPartition(v.patientId), sk: `${VISIT_SORT}${v.createdAt}#${v.id}` });

function visitItem(v: VisitRecord) {
  return {
    ...visitKey(v),
    type: 'visit',
    ...v,
    ...revisitIndex(v),
    ...timelineIndex(v.patientId, v.createdAt, 'visit', v.id),
  };
}

/** The visit item (its ticket, patient, appointment and counters join it in one transaction). */
export function visitWrite(v: VisitRecord): Write {
  return write(
    { Put: { TableName: tableName, Item: visitItem(v), ConditionExpression: 'attribute_not_exists(pk)' } },
    () => new ConflictError('VISIT_EXISTS', '该号码的就诊已记录'),
  );
}

/**
 * A merge moves a visit into the surviving record's partition: written there, gone from the old
 * one, in one transaction that fails (AlreadyMovedError) when another run moved it first.
 */
export function visitMovedWrites(v: VisitRecord, toId: string): Write[] {
  return [
    write({ Put: { TableName: tableName, Item: visitItem({ ...v, patientId: toId }) } }),
    write(
      { Delete: { TableName: tableName, Key: visitKey(v), ConditionExpression: 'attribute_exists(pk)' } },
      () => new AlreadyMovedError(),
    ),
  ];
}

/** A patient's visits, newest first. */
export async function visitsOf(patientId: string, page: PageQuery): Promise<ListResult<VisitRecord>> {
  return queryPage<VisitRecord>(
    partitionQuery(undefined, 'pk', patientPartition(patientId), {
      sortPrefix: { name: 'sk', prefix: VISIT_SORT },
      newestFirst: true,
    }),
    page,
    50,
  );
}

/** One page of the visits whose next revisit date is `date`, across the group (the revisit reminder's read). */
export async function visitsDueForRevisit(date: string, page: PageQuery): Promise<ListResult<VisitRecord>> {
  return queryPage<VisitRecord>(partitionQuery('byRevisitDate', 'revisitDate', date), page);
}

/** Every visit of a patient, oldest first (an export, a deletion or a merge reads them all: tens). */
export async function allVisitsOf(patientId: string): Promise<VisitRecord[]> {
  return queryAll<VisitRecord>(
    partitionQuery(undefined, 'pk', patientPartition(patientId), { sortPrefix: { name: 'sk', prefix: VISIT_SORT } }),
    1000,
  );
}

/** Deletion (issue 10): a visit keeps its facts (category, charge, dates) but not the doctor's free-text notes. */
export function visitErasedWrite(v: VisitRecord): Write {
  return write({
    Update: {
      TableName: tableName,
      Key: visitKey(v),
      UpdateExpression: 'REMOVE notes',
      ConditionExpression: 'attribute_exists(pk)',
    },
  });
}
