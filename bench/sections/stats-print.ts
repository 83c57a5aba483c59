/** The monthly stats' part of the summary. */
import { failed, type Outcome, printLoads, table, yesNo } from '../harness/print';
import type { StatsResults } from './stats';

type State = StatsResults['small'];

/** Rows comparing the two states' store commands per request, command by command. */
function opsRows(what: string, a: State['monthly']['ops'], b: State['monthly']['ops']): string[][] {
  if (failed(a) || failed(b)) return [];
  const cmds = [...new Set([...Object.keys(a.perRequestByCommand), ...Object.keys(b.perRequestByCommand)])].sort();
  return [
    ...cmds.map((c) => [
      `${what}: ${c} per request`,
      String(a.perRequestByCommand[c] ?? 0),
      String(b.perRequestByCommand[c] ?? 0),
    ]),
    [`${what}: all commands per request`, String(a.opsPerRequest), String(b.opsPerRequest)],
    [`${what}: HTTP attempts per request`, String(a.attemptsPerRequest), String(b.attemptsPerRequest)],
  ];
}

export function printStats(stats: Outcome<StatsResults>): void {
  console.log('\n=== monthly stats: ~1,000 vs ~100,000 patients in the table ===');
  if (failed(stats)) {
    console.log(`  error: ${stats.error}`);
    return;
  }
  const { small, large, fill, setup } = stats;
  console.log(
    `  clinic ${setup.clinicId}, month ${setup.month}; ${setup.patientsCreated.ok} patients created through POST /v1/patients (${setup.patientsCreated.failed} failed, ${setup.patientsCreated.perSec}/s)`,
  );
  console.log(
    `  fill: ${fill.countersWritten}/${fill.counterRowsPlanned} counter rows, ${fill.patientsWritten}/${fill.patientsPlanned} patients, ${fill.guardsWritten} phone guards in ${(fill.elapsedMs / 1000).toFixed(1)} s (${fill.itemsPerSec.toFixed(0)} items/s, stopped by ${fill.stoppedBy}; ${fill.unprocessedLeft} unprocessed, ${fill.batchErrors} failed batches)`,
  );
  printLoads([small.monthly.load, large.monthly.load, small.channels.load, large.channels.load]);
  const sizeRow = (label: string, f: (s: State) => string) => [label, f(small), f(large)];
  console.log(
    table([
      ['', 'small state', 'large state'],
      sizeRow('patient items (Scan COUNT)', (s) => `${s.patients.count}${s.patients.complete ? '' : '+'}`),
      sizeRow('counter items (Scan COUNT)', (s) => `${s.counters}${s.patients.complete ? '' : '+'}`),
      sizeRow('staff partition of the month', (s) => String(s.partitions.staffPartitionItems)),
      sizeRow('channel partition of the month', (s) => String(s.partitions.channelPartitionItems)),
      sizeRow('monthly p99 ms', (s) => s.monthly.load.latencyMs.p99.toFixed(1)),
      sizeRow('channels p99 ms', (s) => s.channels.load.latencyMs.p99.toFixed(1)),
      ...opsRows('monthly', small.monthly.ops, large.monthly.ops),
      ...opsRows('channels', small.channels.ops, large.channels.ops),
    ]),
  );
  console.log(
    `  monthly answer: small ${JSON.stringify(small.monthly.answer)}\n                  large ${JSON.stringify(large.monthly.answer)}`,
  );
  console.log(
    `  channels answer: small ${JSON.stringify(small.channels.answer)}\n                   large ${JSON.stringify(large.channels.answer)}`,
  );
  console.log(
    `  store commands per request equal (by command): monthly ${yesNo(stats.monthlyOpsEqual)}, channels ${yesNo(stats.channelsOpsEqual)}`,
  );
}
