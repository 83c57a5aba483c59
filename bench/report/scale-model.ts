/**
 * The numbers of docs/scale.md: a group of 100 clinics, computed from what the bench measured per
 * request (bench/results.json) and the assumptions and code facts stated here. Each figure keeps the
 * arithmetic that produced it, so the page can show it.
 */
import { schedules } from '../../shared/routes';
import { PATHS, type PathName } from './figures-paths';
import { at, num, obj, type Results } from './read';

export const GROUP = { clinics: 100, checkInsPerClinicDay: 1000, patients: 1_000_000, departmentsPerClinic: 5 };

/** Where the issue is silent: stated on the page, each with why. */
export const ASSUME = {
  registrationsPerCheckIn: 0.1,
  bookingsPerCheckIn: 1,
  surveyAnswersPerCheckIn: 0.3,
  followUpOutcomesPerCheckIn: 0.1,
  ticketPageOpenMinutes: 10,
  boardScreensPerClinic: 1,
  openingHours: 12,
  messagesPerCheckIn: 1.2,
  peakHourShare: 0.25,
  peakMinuteFactor: 2,
  inRegionRoundTripMs: 8,
  handlerMs: 10,
  /** Transaction items of a check-in (ticket, queue place, appointment, 3 arrival counters): until the probe counts units. */
  checkInTxItems: 6,
  /** An outbox item (text, values, history) fits in 1 KB: a write of it is 1 WCU per copy. */
  outboxItemKB: 1,
  greetingWindowHours: 12,
};

/** Read from the code (tests/bench/scale-code-facts.test.ts checks each against its source). */
export const CODE = {
  ticketPollSeconds: 5, // miniprogram/src/pages/ticket POLL_MS
  boardPollSeconds: 3, // miniprogram/src/display usePolling
  lambdaMemoryMB: 512, // infra/constructs/app-function.ts memorySize
  apiRateLimit: 100, // infra/stack.ts stage throttle
  apiBurstLimit: 200,
  dueShards: 4, // functions/messaging/outbox-repository.ts DUE_SHARDS
  duePerShardPerRun: 100, // functions/messaging/sender-service.ts dueMessages(now, 100)
  senderTakingSeconds: 45, // functions/scheduled/outbox-sender.ts TAKING_MS
  sendTries: 3, // functions/messaging/sender-service.ts MAX_ATTEMPTS
  counterShards: 8, // functions/stats/counter-repository.ts SHARDS
  /** Indexes an outbox item is in (byOutboxDue, byClinic, byClinicDay, byPatientTimeline; projection ALL): each write of it rewrites them. */
  outboxIndexes: 4, // functions/messaging/outbox-repository.ts queuedItem, functions/table-def.ts
};

/** WCU of one write of an outbox item: the item and each index copy (an update rewrites them all under projection ALL). */
export const outboxWcuPerWrite = (1 + CODE.outboxIndexes) * ASSUME.outboxItemKB;

/** Service limits and prices as known to the author (no internet here): to be checked before use. */
export const LIMITS = { partitionWCU: 1000, partitionRCU: 3000, lambdaConcurrency: 1000, snsSmsPerSecond: 20 };
export const PRICES = {
  source: 'AWS public price list, us-east-1, as known to the author in 2026 (not fetched: check before use)',
  writeRequestUnitPerMillion: 0.625,
  readRequestUnitPerMillion: 0.125,
  storageGBMonth: 0.25,
  lambdaGBSecondArm: 0.0000133334,
  lambdaRequestsPerMillion: 0.2,
  httpApiPerMillion: 1.0,
  smsCNY: 0.045,
  cnyPerUsd: 7.1,
};

export interface PathUnits {
  name: PathName;
  route: string;
  reads: number;
  writes: number;
  roundTrips: number;
  source: string;
  perClinicDay: number;
}

const sumOf = (o: unknown) => Object.values((o as Record<string, number>) ?? {}).reduce((s, n) => s + n, 0);

/** What the bench knew of a path before the round-trip probe: its counted commands, or a stated guess. */
function estimate(r: Results, name: PathName): Omit<PathUnits, 'name' | 'route' | 'perClinicDay'> {
  const guess = 'not measured yet: a guess from the code';
  if (name === 'checkIn') {
    const by = obj(r, 'visitDay.checkInStoreOps.perCheckInByCommand');
    if (by) {
      const perItems =
        (num(r, 'visitDay.checkInStoreOps.counts.itemsRead') ?? 0) / (num(r, 'visitDay.checkIn.succeeded') ?? 1);
      const queryRcu = Math.ceil((perItems * (num(r, 'visitDay.storeOps.fill.itemBytes') ?? 1024)) / 4096);
      return {
        reads: (num(by, 'GetItemCommand') ?? 0) + queryRcu,
        writes:
          (num(by, 'UpdateItemCommand') ?? 0) + 2 * ASSUME.checkInTxItems * (num(by, 'TransactWriteItemsCommand') ?? 0),
        roundTrips: sumOf(by),
        source:
          'not measured yet: commands counted by the visit-day section, taken as round trips (an upper bound); units estimated (1 RCU a GetItem, the Query by items read, 2 WCU a transaction item, table only)',
      };
    }
  }
  if (name === 'ticketStatus') {
    const by = obj(r, 'visitDay.storeOps.large.perRequestByCommand');
    if (by)
      return {
        reads: sumOf(by),
        writes: 0,
        roundTrips: sumOf(by),
        source:
          'not measured yet: commands counted by the visit-day section, taken as round trips (an upper bound), 1 RCU each',
      };
  }
  if (name === 'registration') {
    const items = (at(r, 'setup.registrationItems') as unknown[] | undefined)?.length ?? 3;
    return {
      reads: 2,
      writes: 2 * items,
      roundTrips: 3,
      source: `not measured yet: one ${items}-item transaction (2 WCU an item) and 2 reads`,
    };
  }
  const guesses: Record<string, [number, number, number]> = {
    booking: [3, 6, 3],
    board: [1, 0, 1],
    surveyAnswer: [2, 8, 2],
    followUpOutcome: [2, 4, 2],
  };
  const [reads, writes, roundTrips] = guesses[name] ?? [2, 2, 2];
  return { reads, writes, roundTrips, source: guess };
}

