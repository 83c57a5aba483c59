import { AppError } from '../../shared/errors';
import { CONSULTATION_QUIET_DAYS } from '../../shared/schemas/consultations';
import { listClinics } from '../clinics/clinic-repository';
import { commit } from '../lib/transact';
import type { JobCounts } from '../scheduled/jobs';
import { quietThreads, savedThreadWrite } from './thread-repository';

/**
 * consultation-closer: answered threads whose last message is CONSULTATION_QUIET_DAYS old are closed
 * (closedBy 'quiet'). A waiting thread stays open: the clinic still owes its answer. A run again finds
 * nothing more to close; a thread that got a message meanwhile is left as it is.
 */
export async function closeQuietThreads(now: Date): Promise<JobCounts> {
  const before = new Date(now.getTime() - CONSULTATION_QUIET_DAYS * 86_400_000).toISOString();
  const at = now.toISOString();
  const counts = { clinics: 0, closed: 0, changed: 0 };
  for (const clinic of await listClinics()) {
    counts.clinics++;
    for (const t of await quietThreads(clinic.id, before)) {
      try {
        await commit([
          savedThreadWrite(
            { ...t, status: 'closed', closedAt: at, closedBy: 'quiet', version: t.version + 1 },
            t.version,
          ),
        ]);
        counts.closed++;
      } catch (e) {
        // Written to or closed meanwhile: not quiet any more, or done already.
        if (!(e instanceof AppError)) throw e;
        counts.changed++;
      }
    }
  }
  return counts;
}
