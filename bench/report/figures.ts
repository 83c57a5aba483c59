/**
 * The README's "## Figures" table, computed from bench/results.json: one row per figure (what was
 * measured, the number, the target and whether it was met). A missing section reads "not measured".
 */
import { bundleFloor, bundles } from './figures-bundles';
import { at, type FigureRow, fixed, fmt, list, metWord, num, obj, type Results, row } from './read';

/** Issue 11: a 10,000-row import finishes within a minute. */
const IMPORT_TARGET_SECONDS = 60;
/** Issue 12: daily planners plan at least this many messages a second. */
const PLANNED_PER_SEC_TARGET = 1000;
/** "Items read ≈ due": at most this many items per due message (its index item, which carries whom to address). */
const ITEMS_PER_DUE_MAX = 1;
/** A run's own reads beside those: the clinic's template settings; the revisit reminder's "booked days complete". */
const RUN_READS_MAX = 2;

function registration(r: Results): FigureRow {
  const what = 'registration through the local server vs bare PutItem';
  const reg = num(r, 'registration.opsPerSec');
  const put = num(r, 'putItem.opsPerSec');
  const tx = num(r, 'transactWrite.opsPerSec');
  const target = num(r, 'ratioTarget') ?? 0.7;
  if (reg === undefined || put === undefined) return row(what, undefined, `>= ${target}`);
  const ratio = num(r, 'ratio') ?? reg / put;
  const vsTx = tx ? `; vs a bare 3-item transaction: ${fixed(reg / tx, 3)}` : '';
  return row(
    what,
    `${fixed(reg)} vs ${fixed(put)} per s = ${fixed(ratio, 3)}`,
    `>= ${target}: ${metWord(ratio >= target)} (a registration is a 3-item transaction${vsTx})`,
  );
}

function checkIn(r: Results): FigureRow {
  const what = 'check-in through the local server vs bare UpdateItem ADD';
  const ci = num(r, 'visitDay.checkIn.opsPerSec');
  const add = num(r, 'visitDay.updateItemAdd.opsPerSec');
  const target = num(r, 'visitDay.checkInRatioTarget') ?? 0.7;
  if (ci === undefined || add === undefined) return row(what, undefined, `>= ${target}`);
  const ratio = num(r, 'visitDay.checkInRatio') ?? ci / add;
  const per = num(r, 'visitDay.checkInStoreOps.perCheckIn');
  const note = per === undefined ? '' : ` (${per} store commands per check-in)`;
  return row(
    what,
    `${fixed(ci)} vs ${fixed(add)} per s = ${fixed(ratio, 3)}`,
    `>= ${target}: ${metWord(ratio >= target)}${note}`,
  );
}

function ticketStatus(r: Results): FigureRow {
  const ops = num(r, 'visitDay.ticketStatus.opsPerSec');
  const p99 = num(r, 'visitDay.ticketStatus.latencyMs.p99');
  const conns = num(r, 'visitDay.ticketStatus.concurrency') ?? 50;
  return row(
    `ticket status at ${conns} connections`,
    ops === undefined || p99 === undefined ? undefined : `${fixed(ops)} req/s, p99 ${fmt(p99)} ms`,
    '',
  );
}

function ticketStatusOps(r: Results): FigureRow {
  const s = obj(r, 'visitDay.storeOps.small');
  const l = obj(r, 'visitDay.storeOps.large');
  const what = `store commands per ticket status, ${fmt(num(s, 'ticketsInTable') ?? 100)} vs ${fmt(num(l, 'ticketsInTable') ?? 100000)} tickets`;
  const a = num(s, 'opsPerRequest');
  const b = num(l, 'opsPerRequest');
  if (a === undefined || b === undefined) return row(what, undefined, 'equal');
  return row(what, `${a} vs ${b}`, `equal: ${metWord(a === b)}`);
}

function monthlyStats(r: Results): FigureRow {
  const what = 'monthly stats p99, 1,000 vs 100,000 patients';
  const a = num(r, 'stats.small.monthly.load.latencyMs.p99');
  const b = num(r, 'stats.large.monthly.load.latencyMs.p99');
  const ca = num(r, 'stats.small.monthly.ops.opsPerRequest');
  const cb = num(r, 'stats.large.monthly.ops.opsPerRequest');
  if (a === undefined || b === undefined || ca === undefined || cb === undefined)
    return row(what, undefined, 'equal operations');
  const equal = (at(r, 'stats.monthlyOpsEqual') as boolean | undefined) ?? ca === cb;
  return row(
    what,
    `${fixed(a)} vs ${fixed(b)} ms, ${ca} vs ${cb} store commands`,
    `equal operations: ${metWord(equal)}`,
  );
}

