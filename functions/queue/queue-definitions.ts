import { NotFoundError } from '../../shared/errors';
import { getClinic, getDepartment } from '../clinics/clinic-repository';
import { containerCache } from '../lib/container-cache';
import type { QueueInfo } from './queue-repository';

type QueueDefinition = Omit<QueueInfo, 'date'>;

/**
 * How long a container keeps a queue's definition (its department's name, prefix and service
 * minutes, its clinic's name): set up by a manager and changed a few times a year, so a renamed
 * department may show its old name on tickets for up to a minute. Never the queue's day (numbers,
 * calls): that is read from the store every time.
 */
export const QUEUE_DEFINITION_LIFETIME_MS = 60_000;

// A missing department is thrown, not kept: a queue set up a moment later is found at once.
const definitions = containerCache<QueueDefinition>(
  'queue-definition',
  QUEUE_DEFINITION_LIFETIME_MS,
  async (queueId) => {
    const dept = await getDepartment(queueId);
    if (!dept) throw new NotFoundError('queue', { queueId });
    const clinic = await getClinic(dept.clinicId);
    return {
      queueId,
      clinicId: dept.clinicId,
      clinicName: clinic?.name ?? '',
      departmentName: dept.name,
      prefix: dept.prefix,
      defaultServiceMinutes: dept.defaultServiceMinutes,
    };
  },
);

/** A department's queue on a day (a queue's id is its department's id); 404 for no such queue. */
export async function queueInfo(queueId: string, date: string, now: Date): Promise<QueueInfo> {
  return { ...(await definitions.get(queueId, now)), date };
}
