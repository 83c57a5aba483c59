import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GetCommand,
  PutCommand,
  StoreClient,
  StoreError,
  TransactWriteCommand,
  UpdateCommand,
} from '../../functions/lib/store-client';
import { type Received, standInServer } from '../support/stand-in-server';

// The functions' store client (functions/lib/store-client.ts) against a local server standing in
// for DynamoDB's endpoint: signing, retries, the wire form. Against DynamoDB Local (what the store
// answers, back as plain values): store-client-answers.test.ts.

const server = await standInServer();
afterAll(() => server.close());
beforeEach(() => {
  server.received.length = 0;
});

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'secret-of-the-role',
  sessionToken: 'session-token',
};
const standIn = (maxAttempts = 3) =>
  new StoreClient({ endpoint: `${server.url}/`, region: 'cn-north-1', credentials, maxAttempts });
const TABLE = 'patientloop-main';

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: SourceData) =>
  typeof d === 'string'
    ? d
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d);

/** SHA-256 and HMAC for the SDK's signer, from node:crypto. */
class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: SourceData) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

/**
 * The signature AWS's own signer (the SDK's) gives the request the stand-in received, over the same
 * headers, at the time it was signed.
 */
async function sdkSignature(r: Received): Promise<string> {
  const amzDate = String(r.headers['x-amz-date']);
  const at = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  // The headers the client signed (the signer adds the date and the token itself), and no payload hash header.
  const names = /SignedHeaders=([^,]+)/.exec(String(r.headers.authorization))?.[1]?.split(';') ?? [];
  const signedHeaders = Object.fromEntries(
    names.filter((n) => n !== 'x-amz-date' && n !== 'x-amz-security-token').map((n) => [n, String(r.headers[n])]),
  );
  const signer = new SignatureV4({
    service: 'dynamodb',
    region: 'cn-north-1',
    credentials,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: Number(server.host.split(':')[1]),
      path: '/',
      headers: signedHeaders,
      body: r.raw,
    },
    { signingDate: at },
  );
  return String(signed.headers.authorization).split('Signature=')[1] ?? '';
}

describe('the store client on the wire', () => {
  it('signs each command as AWS checks it, with the role session token', async () => {
    server.route(() => ({ json: {} }));
    await standIn().send(new GetCommand({ TableName: TABLE, Key: { pk: 'P#1', sk: 'PROFILE' } }));
    const [r] = server.received;
    expect(r).toMatchObject({ method: 'POST', path: '/' });
    expect(r?.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(r?.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(r?.headers['x-amz-security-token']).toBe('session-token');
    const authorization = String(r?.headers.authorization);
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/cn-north-1\/dynamodb\/aws4_request, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/,
    );
    expect(/SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';')).toEqual(
      expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token', 'x-amz-target']),
    );
    expect(authorization.split('Signature=')[1]).toBe(await sdkSignature(r as Received));
  });

  it("signs with the function's own credentials from the environment when given none", async () => {
    server.route(() => ({ json: {} }));
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'ASIAFUNCTION',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_SESSION_TOKEN: 'lambda-token',
    });
    try {
      await new StoreClient({ endpoint: `${server.url}/`, region: 'cn-north-1' }).send(
        new GetCommand({ TableName: TABLE, Key: { pk: 'a', sk: 'b' } }),
      );
    } finally {
      process.env = saved;
    }
    expect(String(server.received[0]?.headers.authorization)).toContain('Credential=ASIAFUNCTION/');
    expect(server.received[0]?.headers['x-amz-security-token']).toBe('lambda-token');
  });

  it("finds the region's endpoint, in China under amazonaws.com.cn", () => {
    expect(new StoreClient({ region: 'cn-northwest-1' }).endpoint).toBe(
      'https://dynamodb.cn-northwest-1.amazonaws.com.cn/',
    );
    expect(new StoreClient({ region: 'ap-east-1' }).endpoint).toBe('https://dynamodb.ap-east-1.amazonaws.com/');
  });

  it('sends items, keys and values in the store form, and gives answers back as plain values', async () => {
    server.route(() => ({
      json: { Attributes: { pk: { S: 'P#1' }, n: { N: '2' }, tags: { SS: ['a', 'b'] }, ok: { BOOL: true } } },
    }));
    const out = await standIn().send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: 'P#1', sk: 'PROFILE' },
        UpdateExpression: 'SET n = :n, tags = :t, detail = :d',
        ExpressionAttributeValues: {
          ':n': 2,
          ':t': new Set(['a', 'b']),
          ':d': { list: [1, '二', null, false], gone: undefined },
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(server.received[0]?.body).toEqual({
      TableName: TABLE,
      Key: { pk: { S: 'P#1' }, sk: { S: 'PROFILE' } },
      UpdateExpression: 'SET n = :n, tags = :t, detail = :d',
      ExpressionAttributeValues: {
        ':n': { N: '2' },
        ':t': { SS: ['a', 'b'] },
        ':d': { M: { list: { L: [{ N: '1' }, { S: '二' }, { NULL: true }, { BOOL: false }] } } },
      },
      ReturnValues: 'ALL_NEW',
    });
    expect(out.Attributes).toEqual({ pk: 'P#1', n: 2, tags: new Set(['a', 'b']), ok: true });
  });

  it('tries again after a store fault or throttling, and not after a refusal', async () => {
    let calls = 0;
    server.route(() =>
      ++calls === 1
        ? { status: 500, json: { __type: 'com.amazon.coral.service#InternalFailure' } }
        : calls === 2
          ? {
              status: 400,
              json: {
                __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
                message: 'slow down',
              },
            }
          : { json: { Item: { pk: { S: 'a' } } } },
    );
    await expect(
      standIn().send(new GetCommand({ TableName: TABLE, Key: { pk: 'a', sk: 'b' } })),
    ).resolves.toMatchObject({ Item: { pk: 'a' } });
    expect(server.received).toHaveLength(3);

    server.received.length = 0;
    server.route(() => ({
      status: 400,
      json: {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: 'One or more parameter values were invalid',
      },
    }));
    const refused = await standIn()
      .send(new GetCommand({ TableName: TABLE, Key: { pk: 'a', sk: 'b' } }))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreError);
    expect(refused).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(server.received).toHaveLength(1);
  });

  it('gives up after its tries with what the store said last', async () => {
    server.route(() => ({
      status: 400,
      json: { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate exceeded' },
    }));
    await expect(
      standIn(2).send(new GetCommand({ TableName: TABLE, Key: { pk: 'a', sk: 'b' } })),
    ).rejects.toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded' });
    expect(server.received).toHaveLength(2);
  });

  it('tries again on a dropped connection, a transaction with the same request token each time', async () => {
    let calls = 0;
    server.route(() => (++calls === 1 ? { drop: true } : { json: {} }));
    await standIn().send(
      new TransactWriteCommand({ TransactItems: [{ Put: { TableName: TABLE, Item: { pk: 'a', sk: 'b' } } }] }),
    );
    expect(server.received).toHaveLength(2);
    const tokens = server.received.map((r) => (r.body as { ClientRequestToken?: string }).ClientRequestToken);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[1]).toBe(tokens[0]);
  });

  it('refuses a binary attribute before sending anything', async () => {
    server.route(() => ({ json: {} }));
    await expect(
      standIn().send(new PutCommand({ TableName: TABLE, Item: { pk: 'a', sk: 'b', photo: new Uint8Array([1, 2]) } })),
    ).rejects.toThrow(/binary attribute/);
    expect(server.received).toHaveLength(0);
  });
});
