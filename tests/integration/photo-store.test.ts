import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { filePhotoStore, memoryPhotoStore, type PhotoStore, s3PhotoStore } from '../../functions/lib/photo-store';

// The photo store's S3 client against a tiny local S3 (path-style): the exact PUT, GET and DELETE it
// sends, and a missing key read as nothing. The local stand-ins keep the same promise.

interface S3Request {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const objects = new Map<string, { body: Buffer; type: string }>();
const received: S3Request[] = [];
/** Answers the next requests with these statuses first (a fault, a missing bucket), then as S3 would. */
const faults: number[] = [];
const fakeS3 = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const url = new URL(req.url ?? '/', 'http://x');
  const r = {
    method: req.method ?? '',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body: Buffer.concat(chunks),
  };
  received.push(r);
  const fault = faults.shift();
  if (fault) {
    const code = fault === 404 ? 'NoSuchBucket' : 'InternalError';
    res.writeHead(fault, { 'content-type': 'application/xml' }).end(`<Error><Code>${code}</Code></Error>`);
    return;
  }
  const stored = objects.get(r.path);
  if (r.method === 'PUT') {
    objects.set(r.path, { body: r.body, type: String(req.headers['content-type']) });
    res.writeHead(200, { etag: '"e1"' }).end();
  } else if (r.method === 'GET' && stored) {
    res.writeHead(200, { 'content-type': stored.type, 'content-length': stored.body.length }).end(stored.body);
  } else if (r.method === 'GET') {
    res
      .writeHead(404, { 'content-type': 'application/xml' })
      .end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>missing</Message></Error>');
  } else if (r.method === 'DELETE' && r.query.has('tagging')) {
    res.writeHead(204).end();
  } else if (r.method === 'DELETE') {
    objects.delete(r.path);
    res.writeHead(204).end();
  } else res.writeHead(405).end();
});
fakeS3.listen(0, '127.0.0.1');
await once(fakeS3, 'listening');
afterAll(() => {
  fakeS3.closeAllConnections();
  fakeS3.close();
});
const endpoint = `http://127.0.0.1:${(fakeS3.address() as AddressInfo).port}`;

beforeEach(() => {
  received.length = 0;
});

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

describe('s3PhotoStore against a local S3', () => {
  it('PUTs the bytes with their content type to /<bucket>/<key>, GETs them back, DELETEs them', async () => {
    const store = await s3PhotoStore({ bucket: 'photo-bucket', region: 'cn-north-1', endpoint });
    await store.put('consultations/ph_abc', JPEG, 'image/jpeg');
    const put = received.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe('/photo-bucket/consultations/ph_abc');
    expect(put.headers['content-type']).toBe('image/jpeg');
    expect(put.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\//);
    expect(put.body.equals(JPEG)).toBe(true);
    // The payload is signed by its hash, not sent unsigned.
    expect(put.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(JPEG).digest('hex'));
    expect(String(put.headers.authorization)).toMatch(/SignedHeaders=[^,]*x-amz-content-sha256/);
    // Pending until sent: the bucket's lifecycle drops an upload that keeps this tag.
    expect(put.headers['x-amz-tagging']).toBe('consultation=pending');

    await store.keep('consultations/ph_abc');
    const untag = received.at(-1)!;
    expect(untag).toMatchObject({ method: 'DELETE', path: '/photo-bucket/consultations/ph_abc' });
    expect(untag.query.has('tagging')).toBe(true);

    const back = await store.get('consultations/ph_abc');
    expect(back?.equals(JPEG)).toBe(true);
    expect(received.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([
      '/photo-bucket/consultations/ph_abc',
    ]);

    await store.remove('consultations/ph_abc');
    expect(received.at(-1)).toMatchObject({ method: 'DELETE', path: '/photo-bucket/consultations/ph_abc' });
    expect(await store.get('consultations/ph_abc')).toBeUndefined();
  });
});

describe('s3PhotoStore when S3 fails', () => {
  it('tries again after a fault of S3, and reports a missing bucket rather than a missing photo', async () => {
    const store = await s3PhotoStore({ bucket: 'photo-bucket', region: 'cn-north-1', endpoint });
    faults.push(500);
    await store.put('consultations/ph_retry', JPEG, 'image/jpeg');
    expect(received.map((r) => r.method)).toEqual(['PUT', 'PUT']);
    expect((await store.get('consultations/ph_retry'))?.equals(JPEG)).toBe(true);
    faults.push(404);
    await expect(store.get('consultations/ph_retry')).rejects.toThrow(/NoSuchBucket/);
  });
});

const dir = await mkdtemp(join(tmpdir(), 'photos-'));
describe('local photo stores', () => {
  afterAll(() => rm(dir, { recursive: true, force: true }));
  it.each([
    ['memory', () => memoryPhotoStore() as PhotoStore],
    ['files', () => filePhotoStore(dir)],
  ])('%s: keeps, reads and removes a photo; a missing one is nothing, removing twice is fine', async (_n, make) => {
    const store = make();
    await store.put('consultations/ph_1', JPEG, 'image/jpeg');
    expect((await store.get('consultations/ph_1'))?.equals(JPEG)).toBe(true);
    await store.remove('consultations/ph_1');
    await store.remove('consultations/ph_1');
    expect(await store.get('consultations/ph_1')).toBeUndefined();
  });
});
