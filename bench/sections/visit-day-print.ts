/** The visit day's part of the summary. */
import { CONCURRENCY } from '../harness/config';
import { failed, LOAD_HEADER, loadRow, type Outcome, printLoads, table, yesNo } from '../harness/print';
import type { VisitDayResults } from './visit-day';

function printCheckIn(v: VisitDayResults): void {
  console.log(
    `  ${v.setup.queues} queues (departments), appointments round robin; concurrency ${CONCURRENCY}; counted: 201 only`,
  );
  printLoads([v.checkIn, v.updateItemAdd, v.oneQueue.checkIn, v.oneQueue.updateItemAdd]);
  console.log(
    `\nratio check-in / UpdateItem ADD (${v.setup.queues} queues) = ${v.checkIn.opsPerSec.toFixed(1)} / ${v.updateItemAdd.opsPerSec.toFixed(1)} = ${v.checkInRatio.toFixed(3)}`,
  );
  console.log(`target >= ${v.checkInRatioTarget}: ${v.checkInRatioMet ? 'met' : 'missed'}`);
  console.log(`context: one queue, check-in / UpdateItem ADD on one key = ${v.oneQueue.ratio.toFixed(3)}`);
  for (const [label, o] of [
    [`${v.setup.queues} queues`, v.checkInStoreOps],
    ['1 queue', v.oneQueue.checkInStoreOps],
  ] as const) {
    if (!o) continue;
    const by = Object.entries(o.perCheckInByCommand)
      .map(([k, n]) => `${k.replace(/Command$/, '')} ${n}`)
      .join(', ');
    console.log(
      `context: store commands per successful check-in (${label}, server side, incl. retries): ${o.perCheckIn} (${by}); HTTP attempts ${o.attemptsPerCheckIn}`,
    );
  }
}

function printStoreOps(v: VisitDayResults): void {
  console.log('\n=== visit day: store operations per GET /v1/tickets/{id} ===');
  const { small, large, fill } = v.storeOps;
  if (failed(small) || failed(large)) {
    console.log(`  error: ${failed(small) ? small.error : ''} ${failed(large) ? large.error : ''}`);
    return;
  }
  const cmds = [
    ...new Set([...Object.keys(small.perRequestByCommand), ...Object.keys(large.perRequestByCommand)]),
  ].sort();
  console.log(
    table([
      ['per request', `${small.ticketsInTable} tickets`, `${large.ticketsInTable} tickets`],
      ...cmds.map((c) => [c, String(small.perRequestByCommand[c] ?? 0), String(large.perRequestByCommand[c] ?? 0)]),
      ['all commands', String(small.opsPerRequest), String(large.opsPerRequest)],
      ['HTTP attempts (retries incl.)', String(small.attemptsPerRequest), String(large.attemptsPerRequest)],
      ['requests (ok / sent)', `${small.ok} / ${small.requests}`, `${large.ok} / ${large.requests}`],
      ['waiting in probed queue', String(small.waitingInQueue), String(large.waitingInQueue)],
    ]),
  );
  for (const m of [small, large]) {
    if (Object.keys(m.failures).length) console.log(`  FAILURES: ${JSON.stringify(m.failures)}`);
  }
  if ('error' in fill) console.log(`  fill error: ${fill.error}`);
  else
    console.log(
      `  loaded ${fill.written} of ${fill.target} ticket items in ${(fill.elapsedMs / 1000).toFixed(1)} s (${fill.itemsPerSec.toFixed(0)} items/s, stopped by ${fill.stoppedBy}; ${fill.unprocessedLeft} unprocessed, ${fill.batchErrors} failed batches)`,
    );
  console.log(`  equal per command: ${yesNo(v.storeOps.equal)}`);
}

export function printVisitDay(visit: Outcome<VisitDayResults>): void {
  console.log('\n=== visit day: check-in (same DynamoDB Local, back to back) ===');
  if (failed(visit)) {
    console.log(`  error: ${visit.error}`);
    return;
  }
  printCheckIn(visit);
  console.log('\n=== visit day: ticket status ===');
  console.log(table([LOAD_HEADER, loadRow(visit.ticketStatus)]));
  if (visit.ticketStatus.failed > 0) console.log(`  FAILURES: ${JSON.stringify(visit.ticketStatus.failures)}`);
  console.log(`  ${visit.ticketStatus.tickets} waiting tickets, requested as their owners' accounts`);
  printStoreOps(visit);
}
