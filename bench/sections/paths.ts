/**
 * Issue 12's request paths, each measured by bench/harness/paths.ts (round trips in sequence, rate
 * through the local server against the bare store replaying the same commands), on a clinic of
 * their own, in the order a day brings them: registration, booking, check-in, ticket status,
 * board, then the survey answer and the follow-up outcome of the visits those check-ins led to.
 * Between them, 1,000 check-ins at once on one queue (numbers distinct and contiguous, 0 errors,
 * p99 under API Gateway's 29 s). Creating requests carry an Idempotency-Key, as the mini-program's do.
 */
import { putClinic, putDepartment } from '../../functions/clinics/clinic-repository';
import { clinicDate } from '../../shared/dates';
import { BENCH_PREFIX, round, SETUP_CONCURRENCY } from '../harness/config';
import type { OwnedPatient, ServerContext } from '../harness/context';
import { benchClinic, registrationBody } from '../harness/fixtures';
import { createdId, devLogin, getJson, postJson, unexpected } from '../harness/http';
import { runLoad } from '../harness/load';
import { measurePath, type PathResult } from '../harness/paths';
import { BURST, burst } from './check-in-burst';
import { SLOT_CAPACITY, slotsOfToday } from './visit-day-setup';

const PROBE = 20;
const LOAD = 800;
const LOAD_MAX_MS = 15_000;
const READ_LOAD = 4000;
const SETUP_MAX_MS = 120_000;

const key = (what: string, i: number) => ({ headers: { 'idempotency-key': `${BENCH_PREFIX}-${what}-${i}` } });

/** Today's slots of a department for `places` bookings (visit-day-setup's, SLOT_CAPACITY places each). */
const slots = (clinicId: string, dept: string, places: number) =>
  slotsOfToday(clinicId, dept, clinicDate(new Date()), Math.ceil(places / SLOT_CAPACITY));

/** What the set-up loads did (a failed set-up request leaves one item fewer to measure, said here). */
const setups: Record<string, { ok: number; of: number; failures: Record<string, number> }> = {};

/** Runs a set-up load; fails the section only if none of it succeeded. */
async function setup(label: string, count: number, op: (i: number) => Promise<string | null>) {
  const r = await runLoad(label, { count, concurrency: SETUP_CONCURRENCY, maxMs: SETUP_MAX_MS }, op);
  setups[label] = { ok: r.succeeded, of: count, failures: r.failures };
  if (r.succeeded === 0) throw new Error(`${label}: 0/${count} ${JSON.stringify(r.failures)}`);
  const failures = r.failed ? ` ${JSON.stringify(r.failures)}` : '';
  console.log(`  ${label}: ${r.succeeded}/${count} in ${round(r.elapsedMs / 1000, 1)} s${failures}`);
}

