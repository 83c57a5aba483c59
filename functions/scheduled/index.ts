import { jobNames } from '../../shared/routes';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { type JobReport, runJob } from './jobs';

/**
 * The scheduled jobs' function: EventBridge Scheduler invokes it with {"job": "<name>"} on each
 * schedule of the table. A failed run throws, so the scheduler retries it and, in the end, parks the
 * event in the dead-letter queue (which raises an alarm).
 */
export async function handler(event: { job?: unknown }): Promise<JobReport> {
  const job = jobNames.find((n) => n === event.job);
  if (!job) throw new Error(`unknown job: ${String(event.job)}`);
  const report = await runJob(job, clock().now());
  logger.info('job done', { ...report });
  return report;
}
