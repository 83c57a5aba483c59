import { NotFoundError } from '../../shared/errors';
import { cachedClinic, cachedDepartment } from '../clinics/clinic-cache';
import type { QueueInfo } from './queue-repository';

/**
 * A department's queue on a day (a queue's id is its department's id); 404 for no such queue. Its
 * definition (the department's name, prefix and service minutes, the clinic's name) comes from the
 * per-container clinic cache (clinic-cache.ts: at most a minute old), so a renamed department may
 * show its old name on tickets for up to a minute. Never the queue's day (numbers, calls): that is
 * read from the store every time. A missing department is not kept: a queue set up a moment later
 * is found at once.
 */
export async function queueInfo(queueId: string, date: string, now: Date): Promise<QueueInfo> {
  const dept = await cachedDepartment(queueId, now);
  if (!dept) throw new NotFoundError('queue', { queueId });
  const clinic = await cachedClinic(dept.clinicId, now);
  return {
    queueId,
    clinicId: dept.clinicId,
    clinicName: clinic?.name ?? '',
    departmentName: dept.name,
    prefix: dept.prefix,
    defaultServiceMinutes: dept.defaultServiceMinutes,
    date,
  };
}
