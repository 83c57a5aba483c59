import { ConflictError } from '../../shared/errors';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type { VisitView } from '../../shared/schemas/visit-day';
import { tableName } from '../lib/db';
import { AlreadyMovedError } from '../lib/repoint';
import { fromItem, partitionQuery, queryAll, queryPage } from '../lib/store';
import { type Write, write } from '../lib/transact';
import { patientPartition } from '../patients/patient-repository';
import { timelineIndex } from '../patients/timeline-index';

export interface VisitRecord extends VisitView {
  ticketId: string;
  recordedBy: string;
}

/** Visits live in their patient's partition: a patient's history is one Query. */
const VISIT_SORT = 'VISIT#';

/**
 * Who the revisit reminder addresses, kept on the visit as it was recorded (as an appointment keeps
 * the name it was booked under): the reminder then reads no patient record for it (the sender finds
 * the account holding the record when it sends). Only the index
 * carries it (lib/store.ts strips it from every record handed out); a deletion removes it with the
 * visit's place in the index; a visit moved by a merge is written without it (the reminder reads
 * the surviving record instead), as is every visit recorded before it was kept.
 */
export interface RevisitPatient {
  name: string;
}

/** A visit due for its revisit reminder, with whom to address when the visit keeps it. */
export type DueVisit = VisitRecord & { revisitPatient?: RevisitPatient };

/** Sparse: a visit with a next revisit date is found by that date (the revisit reminder reads only the day due). */
function revisitIndex(v: VisitRecord, patient?: RevisitPatient) {
  if (!v.nextRevisitDate) return {};
  return {
    revisitDate: v.nextRevisitDate,
    revisitSort: `${v.clinicId}#${v.id}`,
    ...(patient ? { revisitPatient: { name: patient.name } } : {}),
  };
}

const visitKey = (v: VisitRecord) => ({ pk: patientPartition(v.patientId), sk: `${VISIT_SORT}${v.createdAt}#${v.id}` });

function visitItem(v: VisitRecord, patient?: RevisitPatient) {
  return {
    ...visitKey(v),
    type: 'visit',
    ...v,
    ...revisitIndex(v, patient),
    ...timelineIndex(v.patientId, v.createdAt, 'visit', v.id),
  };
}

/** The visit item (its ticket, patient, appointment and counters join it in one transaction); `patient` is its record now. */
export function visitWrite(v: VisitRecord, patient: RevisitPatient): Write {
  return write(
    { Put: { TableName: tableName, Item: visitItem(v, patient), ConditionExpression: 'attribute_not_exists(pk)' } },
    () => new ConflictError('VISIT_EXISTS', '该号码的就诊已记录'),
  );
}

/**
 * A merge moves a visit into the surviving record's partition: written there, gone from the old
 * one, in one transaction that fails (AlreadyMovedError) when another run moved it first. Written
 * without the addressee it kept: the revisit reminder reads the surviving record.
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
export async function visitsDueForRevisit(date: string, page: PageQuery): Promise<ListResult<DueVisit>> {
  return queryPage<DueVisit>(partitionQuery('byRevisitDate', 'revisitDate', date), page, undefined, (item) => ({
    ...fromItem<VisitRecord>(item),
    ...(item.revisitPatient ? { revisitPatient: item.revisitPatient as RevisitPatient } : {}),
  }));
}

/** Every visit of a patient, oldest first (an export, a deletion or a merge reads them all: tens). */
export async function allVisitsOf(patientId: string): Promise<VisitRecord[]> {
  return queryAll<VisitRecord>(
    partitionQuery(undefined, 'pk', patientPartition(patientId), { sortPrefix: { name: 'sk', prefix: VISIT_SORT } }),
    1000,
  );
}

/**
 * Deletion (issue 10): a visit keeps its facts (category, charge, dates) but not the doctor's
 * free-text notes, nor the addressee of its revisit reminder, nor its place in the revisit index
 * (an erased record is reminded of nothing).
 */
export function visitErasedWrite(v: VisitRecord): Write {
  return write({
    Update: {
      TableName: tableName,
      Key: visitKey(v),
      UpdateExpression: 'REMOVE notes, revisitPatient, revisitDate, revisitSort',
      ConditionExpression: 'attribute_exists(pk)',
    },
  });
}
