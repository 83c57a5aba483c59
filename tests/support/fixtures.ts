import { putClinic, putDepartment } from '../../functions/clinics/clinic-repository';
import { clinicDate } from '../../shared/dates';

const todayInClinic = () => clinicDate(new Date());

export const TEST_CLINIC = 'c_test';

/** A clinic with one department, so staff logins have somewhere to belong. */
export async function ensureTestClinic(): Promise<void> {
  await putClinic({
    id: TEST_CLINIC,
    name: '测试口腔门诊',
    city: '上海',
    address: '测试路 1 号',
    phone: '021-0000 0001',
  });
  await putDepartment({
    id: 'd_test_ortho',
    clinicId: TEST_CLINIC,
    name: '正畸科',
    prefix: 'A',
    room: '1',
    defaultServiceMinutes: 20,
  });
}

/** A department of its own (so a test's queue numbers start at 1). */
export async function newDepartment(prefix = 'Q'): Promise<string> {
  const id = `d_t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  await putDepartment({ id, clinicId: TEST_CLINIC, name: '测试科', prefix, room: '9', defaultServiceMinutes: 12 });
  return id;
}

/** A 30-minute slot of a department starting at an instant (ISO or epoch ms), dated by the clinic's day. */
export async function insertTestSlot(o: {
  departmentId: string;
  startsAt: string | number;
  clinicId?: string;
  capacity?: number;
  date?: string;
}): Promise<string> {
  const { insertSlot } = await import('../../functions/booking/slot-repository');
  const { clinicDate } = await import('../../shared/dates');
  const startsAtMs = typeof o.startsAt === 'number' ? o.startsAt : Date.parse(o.startsAt);
  const id = `sl_test_${Math.random().toString(36).slice(2, 10)}`;
  await insertSlot({
    id,
    clinicId: o.clinicId ?? TEST_CLINIC,
    departmentId: o.departmentId,
    date: o.date ?? clinicDate(new Date(startsAtMs)),
    startsAt: typeof o.startsAt === 'string' ? o.startsAt : new Date(startsAtMs).toISOString(),
    endsAt: new Date(startsAtMs + 30 * 60_000).toISOString(),
    startsAtMs,
    capacity: o.capacity ?? 10,
    booked: 0,
  });
  return id;
}

/**
 * A slot in a department: today (or a given date) starting at an instant of our choosing. Dated
 * today even when that instant falls after the clinic's midnight (a test run at 23:30 in Shanghai),
 * so it can be checked in to today.
 */
export function newSlot(
  departmentId: string,
  opts: { capacity?: number; startsInMinutes?: number; date?: string; clinicId?: string } = {},
): Promise<string> {
  const startsAt = Date.now() + (opts.startsInMinutes ?? 60) * 60_000;
  return insertTestSlot({
    departmentId,
    clinicId: opts.clinicId,
    startsAt,
    capacity: opts.capacity,
    date: opts.date ?? todayInClinic(),
  });
}

/** A slot of a department at a given clinic instant (e.g. '2030-03-05T09:00:00+08:00'), 30 minutes long. */
export function newSlotAt(departmentId: string, startsAt: string, capacity = 10): Promise<string> {
  return insertTestSlot({ departmentId, startsAt, capacity });
}
