/** The request paths' part of the summary: one row per path, then the 1,000 check-ins at once. */
import { failed, type Outcome, printLoads, table, yesNo } from '../harness/print';
import type { PathsResults } from './paths';

export function printPaths(o: Outcome<PathsResults>): void {
  console.log(
    '\n=== request paths: store round trips in sequence, rate against the bare store replaying the same commands ===',
  );
  if (failed(o)) {
    console.log(`  error: ${o.error}`);
    return;
  }
  const rows = Object.entries(o.paths).map(([name, p]) => [
    name,
    `${p.roundTrips} (max ${p.roundTripsMax}, first ${p.firstRequestRoundTrips})`,
    `<= ${p.roundTripsTarget}`,
    String(p.commands),
    `${p.readUnits} / ${p.writeUnits}`,
    p.load.opsPerSec.toFixed(1),
    p.bare.opsPerSec.toFixed(1),
    `${p.bare.replayed === 'load' ? 'load' : 'probe'} ${p.bare.requests} (${p.bare.restored} put back, ${p.bare.refused} refused)`,
    p.ratio.toFixed(3),
    p.bareUnrestored && p.ratioUnrestored !== undefined
      ? `${p.bareUnrestored.opsPerSec.toFixed(1)}, ${p.ratioUnrestored.toFixed(3)} (${p.bareUnrestored.refused} refused)`
      : '-',
    yesNo(p.met),
  ]);
  console.log(
    table([
      [
        'path',
        'round trips',
        'target',
        'commands',
        'RCU / WCU',
        'req/s',
        'bare req/s',
        'replayed (writes refused)',
        'ratio',
        'items not put back: bare, ratio',
        'met (trips, >= 0.7, 0 failed)',
      ],
      ...rows,
    ]),
  );
  printLoads(Object.values(o.paths).flatMap((p) => [p.load, ...(p.bareUnrestored ? [p.bareUnrestored] : []), p.bare]));
  const b = o.checkInBurst;
  console.log(
    `\n${b.checkIns} check-ins at once on one queue: ${b.distinct} distinct numbers (${b.first}..${b.last}), contiguous ${yesNo(b.contiguous)}, ${b.errors} errors${b.errors ? ` ${JSON.stringify(b.failures)}` : ''}; p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms (limit ${b.limitMs}), all answered in ${b.elapsedMs} ms: ${b.met ? 'met' : 'missed'}`,
  );
}
