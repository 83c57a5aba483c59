import { addDays, chineseDate, clinicDate, clinicTime } from '../../shared/dates';
import { defaultTemplates, renderTemplate } from '../../shared/messaging-rules';
import { bookedOn } from '../booking/booking-repository';
import { messageId, queueMessage } from '../messaging/outbox-repository';
import type { JobCounts } from './jobs';

/** 18:00: a reminder for each appointment still booked for tomorrow, due at once, of no use once it began. */
export async function run(now: Date): Promise<JobCounts> {
  const tomorrow = addDays(clinicDate(now), 1);
  const counts = { read: 0, planned: 0, alreadyPlanned: 0 };
  let cursor: string | undefined;
  do {
    const page = await bookedOn(tomorrow, { limit: 100, cursor });
    counts.read += page.items.length;
    await Promise.all(
      page.items
        .filter((a) => a.status === 'booked')
        .map(async (a) => {
          const text = renderTemplate(defaultTemplates.appointment, {
            name: a.patientName,
            clinic: a.clinicName ?? '',
            department: a.departmentName,
            date: chineseDate(tomorrow),
            time: clinicTime(a.startsAt),
          });
          const queued = await queueMessage({
            id: messageId('appointment', a.patientId, a.id),
            kind: 'appointment',
            patientId: a.patientId,
            clinicId: a.clinicId,
            accountId: a.accountId,
            occasion: a.id,
            marketing: false,
            text,
            dueAt: now.toISOString(),
            validUntil: a.startsAt,
            createdAt: now.toISOString(),
          });
          counts[queued ? 'planned' : 'alreadyPlanned']++;
        }),
    );
    cursor = page.nextCursor;
  } while (cursor);
  return counts;
}
