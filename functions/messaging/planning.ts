import { clinicDate } from '../../shared/dates';
import { ConflictError } from '../../shared/errors';
import { type JobName, schedules } from '../../shared/routes';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import { getClinic } from '../clinics/clinic-repository';
import { config } from '../lib/config';
import { newId } from '../lib/ids';
import { UNASSIGNED_CLINIC } from '../patients/patient-record';
import { firstRunOfDay, releaseRunLease, takeRunLease } from './job-state-repository';
import { existingMessageIds, type OutboxRecord, queueNewMessages } from './outbox-repository';

/** What a planner did: items read, messages queued, messages an earlier run had queued, and its own counts. */
export interface PlanCounts extends Record<string, number> {
  read: number;
  planned: number;
  alreadyPlanned: number;
}

export function planCounts<E extends Record<string, number>>(extra: E): PlanCounts & E {
  return { read: 0, planned: 0, alreadyPlanned: 0, ...extra };
}

/** A planner reads who is due a page at a time and plans a page's messages together. */
const PAGE = 100;

type NewMessage = Omit<OutboxRecord, 'status' | 'attempts' | 'history'>;

/**
 * A planner's run holds its job's run lease: runs of one job take turns, so the messages a run reads
 * as not planned yet are still not planned when it writes them (queueNewMessages has no condition).
 * The lease outlasts the scheduled jobs' function (the longest time limit in the schedule table, plus
 * a minute), so a run the platform lets live never loses it; a run is renewed as it goes, for runs
 * with no time limit (`npm run job`, the dev route).
 */
const RUN_LEASE_MS = (Math.max(...schedules.map((s) => s.timeLimitSeconds)) + 60) * 1000;

export interface PlanRun {
  job: JobName;
  leaseId: string;
  renewedMs: number;
  /** The first run of the job for its day (RunOptions): it reads only the ids `mayExist` names. */
  firstOfDay: boolean;
  mayExist?: (m: NewMessage) => boolean;
}

/**
 * A planner whose messages of a day no earlier run can have planned, but a run for that same day,
 * names the day: the run keeps it as planned (firstRunOfDay), and the first run of a day writes
 * without reading which ids exist. The revisit reminder and the appointment reminder: a visit's
 * revisit date and an appointment's day are fixed once recorded, and the id holds the visit or the
 * appointment. The birthday greeting's id is per year: a record whose birth date changed this year
 * may have been greeted on another day (`mayExist`, its ids read), and the skip holds only on a
 * table that kept planned days since 1 January (`keptFrom`). Not the holiday greeting: a patient
 * handed over to a clinic read later in the same run is read twice.
 */