/** Requests per clinic per day of each path (ticket pages poll while open, screens poll all day). */
export function perClinicDay(name: PathName): number {
  const c = GROUP.checkInsPerClinicDay;
  switch (name) {
    case 'registration':
      return c * ASSUME.registrationsPerCheckIn;
    case 'booking':
      return c * ASSUME.bookingsPerCheckIn;
    case 'checkIn':
      return c;
    case 'ticketStatus':
      return c * ((ASSUME.ticketPageOpenMinutes * 60) / CODE.ticketPollSeconds);
    case 'board':
      return (
        ASSUME.boardScreensPerClinic *
        GROUP.departmentsPerClinic *
        ((ASSUME.openingHours * 3600) / CODE.boardPollSeconds)
      );
    case 'surveyAnswer':
      return c * ASSUME.surveyAnswersPerCheckIn;
    case 'followUpOutcome':
      return c * ASSUME.followUpOutcomesPerCheckIn;
  }
}

/** Each path's units per request: the probe's ConsumedCapacity where it ran, else the estimate. */
export function pathUnits(r: Results): PathUnits[] {
  return PATHS.map(([name, route]) => {
    const p = obj(r, `paths.${name}`);
    const reads = num(p, 'readUnits');
    const writes = num(p, 'writeUnits');
    const trips = num(p, 'roundTrips');
    const base =
      reads !== undefined && writes !== undefined && trips !== undefined
        ? { reads, writes, roundTrips: trips, source: 'measured (ConsumedCapacity, round-trip probe)' }
        : estimate(r, name);
    return { name, route: (at(p, 'route') as string | undefined) ?? route, perClinicDay: perClinicDay(name), ...base };
  });
}

/** Per outbox message: store writes and reads of planning and sending, from the sender's counted commands. */
export function messageUnits(r: Results) {
  const sent = num(r, 'scheduledJobs.sender.sent');
  const cmd = (c: string) => (sent ? (num(r, `scheduledJobs.sender.commands.${c}`) ?? 0) / sent : undefined);
  const updates = cmd('UpdateItemCommand');
  const gets = cmd('GetItemCommand');
  const measured = updates !== undefined && gets !== undefined;
  const writes = 1 + (updates ?? 2); // the planner's put, then the sender's claim and settle
  return {
    measured,
    writesPerMessage: writes,
    wcuPerMessage: writes * outboxWcuPerWrite,
    rcuPerMessage: (gets ?? 1) + 0.5,
    senderPerSec: num(r, 'scheduledJobs.sender.messagesPerSec'),
    plannerPerSec: Math.max(
      0,
      ...((at(r, 'scheduledJobs.jobs') as { plannedPerSec?: number }[] | undefined) ?? []).map(
        (j) => j.plannedPerSec ?? 0,
      ),
    ),
  };
}

/** Lambda time of one request: its sequential round trips at the stated in-region latency, plus the handler. */
export const durationMs = (p: PathUnits) => p.roundTrips * ASSUME.inRegionRoundTripMs + ASSUME.handlerMs;

/** Requests a second of a path at the morning peak (the peak minute of the peak hour), group-wide. */
export function peakPerSec(p: PathUnits): number {
  if (p.name === 'board') return (GROUP.clinics * p.perClinicDay) / (ASSUME.openingHours * 3600);
  return ((GROUP.clinics * p.perClinicDay * ASSUME.peakHourShare) / 3600) * ASSUME.peakMinuteFactor;
}

/** The holiday greeting's run: patients read and planned at the rate the bench measured for it, against its time limit. */
export function greetingPlanning(r: Results) {
  const job = schedules.find((s) => s.job === 'holiday-greeting');
  const rate = num(r, 'scheduledJobs.greetingDay.plannedPerSec') ?? 0;
  return {
    cron: job?.cron ?? '?',
    limitSeconds: job?.timeLimitSeconds ?? 0,
    rate,
    seconds: rate > 0 ? GROUP.patients / rate : undefined,
  };
}
