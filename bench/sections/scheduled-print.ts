/** The scheduled jobs' part of the summary. */
import { failed, type Outcome, table } from '../harness/print';
import type { ScheduledJobsResults } from './scheduled-jobs';

export function printScheduledJobs(r: Outcome<ScheduledJobsResults>): void {
  console.log('\n=== scheduled jobs: 100,000 patients, 1% due ===');
  if (failed(r)) {
    console.log(`  error: ${r.error}`);
    return;
  }
  const { fill, jobs, sender, setup, greetingDay: g } = r;
  console.log(
    `  day ${setup.day}; load: ${fill.written} items (${fill.patients} patients, ${fill.appointments} appointments, ${fill.visits} visits) in ${(fill.elapsedMs / 1000).toFixed(1)} s (${fill.itemsPerSec.toFixed(0)} items/s, ${fill.patientsPerSec.toFixed(0)} patients/s; stopped by ${fill.stoppedBy}; ${fill.unprocessedLeft} unprocessed, ${fill.batchErrors} failed batches)`,
  );
  console.log(
    table([
      ['job', 'due', 'items read', 'read / due', 'planned', 'already', 'seconds', 'planned/s'],
      ...jobs.map((j) => [
        `${j.job} (${j.who})`,
        String(j.due),
        String(j.storeItemsRead),
        j.itemsReadPerDue === null ? '-' : j.itemsReadPerDue.toFixed(2),
        String(j.counts.planned ?? 0),
        String(j.counts.alreadyPlanned ?? 0),
        (j.elapsedMs / 1000).toFixed(2),
        j.plannedPerSec.toFixed(1),
      ]),
    ]),
  );
  console.log(
    `  outbox-sender: ${sender.toSink} messages to the local sink in ${(sender.elapsedMs / 1000).toFixed(1)} s = ${sender.messagesPerSec.toFixed(1)} messages/s (${sender.runs} runs; sent ${sender.sent}, skipped ${sender.skipped}, deferred ${sender.deferred}, failed ${sender.failed}; ${sender.storeCommandsPerMessage} store commands per message; stopped by ${sender.stoppedBy})`,
  );
  console.log(
    `  greeting day: ${g.job} as of ${g.at}, ${g.due} patients: ${g.storeItemsRead} store items read, ${g.counts.planned ?? 0} planned in ${(g.elapsedMs / 1000).toFixed(1)} s = ${g.plannedPerSec.toFixed(1)} messages/s (docs/scale.md plans the 春节 greeting at this rate)`,
  );
}
