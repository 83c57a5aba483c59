/**
 * The visit day's set-up, through the repositories and the API: the bench clinic with one department
 * (= one queue) per spread queue and one for the one-queue run, today's slots, and the front desk's
 * bookings of the registered patients (topped up through the same endpoint if there are too few).
 */
import { insertSlot } from '../../functions/booking/slot-repository';
import { putClinic, putDepartment } from '../../functions/clinics/clinic-repository';
import { clinicDate } from '../../shared/dates';
import { BENCH_PREFIX, SETUP_CONCURRENCY } from '../harness/config';
import type { OwnedPatient, ServerContext } from '../harness/context';
import { benchClinic, registrationBody } from '../harness/fixtures';
import { createdId, devLogin, postJson, unexpected } from '../harness/http';
import { type LoadResult, runLoad } from '../harness/load';

/** Departments of the bench clinic over which the check-ins are spread (one queue each). */
export const VISIT_QUEUES = 5;
export const CHECKIN_WARMUP = 100;
export const CHECKIN_COUNT = 1200;
export const CHECKIN_ONE_QUEUE_COUNT = 600;
const SETUP_MAX_MS = 60_000;
export const SLOT_CAPACITY = 40;

/** One appointment to book and check in. */
export interface Plan {
  patient: OwnedPatient;
  dept: string;
  /** Queue index: 0..VISIT_QUEUES-1 spread, VISIT_QUEUES the one-queue department. */
  queue: number;
  slot: string;
}

/** The set-up a visit day's measurements run on. */
export type VisitDay = Awaited<ReturnType<typeof setUpVisitDay>>;

const summary = (b: LoadResult) => ({ ok: b.succeeded, failed: b.failed, failures: b.failures });

/** Registers profiles until there are `total`, through POST /v1/me/patients; answers how many it added. */
async function topUp(ctx: ServerContext, owned: OwnedPatient[], total: number): Promise<number> {
  let added = 0;
  for (let guard = 0; owned.length < total && guard < 10; guard++) {
    const missing = total - owned.length;
    added += missing;
    await runLoad(
      'top-up registrations',
      { count: missing, concurrency: SETUP_CONCURRENCY, maxMs: SETUP_MAX_MS },
      async (i) => {
        const owner = i % ctx.tokens.length;
        const res = await postJson(ctx.api, '/v1/me/patients', registrationBody(), ctx.tokens[owner]);
        const failure = unexpected(res, 201);
        if (!failure) owned.push({ id: createdId(res), owner });
        return failure;
      },
    );
  }
  if (owned.length < total) throw new Error(`only ${owned.length} patients for ${total} appointments`);
  return added;
}

/** Today's slots of a department, starting in an hour or later, SLOT_CAPACITY places each. */
export async function slotsOfToday(clinicId: string, dept: string, today: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let k = 0; k < count; k++) {
    const startsAtMs = Date.now() + (60 + 5 * k) * 60_000;
    const id = `sl_${dept}_${k}`;
    await insertSlot({
      id,
      clinicId,
      departmentId: dept,
      date: today,
      startsAt: new Date(startsAtMs).toISOString(),
      endsAt: new Date(startsAtMs + 30 * 60_000).toISOString(),
      startsAtMs,
      capacity: SLOT_CAPACITY,
      booked: 0,
    });
    ids.push(id);
  }
  return ids;
}

