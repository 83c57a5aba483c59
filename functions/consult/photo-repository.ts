import { NotFoundError } from '../../shared/errors';
import type { ConsultationPhotoView } from '../../shared/schemas/consultations';
import { db, tableName } from '../lib/db';
import { UNATTACHED_PHOTO_DAYS } from '../lib/photo-rules';
import { getItem, putIfAbsent } from '../lib/store';
import { BatchGetCommand } from '../lib/store-client';
import { type Write, write } from '../lib/transact';

/** A photo's record: the bytes live in the photo store under `objectKey`. */
export interface PhotoRecord {
  id: string;
  /** The account that uploaded it: only it may attach the photo to a message. */
  uploaderId: string;
  contentType: ConsultationPhotoView['contentType'];
  bytes: number;
  objectKey: string;
  createdAt: string;
  /** Set when attached to a message: the photo is then that thread's, for good (it follows the thread on a merge). */
  threadId?: string;
}

const UNATTACHED_PHOTO_TTL_SECONDS = UNATTACHED_PHOTO_DAYS * 86_400;

const photoKey = (id: string) => ({ pk: `CONSULTPHOTO#${id}`, sk: 'PHOTO' });

export async function insertPhoto(p: PhotoRecord, nowSeconds: number): Promise<void> {
  await putIfAbsent({
    ...photoKey(p.id),
    type: 'consultationPhoto',
    ...p,
    expiresAt: nowSeconds + UNATTACHED_PHOTO_TTL_SECONDS,
  });
}

export async function getPhoto(id: string): Promise<PhotoRecord | undefined> {
  const item = await getItem<PhotoRecord & { expiresAt?: number }>(photoKey(id), true);
  if (!item) return undefined;
  const { expiresAt: _e, ...p } = item;
  return p;
}

/** The photos at these ids (those that exist). */
export async function photosByIds(ids: string[]): Promise<PhotoRecord[]> {
  const out: PhotoRecord[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const keys = ids.slice(i, i + 100).map(photoKey);
    if (keys.length === 0) continue;
    const res = await db.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }),
    );
    for (const item of res.Responses?.[tableName] ?? []) {
      const { pk: _p, sk: _s, type: _t, expiresAt: _e, ...p } = item;
      out.push(p as PhotoRecord);
    }
  }
  return out;
}

/**
 * Attaches an upload to a thread, in the same transaction as its message: only the account that
 * uploaded it, and only once (a photo of another account, or one already sent, is a 404 like a missing one).
 */
export function photoAttachedWrite(photoId: string, uploaderId: string, threadId: string): Write {
  return write(
    {
      Update: {
        TableName: tableName,
        Key: photoKey(photoId),
        UpdateExpression: 'SET threadId = :t REMOVE expiresAt',
        ConditionExpression: 'uploaderId = :u AND attribute_not_exists(threadId)',
        ExpressionAttributeValues: { ':t': threadId, ':u': uploaderId },
      },
    },
    () => new NotFoundError('photo', { photoId }),
  );
}

export function photoDeletedWrite(photoId: string): Write {
  return write({ Delete: { TableName: tableName, Key: photoKey(photoId) } });
}
