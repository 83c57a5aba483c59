import { QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { AppError } from '../../shared/errors';
import { appointmentKey } from '../booking/booking-repository';
import { db, tableName } from '../lib/db';
import { transactWrite } from '../lib/transact';
import { type TicketRecord, ticketVisitWrites } from '../queue/queue-repository';

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface VisitRecord {
  id: string;
  patientId: string;
  clinicId: string;
  departmentId: string;
  date: string;
  category: string;
  chargeFen: number;
  doctorId: string;
  doctorName?: string;
  nextRevisitDate?: string;
  notes?: string;
  ticketId: string;
  appointmentId?: string;
  recordedBy: string;
  createdAt: string;
}

/** The ticket changed between reading it and recording the visit (a visit recorded, or 完成 pressed). */
export class TicketChangedError extends Error {}

/**
 * Records a visit once per ticket: the visit, the ticket's mark, the patient's visit count and
 * revisit date, the appointment's completion and the revenue counters in one transaction.
 */
export async function insertVisit(v: VisitRecord, ticket: TicketRecord, counters: TxItem[]): Promise<void> {
  const items: TxItem[] = [
    ...ticketVisitWrites(ticket, v.id, v.createdAt),
    {
      Put: {
        TableName: tableName,
        Item: { pk: `PATIENT#${v.patientId}`, sk: `VISIT#${v.createdAt}#${v.id}`, type: 'visit', ...v },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: { pk: `PATIENT#${v.patientId}`, sk: 'PATIENT' },
        // The version moves too, so a profile edit made from an older read cannot undo this count.
        UpdateExpression: v.nextRevisitDate
          ? 'SET lastVisitAt = :at, nextRevisitDate = :r ADD visitCount :one, version :one'
          : 'SET lastVisitAt = :at ADD visitCount :one, version :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':at': v.createdAt,
          ':one': 1,
          ...(v.nextRevisitDate ? { ':r': v.nextRevisitDate } : {}),
        },
      },
    },
  ];
  if (v.appointmentId) {
    items.push({
      Update: {
        TableName: tableName,
        Key: appointmentKey(v.appointmentId),
        UpdateExpression: 'SET #s = :done',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':done': 'completed' },
      },
    });
  }
  items.push(...counters);
  await transactWrite(items, ({ index }) =>
    index === 0 ? new TicketChangedError() : new AppError('CONFLICT', 'visit could not be recorded'),
  );
}

export async function visitsOf(patientId: string, limit = 50): Promise<VisitRecord[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':p': `PATIENT#${patientId}`, ':v': 'VISIT#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map(({ pk: _p, sk: _s, type: _t, ...v }) => v as VisitRecord);
}
