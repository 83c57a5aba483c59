import { photoStore } from '../lib/photo-store';
import type { Write } from '../lib/transact';
import { type PhotoRecord, photoDeletedWrite, photosByIds } from './photo-repository';
import { deletedWrite, type MessageRecord, messagesOf, type ThreadRecord, threadItemKeys } from './thread-repository';

/** One thread of a patient with everything stored for it: its messages and the photos they carry. */
export interface ConsultationHolding {
  thread: ThreadRecord;
  messages: MessageRecord[];
  photos: PhotoRecord[];
}

/** The patient's threads (found by patient: the `consultation` items of the patient's items), in full. */
export async function consultationHoldings(threads: ThreadRecord[]): Promise<ConsultationHolding[]> {
  return Promise.all(
    threads.map(async (thread) => {
      const messages = await messagesOf(thread.id);
      const photoIds = messages.map((m) => m.photoId).filter((id): id is string => Boolean(id));
      return { thread, messages, photos: await photosByIds(photoIds) };
    }),
  );
}

/** The export's section: each thread with its messages and its photos' bytes (base64). */
export async function exportedConsultations(held: ConsultationHolding[]): Promise<Record<string, unknown>[]> {
  const store = await photoStore();
  return Promise.all(
    held.map(async ({ thread, messages, photos }) => ({
      ...thread,
      messages,
      photos: await Promise.all(
        photos.map(async (p) => ({
          photoId: p.id,
          contentType: p.contentType,
          createdAt: p.createdAt,
          dataBase64: (await store.get(p.objectKey))?.toString('base64') ?? '',
        })),
      ),
    })),
  );
}

/**
 * A deletion removes the patient's consultations outright (health content, nothing the hospital must
 * keep): the photos' objects first (removing twice is harmless), then the writes deleting every item.
 */
export async function consultationErasures(held: ConsultationHolding[]): Promise<Write[]> {
  const store = await photoStore();
  await Promise.all(held.flatMap((h) => h.photos.map((p) => store.remove(p.objectKey))));
  const keys = (await Promise.all(held.map((h) => threadItemKeys(h.thread.id)))).flat();
  return [...keys.map(deletedWrite), ...held.flatMap((h) => h.photos.map((p) => photoDeletedWrite(p.id)))];
}
