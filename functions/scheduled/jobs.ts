import type { JobName } from '../../shared/routes';

/** What a run did, in counts (read, planned, sent …), for the log and the person who asked for it. */
export type JobCounts = Record<string, number>;

export interface JobReport {
  job: JobName;
  /** The moment the job ran as. */
  at: string;
  counts: JobCounts;
  tookMs: number;
}

/** A job: a service call with a clock and no caller. */
export type Job = (now: Date) => Promise<JobCounts>;

/** Each job's file (functions/scheduled/<job>.ts), loaded when first run. */
const jobFiles: Record<JobName, () => Promise<{ run: Job }>> = {
  'appointment-reminder': () => import('./appointment-reminder'),
  'revisit-reminder': () => import('./revisit-reminder'),
  'birthday-greeting': () => import('./birthday-greeting'),
  'holiday-greeting': () => import('./holiday-greeting'),
  'outbox-sender': () => import('./outbox-sender'),
};

/** Runs one job as of `now` (the cloud scheduler, the local timers, a test and `npm run job` all come here). */
export async function runJob(job: JobName, now: Date): Promise<JobReport> {
  const started = Date.now();
  const { run } = await jobFiles[job]();
  const counts = await run(now);
  return { job, at: now.toISOString(), counts, tookMs: Date.now() - started };
}
