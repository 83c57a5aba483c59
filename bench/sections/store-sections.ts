/**
 * The sections that run on DynamoDB Local, in their order: registration and the visit day on one
 * server child and one set of tables (the visit day books the registered patients), then those
 * tables go and the stats section runs on fresh ones with a second server child. Last, the
 * scheduled jobs run in this process on the first tables made again, empty.
 */
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { type OwnedPatient, startServer } from '../harness/context';
import { failed, type Outcome } from '../harness/print';
import { attempt } from '../harness/results';
import type { Store } from '../harness/store';
import { importBench, printImport } from './import';
import { paths } from './paths';
import { printPaths } from './paths-print';
import { patientGroupsBench, printPatientGroups } from './patient-groups';
import { printRegistration, type RegistrationResults, registration } from './registration';
import { printReports, reports } from './reports';
import { scheduledJobs } from './scheduled-jobs';
import { printScheduledJobs } from './scheduled-print';
import { stats } from './stats';
import { printStats } from './stats-print';
import { type VisitDayResults, visitDay } from './visit-day';
import { printVisitDay } from './visit-day-print';

export type StoreSection =
  | 'registration'
  | 'visit-day'
  | 'import'
  | 'paths'
  | 'stats'
  | 'reports'
  | 'scheduled-jobs'
  | 'patient-groups';

export async function runStoreSections(store: Store, only: ReadonlySet<string>) {
  const results: Record<string, unknown> = {};
  const printers: Array<() => void> = [];
  if (['registration', 'visit-day', 'import', 'paths'].some((s) => only.has(s))) {
    const ctx = await startServer(store);
    let owned: OwnedPatient[] = [];
    if (only.has('registration')) {
      const reg: Outcome<RegistrationResults> = await attempt('registration', async () => {
        const r = await registration(ctx);
        owned = r.owned;
        return r.results;
      });
      Object.assign(results, failed(reg) ? { registration: reg } : reg);
      printers.push(() => printRegistration(reg));
    }
    if (only.has('visit-day')) {
      const visit: Outcome<VisitDayResults> = await attempt('visit-day', () => visitDay(ctx, owned));
      results.visitDay = visit;
      printers.push(() => printVisitDay(visit));
    }
    if (only.has('import')) {
      const imp = await attempt('import', () => importBench(ctx));
      results.import = imp;
      printers.push(() => printImport(imp));
    }
    if (only.has('paths')) {
      const p = await attempt('paths', () => paths(ctx));
      if (failed(p)) results.paths = p;
      else Object.assign(results, { pathsSetup: p.setup, paths: p.paths, checkInBurst: p.checkInBurst });
      printers.push(() => printPaths(p));
    }
    // Done with the first server child and these tables.
    await ctx.stop();
    for (const t of [store.names.main, store.names.idempotency]) {
      await store.admin.send(new DeleteTableCommand({ TableName: t }));
    }
  }
  if (only.has('stats')) {
    const s = await attempt('stats', () => stats(store));
    results.stats = s;
    printers.push(() => printStats(s));
  }
  if (only.has('reports')) {
    const r = await attempt('reports', () => reports(store));
    results.reports = r;
    printers.push(() => printReports(r));
  }
  if (only.has('scheduled-jobs')) {
    const s = await attempt('scheduled-jobs', () => scheduledJobs(store));
    results.scheduledJobs = s;
    printers.push(() => printScheduledJobs(s));
  }
  if (only.has('patient-groups')) {
    // Last: it drops the run's first tables and makes them again for itself.
    const s = await attempt('patient-groups', () => patientGroupsBench(store));
    results.patientGroups = s;
    printers.push(() => printPatientGroups(s));
  }
  const print = () => {
    for (const p of printers) p();
  };
  return { results, print };
}