function satisfaction(r: Results): FigureRow {
  const what = 'satisfaction report, a clinic with 1,000 vs one with 100,000 answers counted (measured in turn, twice)';
  const rounds = list(r, 'reports.rounds');
  const first = rounds[0];
  const items = (k: string) => num(first, `${k}.itemsReadPerRequest`);
  const cmds = (k: string) => num(first, `${k}.commandsPerRequest`);
  if (!first || items('small') === undefined || items('large') === undefined)
    return row(what, undefined, 'equal items read');
  const p50 = (k: string) => rounds.map((x) => fmt(num(x, `${k}.load.latencyMs.p50`) ?? Number.NaN)).join(' / ');
  const conns = num(first, 'small.load.concurrency') ?? 16;
  const equal = (at(r, 'reports.itemsReadEqual') as boolean | undefined) ?? items('small') === items('large');
  return row(
    what,
    `${fmt(items('small')!)} vs ${fmt(items('large')!)} store items read, ${cmds('small')} vs ${cmds('large')} store commands (one Query of 6 months × 38 scopes, one of departments); p50 ${p50('small')} ms vs ${p50('large')} ms at ${conns} connections`,
    `equal items read: ${metWord(equal)}`,
  );
}

function grouping(r: Results): FigureRow {
  const what = 'monthly patient grouping, 1,000 vs 100,000 patients';
  const jobs = list(r, 'patientGroups.jobs');
  const small = jobs.find((j) => j.patients === 1000 && j.what === 'first run');
  const large = jobs.find((j) => j.patients === 100000 && j.what === 'first run');
  const rerun = jobs.find((j) => j.patients === 100000 && j.what !== 'first run');
  if (!small || !large) return row(what, undefined, 'items read ≈ patients');
  const s = (j: Record<string, unknown>) => fixed((num(j, 'elapsedMs') ?? 0) / 1000);
  const again = rerun ? `; a rerun of the 100,000: ${s(rerun)} s, ${fmt(num(rerun, 'written') ?? 0)} written` : '';
  const perPatient = [small, large].map((j) => num(j, 'itemsReadPerPatient') ?? Number.POSITIVE_INFINITY);
  return row(
    what,
    `${s(small)} s vs ${s(large)} s; ${fmt(num(small, 'storeItemsRead') ?? 0)} vs ${fmt(num(large, 'storeItemsRead') ?? 0)} items read (${fmt(perPatient[1]!, 3)} per patient); ${fmt(num(small, 'written') ?? 0)} vs ${fmt(num(large, 'written') ?? 0)} members written${again}`,
    `items read ≈ patients: ${metWord(perPatient.every((p) => p <= 1.05))}`,
  );
}

function groupPage(r: Results): FigureRow {
  const pages = list(r, 'patientGroups.pages');
  const a = pages.find((p) => p.patients === 1000);
  const b = pages.find((p) => p.patients === 100000);
  const size = num(a, 'pageSize') ?? 100;
  const what = `a patient group's page of ${size}, 1,000 vs 100,000 patients`;
  if (!a || !b) return row(what, undefined, 'equal');
  const ia = num(a, 'storeItemsReadPerPage');
  const ib = num(b, 'storeItemsReadPerPage');
  const cmds = Object.entries((at(a, 'commandsPerPage') as Record<string, number>) ?? {})
    .map(([c, n]) => `${n} ${c.replace(/ItemCommand$|Command$/, '').replace('BatchGet', 'BatchGet')}`)
    .join(' + ');
  return row(
    what,
    `median ${fixed(num(a, 'medianMs') ?? 0)} vs ${fixed(num(b, 'medianMs') ?? 0)} ms, ${ia} vs ${ib} items read (${cmds})`,
    `equal: ${metWord(ia === ib)}`,
  );
}

const plannerJobs = (r: Results) =>
  list(r, 'scheduledJobs.jobs').filter((j) => (num(j, 'due') ?? 0) > 0 && typeof j.job === 'string');
const shortJob = (name: unknown) => String(name).replace(/-(greeting|reminder)$/, '');

function plannerReads(r: Results): FigureRow {
  const what = 'scheduled jobs over 100,000 patients, 1,000 due: items read';
  const jobs = plannerJobs(r);
  if (!jobs.length) return row(what, undefined, '≈ due');
  const parts = jobs.map((j) => {
    const extra = (num(j, 'itemsReadPerDue') ?? 0) > 1.5 ? ' (it also reads each patient)' : '';
    return `${shortJob(j.job)} ${fmt(num(j, 'storeItemsRead') ?? 0)}${extra}`;
  });
  // "≈ due": each due message costs at most ITEMS_PER_DUE_MAX items, plus the run's own few reads.
  const met = jobs.every(
    (j) => (num(j, 'storeItemsRead') ?? 0) <= ITEMS_PER_DUE_MAX * (num(j, 'due') ?? 0) + RUN_READS_MAX,
  );
  return row(what, parts.join(', '), `≈ due (≤ ${ITEMS_PER_DUE_MAX} per due): ${metWord(met)}`);
}

