import { clinicMonth } from '../../shared/dates';
import { placementsFor } from '../../shared/patient-group-rules';
import { type GroupKey, groupKeys } from '../../shared/schemas/patient-groups';
import { listClinics } from '../clinics/clinic-repository';
import { batchPut } from '../lib/batch';
import { forEachSummary } from './care-summary-repository';
import { beginRun, finishRun, getRun, type MemberRecord, placedIds, setPlaced, storedMember } from './group-repository';
import { groupSettingsOf } from './settings-repository';

/** What grouping one clinic's month did. */
export interface ClinicGrouping {
  clinicId: string;
  month: string;
  /** Care summaries read: one per patient seen at the clinic. */
  read: number;
  /** Patients seen again since grouping began (a rerun leaves their places as they are). */
  backSince: number;
  /** Members of the month in all (a patient in two groups counts twice). */
  placed: number;
  /** Members written by this run (a rerun writes only what an earlier, cut-short run missed). */
  written: number;
  byGroup: Record<GroupKey, number>;
}

/**
 * Places a clinic's patients in the month's groups, as of `now`'s month. The first run fixes the
 * moment and the settings; a rerun reads the same summaries, skips those seen since (they are back)
 * and writes only missing members, so it ends with the same groups.
 */
export async function groupClinic(clinicId: string, now: Date): Promise<ClinicGrouping> {
  const month = clinicMonth(now);
  const earlier = await getRun(clinicId, month);
  const run =
    earlier ??
    (await beginRun({
      clinicId,
      month,
      startedAt: now.toISOString(),
      settings: (await groupSettingsOf(clinicId)).settings,
    }));
  const placed = earlier ? await placedIds(clinicId, month) : new Map<GroupKey, Set<string>>();
  const byGroup = Object.fromEntries(groupKeys.map((g) => [g, placed.get(g)?.size ?? 0])) as Record<GroupKey, number>;
  const at = now.toISOString();
  let backSince = 0;
  let written = 0;
  const read = await forEachSummary(clinicId, async (summaries) => {
    const items: Record<string, unknown>[] = [];
    for (const s of summaries) {
      if (s.lastVisitAt > run.startedAt) {
        backSince++;
        continue;
      }
      for (const p of placementsFor(s, run.settings, month)) {
        if (placed.get(p.group)?.has(s.patientId)) continue;
        const m: MemberRecord = {
          ...p,
          clinicId,
          month,
          patientId: s.patientId,
          lastVisitDate: s.lastVisitDate,
          placedAt: at,
        };
        items.push(storedMember(m));
        byGroup[p.group]++;
      }
    }
    // Shards call this side by side: add after the write, never across it.
    const n = await batchPut(items);
    written += n;
  });
  await Promise.all(groupKeys.map((g) => setPlaced(clinicId, month, g, byGroup[g])));
  const total = groupKeys.reduce((s, g) => s + byGroup[g], 0);
  await finishRun(clinicId, month, at, read, total);
  return { clinicId, month, read, backSince, placed: total, written, byGroup };
}

/** The monthly job: every clinic's groups for the month of `now`. */
export async function groupAllClinics(now: Date): Promise<Record<string, number>> {
  const counts = { clinics: 0, read: 0, placed: 0, written: 0, backSince: 0 } as Record<string, number> & {
    clinics: number;
    read: number;
    placed: number;
    written: number;
    backSince: number;
  };
  for (const c of await listClinics()) {
    const r = await groupClinic(c.id, now);
    counts.clinics++;
    counts.read += r.read;
    counts.placed += r.placed;
    counts.written += r.written;
    counts.backSince += r.backSince;
    for (const g of groupKeys) counts[g] = (counts[g] ?? 0) + r.byGroup[g];
  }
  return counts;
}
