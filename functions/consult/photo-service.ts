import { AppError, NotFoundError } from '../../shared/errors';
import { actsIn, consultationWorkers, hasRole } from '../../shared/roles';
import {
  CONSULTATION_PHOTO_MAX_BYTES,
  type ConsultationPhotoInput,
  type ConsultationPhotoView,
} from '../../shared/schemas/consultations';
import type { Ctx } from '../lib/context';
import { newId } from '../lib/ids';
import { photoStore } from '../lib/photo-store';
import { getPhoto, insertPhoto } from './photo-repository';
import { getThread } from './thread-repository';

/** What the first bytes of a JPEG and a PNG are: the declared type must be what the bytes are. */
const MAGIC: Record<ConsultationPhotoView['contentType'], number[]> = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

const photoField = (message: string) =>
  new AppError('VALIDATION_FAILED', message, { fields: [{ path: 'dataBase64', message }] });

/** The photo's object in the store: our id only. */
export const photoObjectKey = (photoId: string) => `consultations/${photoId}`;

/**
 * POST /v1/me/consultations/photos: a JPEG or PNG (checked by its bytes) of at most
 * CONSULTATION_PHOTO_MAX_BYTES, kept for the account that sent it until it is attached to a message.
 */
export async function uploadPhoto(ctx: Ctx, input: ConsultationPhotoInput): Promise<{ photoId: string }> {
  const bytes = Buffer.from(input.dataBase64, 'base64');
  if (bytes.length === 0) throw photoField('照片数据不正确');
  if (bytes.length > CONSULTATION_PHOTO_MAX_BYTES) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `照片不能超过 ${(CONSULTATION_PHOTO_MAX_BYTES / 1_000_000).toFixed(1)} MB`,
      {
        limitBytes: CONSULTATION_PHOTO_MAX_BYTES,
      },
    );
  }
  if (!MAGIC[input.contentType].every((b, i) => bytes[i] === b)) throw photoField('照片应为 JPG 或 PNG 图片');
  const id = newId('ph');
  const objectKey = photoObjectKey(id);
  await (await photoStore()).put(objectKey, bytes, input.contentType);
  await insertPhoto(
    {
      id,
      uploaderId: ctx.caller.userId,
      contentType: input.contentType,
      bytes: bytes.length,
      objectKey,
      createdAt: ctx.now.toISOString(),
    },
    Math.floor(ctx.now.getTime() / 1000),
  );
  return { photoId: id };
}

/**
 * GET /v1/consultations/{threadId}/photos/{photoId}: for the account owning the thread and the
 * consultation workers of its clinic (the group admin: any); anyone else, or a photo of another
 * thread, is a 404 like a missing one.
 */
export async function consultationPhoto(ctx: Ctx, threadId: string, photoId: string): Promise<ConsultationPhotoView> {
  const [t, p] = await Promise.all([getThread(threadId, true), getPhoto(photoId)]);
  const mayRead =
    t !== undefined &&
    (t.accountId === ctx.caller.userId || (hasRole(ctx.caller, consultationWorkers) && actsIn(ctx.caller, t.clinicId)));
  if (!t || !mayRead || !p || p.threadId !== threadId) throw new NotFoundError('photo', { threadId, photoId });
  const bytes = await (await photoStore()).get(p.objectKey);
  if (!bytes) throw new NotFoundError('photo', { threadId, photoId });
  return { photoId: p.id, contentType: p.contentType, dataBase64: bytes.toString('base64') };
}
