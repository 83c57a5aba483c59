import { type AppError, ConflictError, NotFoundError } from '../../shared/errors';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type { SlotView } from '../../shared/schemas/visit-day';
import { db, tableName } from '../lib/db';
import { recordCache } from '../lib/record-cache';
import { fromItem, getItem, partitionQuery, putIfAbsent, queryAll, queryPage } from '../lib/store';
import { UpdateCommand } from '../lib/store-client';

// Slots (分时预约): the booking repository's half that owns slot items; bookings move their count.

/** The key of a slot item. */
export const slotKey = (id: string) => ({ pk: `SLOT#${id}`, sk: 'SLOT' });
const slotsOfDayKey = (departmentId: string, date: string) => `SLOTS#${departmentId}#${date}`;

export interface SlotRecord extends Omit<SlotView, 'remaining' | 'closed' | 'started'> {
  /** Epoch milliseconds of startsAt: conditions compare numbers. */
  startsAtMs: number;
  closed?: boolean;
}

/** Opens a slot unless it exists (re-running a weekly pattern creates nothing twice). */
export async function insertSlot(s: SlotRecord): Promise<boolean> {
  return putIfAbsent({
    ...slotKey(s.id),
    type: 'slot',
    ...s,
    clinicKey: slotsOfDayKey(s.departmentId, s.date),
    clinicSort: `${s.startsAt}#${s.id}`,
  });
}

export async function getSlot(id: string): Promise<SlotRecord | undefined> {
  return getItem<SlotRecord>(slotKey(id));
}

const slotsQuery = (departmentId: string, date: string) =>
  partitionQuery('byClinic', 'clinicKey', slotsOfDayKey(departmentId, date));

/** A department's slots of a day, by start time (a day has tens). */
export async function slotsOfDay(departmentId: string, date: string): Promise<SlotRecord[]> {
  return queryAll<SlotRecord>(slotsQuery(departmentId, date));
}

export async function slotsOfDayPage(
  departmentId: string,
  date: string,
  page: PageQuery,
): Promise<ListResult<SlotRecord>> {
  return queryPage<SlotRecord>(slotsQuery(departmentId, date), page);
}

/** Closes a slot (停诊): no new bookings; the booked ones stay. */
export async function closeSlot(id: string): Promise<SlotRecord> {
  try {
    const out = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: slotKey(id),
        UpdateExpression: 'SET closed = :t',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':t': true },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromItem<SlotRecord>(out.Attributes ?? {});
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') throw new NotFoundError('slot', { slotId: id });
    throw e;
  }
}

/** What a failed condition on a slot's count means, from the stored slot. */
export function slotProblem(item: Record<string, unknown> | undefined, nowMs: number): AppError {
  if (!item) return new NotFoundError('slot');
  if (item.closed) return new ConflictError('SLOT_CLOSED', '该时段已停诊，请选择其他时段');
  if (Number(item.startsAtMs) <= nowMs) return new ConflictError('SLOT_STARTED', '该时段已开始，不能再预约');
  return new ConflictError('SLOT_FULL', '该时段已约满，请选择其他时段');
}

/**
 * What a slot is (clinic, department, doctor, times), kept per container for 60 s: these never
 * change once the slot exists. Its count, capacity and closing are NOT taken from here: a booking's
 * transaction checks them on the stored slot (bookingWrites), whatever this copy says.
 */
export const SLOT_DEFINITION_LIFETIME_MS = 60_000;

export type SlotDefinition = Omit<SlotRecord, 'booked' | 'capacity' | 'closed'>;

export const slotDefinition: (id: string, now: Date) => Promise<SlotDefinition | undefined> = recordCache(
  'slotDefinition',
  SLOT_DEFINITION_LIFETIME_MS,
  async (id) => {
    const s = await getSlot(id);
    if (!s) return undefined;
    const { booked: _b, capacity: _c, closed: _x, ...definition } = s;
    return definition;
  },
);