function plannerRate(r: Results): FigureRow {
  const what = 'messages planned per second (same run)';
  const jobs = plannerJobs(r);
  if (!jobs.length) return row(what, undefined, `>= ${fmt(PLANNED_PER_SEC_TARGET)} (issue 12)`);
  const rates = jobs.map((j) => num(j, 'plannedPerSec') ?? 0);
  const met = rates.every((x) => x >= PLANNED_PER_SEC_TARGET);
  const onePut = jobs.every((j) => (num(j, 'commands.PutItemCommand') ?? 0) >= (num(j, 'counts.planned') ?? 1));
  const why = !met && onePut ? ' — one conditional put per message' : '';
  return row(
    what,
    jobs.map((j, i) => `${shortJob(j.job)} ${fixed(rates[i]!)}`).join(', '),
    `>= ${fmt(PLANNED_PER_SEC_TARGET)} (issue 12): ${metWord(met)}${why}`,
  );
}

function sender(r: Results): FigureRow {
  const rate = num(r, 'scheduledJobs.sender.messagesPerSec');
  const per = num(r, 'scheduledJobs.sender.storeCommandsPerMessage');
  const perText = per === undefined ? '' : `, ${per} store commands per message`;
  return row(
    'outbox-sender to the local sink',
    rate === undefined ? undefined : `${fixed(rate)} messages/s${perText}`,
    '',
  );
}

function weapp(r: Results): FigureRow {
  const w = obj(r, 'weapp');
  const target = num(w, 'targetMainKB') ?? 512;
  const main = num(w, 'mainKB');
  const subs = (at(w, 'subpackageRoots') as string[] | undefined)?.join(', ') || 'none';
  return row(
    'weapp main package',
    main === undefined
      ? undefined
      : `${fixed(main)} KB (subpackages: ${subs}; ${fixed(num(w, 'totalKB') ?? 0)} KB in all)`,
    `<= ${target} KB${main === undefined ? '' : `: ${metWord(Boolean(at(w, 'mainTargetMet')))}`}`,
  );
}

function importRow(r: Results): FigureRow {
  const i = obj(r, 'import');
  const what = `patient import, ${fmt(num(i, 'rows') ?? 10000)}-row .xlsx through the real routes (\`--only import\`)`;
  const total = num(i, 'totalSeconds');
  if (total === undefined) return row(what, undefined, `< ${IMPORT_TARGET_SECONDS} s`);
  const p = (k: string) => fmt(num(i, `progress.${k}`) ?? 0);
  return row(
    what,
    `${fixed(total)} s (preview ${fixed(num(i, 'previewSeconds') ?? 0)} s, run ${fixed(num(i, 'runSeconds') ?? 0)} s in ${num(i, 'runCalls') ?? '?'} calls), ${fmt(num(i, 'rowsPerSecond') ?? 0)} rows/s; ${p('created')} created, ${p('existing')} existing, ${p('invalid')} invalid`,
    `< ${IMPORT_TARGET_SECONDS} s: ${metWord(total < IMPORT_TARGET_SECONDS)}`,
  );
}

function h5(r: Results): FigureRow {
  const h = obj(r, 'h5');
  const total = num(h, 'totalGzipKB');
  const target = num(h, 'targetKB') ?? 120;
  const files = list(h, 'files').length;
  const entry = num(h, 'entryGzipKB');
  const entryNote =
    entry === undefined ? '' : ` (the ${list(h, 'entryFiles').length} scripts index.html names: ${fixed(entry)} KB)`;
  return row(
    'H5 first load (patient home), gzipped JavaScript until network idle',
    total === undefined ? undefined : `${fixed(total)} KB in ${files} file${files === 1 ? '' : 's'}${entryNote}`,
    `<= ${target} KB${total === undefined ? '' : `: ${metWord(Boolean(at(h, 'met')))}`}`,
  );
}

export { IMPORT_TARGET_SECONDS };
export const baseRows = [
  registration,
  checkIn,
  ticketStatus,
  ticketStatusOps,
  monthlyStats,
  satisfaction,
  grouping,
  groupPage,
  plannerReads,
  plannerRate,
  sender,
  weapp,
  importRow,
  bundles,
  bundleFloor,
  h5,
];
