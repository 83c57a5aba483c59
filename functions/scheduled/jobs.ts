import type { JobName } from '../../shared/routes';
import { isPaused, recordRun } from '../messaging/job-state-repository';
import * as appointmentReminder from './appointment-reminder';
import * as birthdayGreeting from './birthday-greeting';
import * as consultationCloser from './consultation-closer';
import * as holidayGreeting from './holiday-greeting';
import * as outboxSender from './outbox-sender';
import * as patientGrouping from './patient-grouping';
import * as revisitReminder from './revisit-reminder';

/** What a run did, in counts (read, planned, sent …), for the log and the person who asked for it. */
export type JobCounts = Record<string, number>;

export interface JobReport {
  job: JobName;
  /** The moment the job ran as. */
  at: string;
  counts: JobCounts;
  tookMs: number;
  /** The job is paused (the message centre's emergency brake): this run did nothing. */
  paused?: true;
}

/** A job: a service call with a clock and no caller. */
export type Job = (now: Date) => Promise<JobCounts>;

/**
 * Each job's file (functions/scheduled/<job>.ts). Imported statically: the scheduled function is one
 * bundle holding every job either way, and esbuild tree-shakes only what is imported statically
 * (with `import()` per job the bundle kept every DynamoDB and SNS command's schema, +115 KB).
 */
const jobFiles: Record<JobName, { run: Job }> = {
  'appointment-reminder': appointmentReminder,
  'revisit-reminder': revisitReminder,
  'birthday-greeting': birthdayGreeting,
  'holiday-greeting': holidayGreeting,
  'outbox-sender': outboxSender,
  'patient-grouping': patientGrouping,
  'consultation-closer': consultationCloser,
};

/**
 * Runs one job as of `now` (the cloud scheduler, the local timers, a test and `npm run job` all come
 * here). A paused job does nothing and says so; every run is kept as the job's last run for the
 * message centre.
 */
export async function runJob(job: JobName, now: Date): Promise<JobReport> {
  const started = Date.now();
  if (await isPaused(job))
    return { job, at: now.toISOString(), counts: {}, tookMs: Date.now() - started, paused: true };
  const { run } = jobFiles[job];
  const counts = await run(now);
  const report: JobReport = { job, at: now.toISOString(), counts, tookMs: Date.now() - started };
  await recordRun(job, { at: report.at, ranAt: new Date().toISOString(), counts, tookMs: report.tookMs });
  return report;
}
