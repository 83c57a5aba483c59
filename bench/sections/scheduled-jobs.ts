/**
 * Scheduled jobs with 100,000 patients and 1% due: each planner job run as `npm run job` runs it
 * (runJob, in this process, on this process's tables), the store items it read against the number
 * due and the messages it planned per second; then the outbox-sender's messages per second to the
 * local SMS sink; last, a greeting day's holiday greeting of all 100,000 patients (the rate docs/scale.md
 * plans the 春节 greeting at). Items read are counted by a middleware on the functions' DynamoDB client: a Query's
 * ScannedCount (items read before any filter), 1 per item a GetItem found, a BatchGetItem's items.
 */
import { performance } from 'node:perf_hooks';
import { db } from '../../functions/lib/db';
import { localSms, type SmsProvider } from '../../functions/lib/sms';
import { greetingOn } from '../../functions/messaging/greeting-days';
import { emptySendReport, type SendReport, sendDue } from '../../functions/messaging/sender-service';
import { runJob } from '../../functions/scheduled/jobs';
import { ensureTables } from '../../scripts/local/tables';
import type { JobName } from '../../shared/routes';
import { round } from '../harness/config';
import type { Store } from '../harness/store';
import { countStoreReads } from '../harness/store-reads';
import { fillScheduled, SJ_DUE, SJ_PATIENTS } from './scheduled-fill';

/** The bench's day: an ordinary Wednesday (no greeting), far from any real data. */
const SJ_DAY = '2031-03-12';
const SJ_SEND_AT = `${SJ_DAY}T18:01:00+08:00`;
const SJ_SEND_MAX_MS = 180_000;
/**
 * Warm-up, not measured: the appointment reminders of four days before (their appointments exist)
 * planned and sent to a sink of their own, so the first measured job does not carry the store's and
 * the functions' first-run costs, and the due index holds only the measured day's messages after.
 */
const SJ_WARM_PLAN_AT = `2031-03-08T18:00:00+08:00`;
const SJ_WARM_SEND_AT = `2031-03-08T18:01:00+08:00`;
/** A greeting day after SJ_DAY (国庆), measured after the sender so that its greetings are not sent. */
const SJ_GREETING_AT = '2031-10-01T09:00:00+08:00';

const JOBS: { job: JobName; at: string; due: number; who: string }[] = [
  { job: 'birthday-greeting', at: `${SJ_DAY}T09:00:00+08:00`, due: SJ_DUE, who: 'born on 03-12' },
  { job: 'revisit-reminder', at: `${SJ_DAY}T10:00:00+08:00`, due: SJ_DUE, who: 'visits with revisit date 03-15' },
  { job: 'appointment-reminder', at: `${SJ_DAY}T18:00:00+08:00`, due: SJ_DUE, who: 'appointments of 03-13' },
  { job: 'holiday-greeting', at: `${SJ_DAY}T09:00:00+08:00`, due: 0, who: 'nobody: an ordinary day' },
];

/** One sender, run by run as the outbox-sender runs it, until a run reads nothing due (or the time limit). */
async function sendAll(at: Date, sms: SmsProvider) {
  const totals = emptySendReport();
  const t = performance.now();
  let runs = 0;
  let stoppedBy = 'nothing due';
  for (;;) {
    if (performance.now() - t > SJ_SEND_MAX_MS) {
      stoppedBy = 'time';
      break;
    }
    const r = await sendDue(at, { sms });
    runs++;
    for (const k of Object.keys(totals) as (keyof SendReport)[]) totals[k] += r[k];
    if (r.read === 0) break;
  }
  return { totals, runs, stoppedBy, ms: performance.now() - t };
}