export async function paths(ctx: ServerContext) {
  const clinicId = `${BENCH_PREFIX}-paths`;
  const [dept, burstDept] = [`d_${BENCH_PREFIX}_paths`, `d_${BENCH_PREFIX}_burst`];
  await putClinic(benchClinic(clinicId));
  for (const [k, id] of [dept, burstDept].entries()) {
    await putDepartment({
      id,
      clinicId,
      name: `科室${k + 1}`,
      prefix: k ? 'B' : 'A',
      room: String(k + 1),
      defaultServiceMinutes: 15,
    });
  }
  const login = (role: string) => devLogin(ctx.api, { openid: `${BENCH_PREFIX}-paths-${role}`, role, clinicId });
  const [desk, doctor, service] = [await login('frontdesk'), await login('doctor'), await login('service')];
  const doctorId = (JSON.parse((await getJson(ctx.api, '/v1/me', doctor)).text) as { staffId: string }).staffId;
  const results: Record<string, PathResult> = {};

  const owned: OwnedPatient[] = [];
  const register = (what: string) => async (i: number) => {
    const owner = i % ctx.tokens.length;
    const res = await postJson(ctx.api, '/v1/me/patients', registrationBody(), ctx.tokens[owner], key(what, i));
    const failure = unexpected(res, 201);
    if (!failure) owned.push({ id: createdId(res), owner });
    return failure;
  };
  results.registration = await measurePath(ctx, {
    name: 'registration',
    route: 'POST /v1/me/patients',
    roundTripsTarget: 2,
    probe: PROBE,
    count: LOAD,
    maxMs: LOAD_MAX_MS,
    op: register('reg'),
  });
  const need = Math.max(BURST, PROBE + LOAD) - owned.length;
  if (need > 0) await setup('registrations for the burst (set-up)', need, register('reg-top-up'));

  const bookable = await slots(clinicId, dept, PROBE + LOAD);
  const booked: { appointmentId: string; owner: number }[] = [];
  results.booking = await measurePath(ctx, {
    name: 'booking',
    route: 'POST /v1/appointments',
    roundTripsTarget: 2,
    probe: PROBE,
    count: LOAD,
    maxMs: LOAD_MAX_MS,
    op: async (i) => {
      const p = owned[i] as OwnedPatient;
      const body = { patientId: p.id, slotId: bookable[Math.floor(i / SLOT_CAPACITY)] };
      const res = await postJson(ctx.api, '/v1/appointments', body, ctx.tokens[p.owner], key('book', i));
      const failure = unexpected(res, 201);
      if (!failure) booked.push({ appointmentId: createdId(res), owner: p.owner });
      return failure;
    },
  });

  const tickets: { ticketId: string; owner: number }[] = [];
  results.checkIn = await measurePath(ctx, {
    name: 'checkIn',
    route: 'POST /v1/appointments/{appointmentId}/check-in',
    roundTripsTarget: 3,
    probe: PROBE,
    count: booked.length - PROBE,
    maxMs: LOAD_MAX_MS,
    op: async (i) => {
      const b = booked[i];
      if (!b) return 'no appointment left';
      const res = await postJson(ctx.api, `/v1/appointments/${b.appointmentId}/check-in`, {}, desk);
      const failure = unexpected(res, 201);
      if (!failure) tickets.push({ ticketId: createdId(res), owner: b.owner });
      return failure;
    },
  });

  results.ticketStatus = await measurePath(ctx, {
    name: 'ticketStatus',
    route: 'GET /v1/tickets/{ticketId}',
    roundTripsTarget: 2,
    probe: PROBE,
    count: READ_LOAD,
    maxMs: LOAD_MAX_MS,
    op: async (i) => {
      const t = tickets[i % tickets.length] as (typeof tickets)[number];
      return unexpected(await getJson(ctx.api, `/v1/tickets/${t.ticketId}`, ctx.tokens[t.owner]), 200);
    },
  });

  results.board = await measurePath(ctx, {
    name: 'board',
    route: 'GET /v1/queues/{queueId}/board',
    roundTripsTarget: 1,
    probe: PROBE,
    count: READ_LOAD,
    maxMs: LOAD_MAX_MS,
    op: async () => unexpected(await getJson(ctx.api, `/v1/queues/${dept}/board`), 200),
    replay: 'probe',
  });

  // 1,000 appointments on one queue, booked by the front desk, then checked in all at once.
  const burstSlots = await slots(clinicId, burstDept, BURST);
  const burstAppointments: string[] = [];
  await setup(`bookings for the burst (set-up, ${burstDept})`, BURST, async (i) => {
    const body = { patientId: (owned[i] as OwnedPatient).id, slotId: burstSlots[Math.floor(i / SLOT_CAPACITY)] };
    const res = await postJson(ctx.api, '/v1/appointments', body, desk, key('burst-book', i));
    const failure = unexpected(res, 201);
    if (!failure) burstAppointments.push(createdId(res));
    return failure;
  });
  console.log(`• ${BURST} check-ins at once on one queue ...`);
  const checkInBurst = await burst(ctx.api, desk, burstAppointments);

  // The doctor records an implant visit for each checked-in ticket: a survey and a next-day call follow.
  const visits: { visitId: string; owner: number }[] = [];
  await setup('visits recorded (set-up)', tickets.length, async (i) => {
    const t = tickets[i] as (typeof tickets)[number];
    const body = { ticketId: t.ticketId, category: 'implant', chargeFen: 20_000, doctorId };
    const res = await postJson(ctx.api, '/v1/visits', body, doctor, key('visit', i));
    const failure = unexpected(res, 201);
    if (!failure) visits.push({ visitId: createdId(res), owner: t.owner });
    return failure;
  });
  const scores = { overall: 5, doctor: 5, nurse: 4, environment: 5, waiting: 4, fees: 5 };
  results.surveyAnswer = await measurePath(ctx, {
    name: 'surveyAnswer',
    route: 'POST /v1/me/surveys/{invitationId}/answer',
    roundTripsTarget: 2,
    probe: PROBE,
    count: visits.length - PROBE,
    maxMs: LOAD_MAX_MS,
    op: async (i) => {
      const v = visits[i];
      if (!v) return 'no visit left';
      const res = await postJson(
        ctx.api,
        `/v1/me/surveys/sv_${v.visitId}_1/answer`,
        { scores, nps: 9, comment: '医生很耐心' },
        ctx.tokens[v.owner],
        key('survey', i),
      );
      return unexpected(res, 201);
    },
  });
  results.followUpOutcome = await measurePath(ctx, {
    name: 'followUpOutcome',
    route: 'POST /v1/follow-ups/{taskId}/outcome',
    roundTripsTarget: 2,
    probe: PROBE,
    count: visits.length - PROBE,
    maxMs: LOAD_MAX_MS,
    op: async (i) => {
      const v = visits[i];
      if (!v) return 'no visit left';
      const res = await postJson(
        ctx.api,
        `/v1/follow-ups/fu_${v.visitId}_1/outcome`,
        { outcome: 'answered', note: '恢复良好' },
        service,
      );
      return unexpected(res, 200);
    },
  });

  return {
    setup: {
      clinicId,
      departments: { paths: dept, burst: burstDept },
      probe: `${PROBE} requests one at a time: round trips counted on the server child's store client (commands started while none of its others was in flight open one), every command kept as sent with its ConsumedCapacity`,
      load: `up to ${LOAD} writes or ${READ_LOAD} reads, ${LOAD_MAX_MS / 1000} s at most, through the local server`,
      bare: "the load's own store commands (recorded per request in the server child) replayed on a bare client, each request once, round trip by round trip, at the same concurrency; where every item a request's conditions rest on is known as it was before (read earlier in the request, or created) and written by no other request, those items are put back first (bench/harness/restore.ts) so its writes succeed again, after a first replay on the items as the load left them (bareUnrestored); a write still refused by its condition (the load made the item already) counts as done, the store having read and refused it; the board replays its probe's cache-missing reads instead, cycled up to the load's count (its load is answered from the 1 s cache)",
      setupLoads: setups,
      idempotencyKeys: 'every creating request (registration, booking, survey answer) carries a fresh Idempotency-Key',
    },
    paths: results,
    checkInBurst,
  };
}

export type PathsResults = Awaited<ReturnType<typeof paths>>;