export async function setUpVisitDay(ctx: ServerContext, registered: OwnedPatient[]) {
  const today = clinicDate(new Date());
  const clinicId = `${BENCH_PREFIX}-clinic`;
  await putClinic(benchClinic(clinicId));
  const prefixes = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
  const spreadDepts = Array.from({ length: VISIT_QUEUES }, (_, k) => `d_${BENCH_PREFIX}_q${k}`);
  const oneDept = `d_${BENCH_PREFIX}_one`;
  for (const [k, id] of [...spreadDepts, oneDept].entries()) {
    await putDepartment({
      id,
      clinicId,
      name: `科室${k + 1}`,
      prefix: prefixes[k] ?? 'Z',
      room: String(k + 1),
      defaultServiceMinutes: 15,
    });
  }
  const desk = await devLogin(ctx.api, { openid: `${BENCH_PREFIX}-desk`, role: 'frontdesk', clinicId });

  // Patients: the profiles the registration measurement created (owned by the bench accounts).
  const spreadTotal = CHECKIN_WARMUP + CHECKIN_COUNT;
  const owned = [...registered];
  const patientsTopUp = await topUp(ctx, owned, spreadTotal);

  const slotCount = {
    spread: Math.ceil(spreadTotal / VISIT_QUEUES / SLOT_CAPACITY),
    one: Math.ceil(CHECKIN_ONE_QUEUE_COUNT / SLOT_CAPACITY),
  };
  const slotsOf = new Map<string, string[]>();
  for (const dept of [...spreadDepts, oneDept]) {
    slotsOf.set(dept, await slotsOfToday(clinicId, dept, today, dept === oneDept ? slotCount.one : slotCount.spread));
  }

  // Bookings by the front desk: round robin over the departments (patient i, department i mod 5),
  // and one department with its own list (the same patients: one booking per patient per department).
  const spreadPlan: Plan[] = Array.from({ length: spreadTotal }, (_, i) => {
    const queue = i % VISIT_QUEUES;
    const dept = spreadDepts[queue] as string;
    const slot = slotsOf.get(dept)?.[Math.floor(i / VISIT_QUEUES / SLOT_CAPACITY)] as string;
    return { patient: owned[i] as OwnedPatient, dept, queue, slot };
  });
  const onePlan: Plan[] = Array.from({ length: CHECKIN_ONE_QUEUE_COUNT }, (_, i) => {
    const slot = slotsOf.get(oneDept)?.[Math.floor(i / SLOT_CAPACITY)] as string;
    return { patient: owned[i] as OwnedPatient, dept: oneDept, queue: VISIT_QUEUES, slot };
  });
  const booked = new Map<Plan, string>();
  const bookAll = (label: string, plans: Plan[]) =>
    runLoad(label, { count: plans.length, concurrency: SETUP_CONCURRENCY, maxMs: SETUP_MAX_MS }, async (i) => {
      const p = plans[i] as Plan;
      const res = await postJson(ctx.api, '/v1/appointments', { patientId: p.patient.id, slotId: p.slot }, desk);
      const failure = unexpected(res, 201);
      if (!failure) booked.set(p, createdId(res));
      return failure;
    });
  console.log(
    `• visit day: clinic ${clinicId}, ${VISIT_QUEUES} departments (= ${VISIT_QUEUES} queues) + 1 for the one-queue run; booking ${spreadTotal} + ${CHECKIN_ONE_QUEUE_COUNT} appointments for today (${today}) ...`,
  );
  const bookingSpread = await bookAll('booking (setup, 5 queues)', spreadPlan);
  const bookingOne = await bookAll('booking (setup, 1 queue)', onePlan);
  for (const b of [bookingSpread, bookingOne]) {
    console.log(
      `  ${b.label}: ${b.succeeded} booked, ${b.failed} failed${b.failed ? ` ${JSON.stringify(b.failures)}` : ''}, ${b.opsPerSec.toFixed(1)}/s`,
    );
  }
  return {
    clinicId,
    today,
    spreadDepts,
    oneDept,
    /** The front desk's token (it books and checks in). */
    desk,
    spreadPlan,
    onePlan,
    booked,
    setup: {
      clinicId,
      date: today,
      queues: VISIT_QUEUES,
      spread: 'appointment i in department i mod 5 (round robin)',
      oneQueueDepartment: oneDept,
      appointmentsPlanned: { spread: spreadTotal, oneQueue: onePlan.length },
      bookings: { spread: summary(bookingSpread), oneQueue: summary(bookingOne) },
      patientsTopUp,
      slotsPerDepartment: slotCount,
      slotCapacity: SLOT_CAPACITY,
      checkInAs: 'front desk token of the bench clinic',
    },
  };
}