export async function scheduledJobs(store: Store) {
  if (greetingOn(SJ_DAY, { dental: true })) throw new Error(`${SJ_DAY} is a greeting day: pick an ordinary one`);
  if (!greetingOn(SJ_GREETING_AT.slice(0, 10), { dental: true })) throw new Error(`${SJ_GREETING_AT} greets nobody`);
  // This process's repositories use the run's first tables; the registration and visit-day sections
  // delete them when done: make them again, empty.
  await ensureTables(store.admin, store.names);
  const table = store.names.main;
  const fill = await fillScheduled(store.fill, table, SJ_DAY);
  const warmPlan = await runJob('appointment-reminder', new Date(SJ_WARM_PLAN_AT));
  const warmSend = await sendAll(new Date(SJ_WARM_SEND_AT), localSms());
  const warmUp = {
    planned: warmPlan.counts.planned,
    planMs: warmPlan.tookMs,
    sent: warmSend.totals.sent,
    sendMs: round(warmSend.ms, 1),
    what: `appointment-reminder as of ${SJ_WARM_PLAN_AT} and the sender as of ${SJ_WARM_SEND_AT}, to a sink of its own (not measured)`,
  };
  console.log(
    `  warm-up: ${warmUp.planned} reminders of another day planned in ${(warmUp.planMs / 1000).toFixed(1)} s, ${warmUp.sent} sent in ${(warmUp.sendMs / 1000).toFixed(1)} s (not measured)`,
  );
  const counter = countStoreReads(db, 'benchCountItemsRead');
  /** One job's run, timed, with the store items it read and the commands it sent. */
  const measured = async (j: (typeof JOBS)[number]) => {
    counter.take();
    const t = performance.now();
    const report = await runJob(j.job, new Date(j.at));
    const ms = performance.now() - t;
    const c = report.counts;
    const r = {
      job: j.job,
      at: j.at,
      who: j.who,
      due: j.due,
      patientsInTable: SJ_PATIENTS,
      counts: c,
      storeItemsRead: counter.counts.itemsRead,
      itemsReadPerDue: j.due ? round(counter.counts.itemsRead / j.due, 3) : null,
      commands: counter.counts.commands,
      elapsedMs: round(ms, 1),
      plannedPerSec: round(((c.planned ?? 0) / ms) * 1000, 1),
    };
    console.log(
      `  ${j.job}: ${j.due} due, ${r.storeItemsRead} store items read, ${c.planned ?? 0} planned in ${(ms / 1000).toFixed(2)} s (${r.plannedPerSec}/s)`,
    );
    return r;
  };
  try {
    const jobs = [];
    for (const j of JOBS) jobs.push(await measured(j));

    // The sender, as the outbox-sender runs it, over and over until nothing is due, into the sink.
    counter.take();
    const sink = localSms();
    const { totals, runs, stoppedBy, ms } = await sendAll(new Date(SJ_SEND_AT), sink);
    const commandsSent = Object.values(counter.counts.commands).reduce((s, n) => s + n, 0);
    const sender = {
      at: SJ_SEND_AT,
      runs,
      ...totals,
      toSink: sink.sent.length,
      elapsedMs: round(ms, 1),
      messagesPerSec: round((sink.sent.length / ms) * 1000, 1),
      storeCommandsPerMessage: sink.sent.length ? round(commandsSent / sink.sent.length, 2) : null,
      commands: counter.counts.commands,
      stoppedBy,
      how: 'sendDue (8 workers, up to 100 due a shard a run) with the local SMS sink, run by one sender until a run reads nothing due',
    };
    console.log(
      `  outbox-sender: ${sender.toSink} messages to the sink in ${(ms / 1000).toFixed(1)} s (${sender.messagesPerSec}/s)`,
    );
    // The greeting day: every patient greeted, each id read first (greeting-service.ts keeps that read).
    const greetingDay = await measured({
      job: 'holiday-greeting',
      at: SJ_GREETING_AT,
      due: SJ_PATIENTS,
      who: 'everyone: 国庆',
    });
    return {
      measuredAt: new Date().toISOString(),
      setup: {
        table,
        day: SJ_DAY,
        how: "planners run in this process with runJob (as `npm run job` does) on this process's repositories over the bench's DynamoDB Local",
        itemsReadHow:
          "a middleware on functions/lib/db's client: Query ScannedCount (before filters), 1 per item a GetItem found, BatchGetItem items",
      },
      fill,
      warmUp,
      jobs,
      sender,
      greetingDay,
    };
  } finally {
    counter.stop();
  }
}

export type ScheduledJobsResults = Awaited<ReturnType<typeof scheduledJobs>>;
