import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { config } from './config';
import { PENDING_TAG } from './photo-rules';

/**
 * The photo seam (consultation photos): one small interface, S3 in the cloud, files or memory
 * locally, chosen by configuration. Keys are ours (consultations/<photoId>), never a person's data.
 */
export interface PhotoStore {
  readonly name: string;
  /** Keeps a photo as pending: an upload never sent is dropped after a while (S3: a lifecycle rule on its tag). */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The photo was sent with a message: it is kept (S3: the pending tag goes). */
  keep(key: string): Promise<void>;
  /** The bytes at a key, or undefined when there are none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Removes a key; a missing key is no error (an erasure run twice). */
  remove(key: string): Promise<void>;
}

/** Tests: nothing leaves the process. */
export function memoryPhotoStore(): PhotoStore & { objects: Map<string, Buffer> } {
  const objects = new Map<string, Buffer>();
  return {
    name: 'memory',
    objects,
    async put(key, bytes) {
      objects.set(key, Buffer.from(bytes));
    },
    async keep() {},
    async get(key) {
      return objects.get(key);
    },
    async remove(key) {
      objects.delete(key);
    },
  };
}

/** `npm start`: files under the local data directory. */
export function filePhotoStore(dir: string): PhotoStore {
  // Keys are ours ([a-z0-9_/]): a key never climbs out of the directory.
  const path = (key: string) => join(dir, key.replace(/[^A-Za-z0-9_-]/g, '_'));
  return {
    name: 'files',
    async put(key, bytes) {
      await mkdir(dir, { recursive: true });
      await writeFile(path(key), bytes);
    },
    async keep() {},
    async get(key) {
      try {
        return await readFile(path(key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async remove(key) {
      await rm(path(key), { force: true });
    },
  };
}

export interface S3PhotoOptions {
  bucket: string;
  region: string;
  /** A stand-in endpoint (tests): path-style requests, dummy credentials. */
  endpoint?: string;
}

/** The cloud: one private, encrypted bucket (infra/stack.ts); the SDK is loaded only here. */
export async function s3PhotoStore(o: S3PhotoOptions): Promise<PhotoStore> {
  const { S3Client, PutObjectCommand, GetObjectCommand, DeleteObjectCommand, DeleteObjectTaggingCommand } =
    await import('./s3-commands');
  const s3 = new S3Client({
    region: o.region,
    ...(o.endpoint
      ? { endpoint: o.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  return {
    name: 's3',
    async put(key, bytes, contentType) {
      await s3.send(
        new PutObjectCommand({
          Bucket: o.bucket,
          Key: key,
          Body: bytes,
          ContentType: contentType,
          Tagging: `${PENDING_TAG.key}=${PENDING_TAG.value}`,
        }),
      );
    },
    async keep(key) {
      await s3.send(new DeleteObjectTaggingCommand({ Bucket: o.bucket, Key: key }));
    },
    async get(key) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: o.bucket, Key: key }));
        return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : undefined;
      } catch (e) {
        if ((e as Error).name === 'NoSuchKey') return undefined;
        throw e;
      }
    },
    async remove(key) {
      await s3.send(new DeleteObjectCommand({ Bucket: o.bucket, Key: key }));
    },
  };
}

let store: Promise<PhotoStore> | undefined;

/** The photo store this deployment uses. */
export function photoStore(): Promise<PhotoStore> {
  store ??=
    config.PHOTO_STORE === 's3'
      ? s3PhotoStore({ bucket: config.PHOTO_BUCKET!, region: config.AWS_REGION, endpoint: config.S3_ENDPOINT })
      : Promise.resolve(config.PHOTO_DIR ? filePhotoStore(config.PHOTO_DIR) : memoryPhotoStore());
  return store;
}
