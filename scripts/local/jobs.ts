import { Cron } from 'croner';
import { CLINIC_TIME_ZONE } from '../../shared/dates';
import { schedules } from '../../shared/routes';

/** When a cron of the table next fires after `after`, read in Asia/Shanghai as the cloud reads it. */
export function nextRun(cron: string, after: Date): Date | null {
  return new Cron(cron, { timezone: CLINIC_TIME_ZONE, paused: true }).nextRun(after);
}

/**
 * `npm start`'s stand-in for EventBridge Scheduler: the schedule table's jobs on their crons, in
 * Asia/Shanghai, in this process. A run still going when its next time comes is not started twice.
 */
export function startLocalJobs(log: (line: string) => void): { stop: () => void } {
  const timers = schedules.map(
    (s) =>
      new Cron(s.cron, { timezone: CLINIC_TIME_ZONE, protect: true, name: s.job }, async () => {
        const { runJob } = await import('../../functions/scheduled/jobs');
        try {
          const report = await runJob(s.job, new Date());
          const did = Object.entries(report.counts).filter(([, n]) => n > 0);
          if (did.length) log(`${s.job}: ${did.map(([k, n]) => `${k} ${n}`).join(', ')}`);
        } catch (e) {
          log(`${s.job} failed: ${(e as Error).message}`);
        }
      }),
  );
  return {
    stop: () => {
      for (const t of timers) t.stop();
    },
  };
}
