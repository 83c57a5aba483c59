import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentFor, isNetworkError, regionalEndpoint, signedRequest, withRetries, xmlErrorCode } from './aws-http';
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

/** A refusal or failure S3 answered with (its XML error's Code). */
class S3Error extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    what: string,
  ) {
    super(`S3 ${what}: ${status} ${code}`);
    this.name = code;
  }
}

// Worth another try: S3's own faults and its "slow down", and dropped connections (the SDK's rule).
const retryableS3 = (e: unknown) => (e instanceof S3Error ? e.status >= 500 || e.status === 429 : isNetworkError(e));

/**
 * The cloud: one private, encrypted bucket (infra/stack.ts), through S3's REST API with signed
 * requests (aws-http.ts): a PUT, a GET, a DELETE and a DELETE of the tagging are all the photo store
 * sends, and the SDK's S3 client would add ~175 KB to the bundles that hold photos.
 */
export async function s3PhotoStore(o: S3PhotoOptions): Promise<PhotoStore> {
  const target = {
    service: 's3',
    region: o.region,
    ...(o.endpoint ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  };
  const base = o.endpoint
    ? `${o.endpoint.replace(/\/$/, '')}/${o.bucket}/`
    : regionalEndpoint(`${o.bucket}.s3`, o.region);
  const agent = agentFor(base);
  const urlOf = (key: string) => base + key.split('/').map(encodeURIComponent).join('/');
  const send = (what: string, req: { method: string; url: string; headers?: Record<string, string>; body?: Buffer }) =>
    withRetries(3, retryableS3, async () => {
      const res = await signedRequest(target, agent, req);
      if (res.status < 300) return res;
      const code = xmlErrorCode(res.body) ?? `HTTP${res.status}`;
      throw new S3Error(code, res.status, what);
    });
  return {
    name: 's3',
    async put(key, bytes, contentType) {
      await send('PutObject', {
        method: 'PUT',
        url: urlOf(key),
        // The signer adds the payload's hash (x-amz-content-sha256): the bytes are signed too.
        headers: { 'content-type': contentType, 'x-amz-tagging': `${PENDING_TAG.key}=${PENDING_TAG.value}` },
        body: bytes,
      });
    },
    async keep(key) {
      await send('DeleteObjectTagging', { method: 'DELETE', url: `${urlOf(key)}?tagging` });
    },
    async get(key) {
      try {
        return (await send('GetObject', { method: 'GET', url: urlOf(key) })).body;
      } catch (e) {
        if (e instanceof S3Error && e.code === 'NoSuchKey') return undefined;
        throw e;
      }
    },
    async remove(key) {
      await send('DeleteObject', { method: 'DELETE', url: urlOf(key) });
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