export interface RunOptions {
  day?: string;
  /** Planned days must be kept from this day on for the first run to skip its reads (default: `day`). */
  keptFrom?: string;
  mayExist?: (m: NewMessage) => boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `work` holding `job`'s run lease: a run that finds another one holding it waits its turn (up
 * to the lease's length: a run that died frees it by then), then runs; the lease is given back when
 * `work` ends, and by then nothing it started is still writing. With `options.day`, the run keeps
 * that day as planned once it holds the lease (RunOptions).
 */
export async function underRunLease<T>(
  job: JobName,
  options: RunOptions,
  work: (run: PlanRun) => Promise<T>,
): Promise<T> {
  const leaseId = newId('runlease');
  const started = Date.now();
  for (let attempt = 1; !(await takeRunLease(job, leaseId, RUN_LEASE_MS)); attempt++) {
    if (Date.now() - started > RUN_LEASE_MS) throw new ConflictError('CONFLICT', '该任务正在运行，请稍后再试');
    await sleep(Math.min(1000, 25 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random() / 2));
  }
  try {
    const { day, keptFrom, mayExist } = options;
    const firstOfDay = day ? await firstRunOfDay(job, day, clinicDate(new Date()), keptFrom) : false;
    return await work({ job, leaseId, renewedMs: Date.now(), firstOfDay, mayExist });
  } finally {
    await releaseRunLease(job, leaseId);
  }
}

/** Pages being planned at once (their messages made, then written), while the next page is read. */
const PAGES_IN_FLIGHT = 4;

/**
 * Reads every page of a query of who is due, counting items read (the next page is read while
 * earlier ones are planned, up to PAGES_IN_FLIGHT at once); `messagesOf` makes a page's messages,
 * planned together (planMessages). When a page fails, no further page starts, and the error is
 * thrown once every page in flight has ended: nothing of the run is still writing after it.
 */
export async function forEachDue<T>(
  run: PlanRun,
  counts: PlanCounts,
  read: (page: PageQuery) => Promise<ListResult<T>>,
  messagesOf: (items: T[]) => Promise<(NewMessage | undefined)[]>,
): Promise<void> {
  const ahead = (cursor?: string) => {
    const page = read({ limit: PAGE, cursor });
    // Awaited below unless a page failed first: never an unhandled rejection.
    page.catch(() => undefined);
    return page;
  };
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const planPage = async (items: T[]) => {
    const messages = (await messagesOf(items)).filter((m): m is NewMessage => m !== undefined);
    await planMessages(run, counts, messages);
  };
  try {
    let next: Promise<ListResult<T>> | undefined = ahead();
    while (next && !failure) {
      const page: ListResult<T> = await next;
      counts.read += page.items.length;
      next = page.nextCursor ? ahead(page.nextCursor) : undefined;
      const task: Promise<void> = planPage(page.items)
        .catch((error) => {
          failure ??= { error };
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= PAGES_IN_FLIGHT) await Promise.race(inFlight);
    }
  } finally {
    await Promise.all(inFlight);
  }
  if (failure) throw failure.error;
}

/** Each item's message (or none), the page's items handled at once. */
export function each<T>(
  message: (item: T) => Promise<NewMessage | undefined>,
): (items: T[]) => Promise<(NewMessage | undefined)[]> {
  return (items) => Promise.all(items.map(message));
}

/** The points where a crash can stop a planner part-way: tests inject one to prove a re-run loses nothing. */
export type PlanStep = 'before-queue' | 'after-queue';
let planStep: ((step: PlanStep, id: string) => void) | undefined;

/** Tests only: `hook` is called at each step of every message planned; throwing there is a crash at that step. */
export function onPlanStep(hook: ((step: PlanStep, id: string) => void) | undefined): void {
  planStep = hook;
}

/**
 * Plans messages by their deterministic ids: those an earlier run queued are counted as already
 * planned (one BatchGetItem per 100 ids; in the first run of a day only those an earlier day's run
 * may have planned: RunOptions), the others queued 25 a BatchWriteItem and counted as planned.
 * Under the run's lease (renewed here when a third of it has passed): no other run of the job
 * writes between the read and the write.
 */
export async function planMessages(run: PlanRun, counts: PlanCounts, messages: NewMessage[]): Promise<void> {
  if (messages.length === 0) return;
  if (Date.now() - run.renewedMs > RUN_LEASE_MS / 3) {
    if (!(await takeRunLease(run.job, run.leaseId, RUN_LEASE_MS)))
      throw new Error(`${run.job}: the run lease was lost; the next run plans the rest`);
    run.renewedMs = Date.now();
  }
  const unique = [...new Map(messages.map((m) => [m.id, m])).values()];
  const toRead = run.firstOfDay ? unique.filter((m) => run.mayExist?.(m)) : unique;
  const existing = toRead.length > 0 ? await existingMessageIds(toRead.map((m) => m.id)) : new Set<string>();
  const fresh = unique.filter((m) => !existing.has(m.id));
  counts.alreadyPlanned += unique.length - fresh.length;
  for (const m of unique) planStep?.('before-queue', m.id);
  await queueNewMessages(fresh);
  for (const m of unique) planStep?.('after-queue', m.id);
  counts.planned += fresh.length;
}

/**
 * The name a message's text is signed with, read once a run per clinic: the clinic's, or the
 * group's (config.GROUP_NAME) for a patient not yet tied to a clinic. The sender's 【signature】
 * follows the same rule from the message's clinicId.
 */
export function signerNames(): (clinicId: string) => Promise<string> {
  const names = new Map<string, Promise<string>>();
  return (clinicId) => {
    let name = names.get(clinicId);
    if (!name) {
      name =
        clinicId === UNASSIGNED_CLINIC
          ? Promise.resolve(config.GROUP_NAME)
          : getClinic(clinicId).then((c) => c?.name ?? config.GROUP_NAME);
      names.set(clinicId, name);
    }
    return name;
  };
}
