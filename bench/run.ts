/**
 * PatientLoop benchmark (`npm run bench`; `npm run bench -- --help` for options).
 *
 * On DynamoDB Local (in memory) and the local server in a child process (real handlers):
 *   registration   POST /v1/me/patients against bare PutItem / TransactWriteItems of the same items
 *   import         a 10,000-row .xlsx of an old system's patients uploaded and imported through the
 *                  real routes (issue 11): preview and run seconds, rows per second
 *   visit-day      check-ins against bare UpdateItem ADD; ticket-status latency; store commands per
 *                  status request with ~100 and ~100,000 tickets in the table
 *   paths          issue 12's request paths (registration, booking, check-in, ticket status, board,
 *                  survey answer, follow-up outcome): store round trips in sequence, capacity units,
 *                  rate against the bare store replaying the same commands; 1,000 check-ins at once
 *   stats          monthly and channel stats with ~1,000 and ~100,000 patients in the table
 *   reports        the satisfaction report with 1,000 and 100,000 answers counted: latency, items read
 *   scheduled-jobs 100,000 patients with 1% due: store items read per planner job against the number
 *                  due, messages planned per second; the outbox-sender's messages per second to the sink
 *   patient-groups the monthly grouping job over 100,000 patients (time, items read) and a group's page
 *                  with 1,000 vs 100,000 patients, on tables of its own
 * Then, with the store stopped:
 *   weapp          weapp package sizes against main <= 512 KB
 *   h5             the H5 first load (patient home in Chromium): gzipped JavaScript against <= 120 KB
 *   bundles        Lambda bundle sizes and cold import times
 *
 * Figures are printed as measured and written to bench/results.json; a full run or a --merge into it
 * then regenerates the README's figures table and docs/scale.md (`npm run bench:report`). Every loop
 * is bounded by count and by time; all traffic stays on 127.0.0.1; every child process is stopped on
 * exit. The harness is in bench/harness, each section in bench/sections, the generated pages in bench/report.
 */

import { relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { tableNames } from '../scripts/local/tables';
import { BENCH_PREFIX, HARNESS_TIMEOUT_MS, RESULTS_PATH, ROOT, round } from './harness/config';
import { cleanupAll, guardRun } from './harness/processes';
import { attempt, machineInfo, mergeResults, writeResults } from './harness/results';
import { handlerEnv } from './harness/server';
import { bindRepositories, startStore } from './harness/store';
import { writeReports } from './report/readme-figures';
import { bundles, printBundles } from './sections/bundles';
import { h5FirstLoad, printH5 } from './sections/h5';
import { printWeapp, weappSizes } from './sections/weapp';

const SECTIONS = [
  'registration',
  'visit-day',
  'import',
  'paths',
  'stats',
  'reports',
  'scheduled-jobs',
  'patient-groups',
  'weapp',
  'h5',
  'bundles',
] as const;
const STORE_SECTIONS: readonly string[] = [
  'registration',
  'visit-day',
  'import',
  'paths',
  'stats',
  'reports',
  'scheduled-jobs',
  'patient-groups',
];
const USAGE = `usage: npm run bench [-- --only ${SECTIONS.join(',')}] [--out FILE] [--merge]
  --only   run these sections only (the visit day registers its own patients without registration)
  --out    write the results here (default bench/results.json; with --only, nothing unless --out or --merge is given)
  --merge  replace only these sections' figures in the results file (default bench/results.json), keeping the others'`;

function parse() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      out: { type: 'string' },
      merge: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = new Set(values.only ? values.only.split(',').map((s) => s.trim()) : SECTIONS);
  const unknown = [...only].filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) {
    console.error(`unknown section(s): ${unknown.join(', ')}\n${USAGE}`);
    process.exit(64);
  }
  const out = values.out ? resolve(values.out) : values.only && !values.merge ? undefined : RESULTS_PATH;
  return { only, out, merge: Boolean(values.merge) };
}

/** True when --only picked fewer sections than all. */
const isPartial = (only: Set<string>) => only.size < SECTIONS.length;

async function main(): Promise<number> {
  const { only, out, merge } = parse();
  const t0 = performance.now();
  const machine = machineInfo();
  console.log(`PatientLoop bench — ${machine.cpus} CPU(s) (${machine.cpuModel}), node ${machine.node}`);

  // The bundles are imported with the handlers' environment (the store is stopped by then).
  let env = handlerEnv('http://127.0.0.1:8000', tableNames(BENCH_PREFIX));
  let onStore: Record<string, unknown> = {};
  let printStore = () => {};
  if (STORE_SECTIONS.some((s) => only.has(s))) {
    const store = await startStore();
    env = store.env;
    bindRepositories(store.env);
    // Imported only now: the sections use the repositories, which read the environment at load.
    const { runStoreSections } = await import('./sections/store-sections');
    const s = await runStoreSections(store, only);
    onStore = s.results;
    printStore = s.print;
    // Free the CPUs before the build and the import timings.
    await store.stop();
  }
  let weapp: Awaited<ReturnType<typeof weappSizes>> | undefined;
  if (only.has('weapp')) {
    console.log('• weapp package sizes ...');
    weapp = await attempt('weapp', weappSizes);
  }
  let h5: Awaited<ReturnType<typeof h5FirstLoad>> | undefined;
  if (only.has('h5')) {
    console.log('• H5 first load in Chromium ...');
    h5 = await attempt('h5', h5FirstLoad);
  }
  let bundleResults: Awaited<ReturnType<typeof bundles>> | undefined;
  if (only.has('bundles')) {
    console.log('• bundling handlers with esbuild and timing cold imports ...');
    bundleResults = await bundles(env);
  }

  const runSeconds = round((performance.now() - t0) / 1000, 1);
  if (out) {
    const measured = {
      ...onStore,
      ...(weapp ? { weapp } : {}),
      ...(h5 ? { h5 } : {}),
      ...(bundleResults ? { bundles: bundleResults.groups, bundleFloor: bundleResults.floor } : {}),
    };
    await (merge
      ? mergeResults(out, measured, { machine, runSeconds, sections: [...only] })
      : writeResults(out, {
          measuredAt: new Date().toISOString(),
          machine,
          ...measured,
          runSeconds,
          sections: [...only],
        }));
  }
  printStore();
  if (weapp) printWeapp(weapp);
  if (h5) printH5(h5);
  if (bundleResults) printBundles(bundleResults);
  // The README's table and docs/scale.md follow the default results file only (a full run or a merge into it).
  if (out === RESULTS_PATH && (merge || !isPartial(only))) {
    for (const f of await writeReports(RESULTS_PATH)) console.log(`regenerated ${relative(ROOT, f)}`);
  }
  console.log(
    `\n${out ? `${merge ? 'merged into' : 'wrote'} ${relative(ROOT, out)}` : 'wrote no results file (--only without --out)'}; run time ${runSeconds} s`,
  );
  return 0;
}

guardRun(HARNESS_TIMEOUT_MS);
let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  console.error(`bench failed: ${(err as Error)?.stack ?? err}`);
  exitCode = 1;
} finally {
  await cleanupAll();
}
process.exit(exitCode);
