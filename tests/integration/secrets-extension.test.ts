import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { secretStringFromExtension } from '../../functions/lib/secrets-extension';
import { type Answer, type Received, standInServer } from '../support/stand-in-server';

// The cloud's secret client (functions/lib/secrets-extension.ts) against a local server standing in
// for the AWS Parameters and Secrets Lambda Extension.

const server = await standInServer();
afterAll(() => server.close());

const ARN = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:patientloop-app-AbCdEf';
const SESSION_TOKEN = 'session-token-of-the-function';
const env = { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: server.host.split(':')[1], AWS_SESSION_TOKEN: SESSION_TOKEN };
const secretString = JSON.stringify({ masterKey: 'k'.repeat(40), wechatAppSecret: 'wx-secret', smsReplyToken: '' });
const getSecretValue = (r: Received): Answer =>
  r.query.get('secretId') === ARN && r.headers['x-aws-parameters-secrets-token'] === SESSION_TOKEN
    ? { json: { ARN, Name: 'patientloop-app', SecretString: secretString, VersionStages: ['AWSCURRENT'] } }
    : { status: 400, json: { message: 'unexpected request' } };

beforeEach(() => {
  server.received.length = 0;
});

describe('the secrets extension client', () => {
  it('asks the extension on localhost for the secret, with the function session token, and returns its string', async () => {
    server.route(getSecretValue);
    await expect(secretStringFromExtension(ARN, env)).resolves.toBe(secretString);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toMatchObject({ method: 'GET', path: '/secretsmanager/get' });
    expect(server.received[0]!.query.get('secretId')).toBe(ARN);
  });

  it('asks again when the extension is not ready yet after a cold start', async () => {
    let calls = 0;
    server.route((r) =>
      ++calls < 3 ? { status: 400, json: { message: 'not ready to serve traffic, please wait' } } : getSecretValue(r),
    );
    await expect(secretStringFromExtension(ARN, env)).resolves.toBe(secretString);
    expect(server.received).toHaveLength(3);
  });

  it('gives up after three tries, saying what the extension answered', async () => {
    server.route(() => ({ status: 500, json: { message: 'internal' } }));
    await expect(secretStringFromExtension(ARN, env)).rejects.toThrow(/secrets extension: status 500/);
    expect(server.received).toHaveLength(3);
  });

  it('does not ask again when the extension refuses the token or the role', async () => {
    server.route(() => ({ status: 403, json: { message: 'AccessDeniedException' } }));
    await expect(secretStringFromExtension(ARN, env)).rejects.toThrow(/status 403/);
    expect(server.received).toHaveLength(1);
  });

  it('refuses a secret without a string, and asks nothing without a session token', async () => {
    server.route(() => ({ json: { ARN, SecretBinary: 'AAEC' } }));
    await expect(secretStringFromExtension(ARN, env)).rejects.toThrow(/no SecretString/);
    await expect(secretStringFromExtension(ARN, { ...env, AWS_SESSION_TOKEN: undefined })).rejects.toThrow(
      /AWS_SESSION_TOKEN/,
    );
    expect(server.received).toHaveLength(1);
  });
});

describe('the app secrets in the cloud (APP_SECRET_ARN set, no local master key)', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    vi.resetModules();
    delete process.env.APP_MASTER_KEY;
    Object.assign(process.env, env, { APP_SECRET_ARN: ARN });
  });
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it('are read from the extension once per container, empty settings left out', async () => {
    server.route(getSecretValue);
    const { appSecrets } = await import('../../functions/lib/secrets');
    const first = await appSecrets();
    expect(first).toEqual({
      masterKey: 'k'.repeat(40),
      wechatAppSecret: 'wx-secret',
      tencentSecretId: undefined,
      tencentSecretKey: undefined,
      smsReplyToken: undefined,
    });
    await expect(appSecrets()).resolves.toBe(first);
    expect(server.received).toHaveLength(1);
  });

  it('are asked for again by the next request when a fetch failed, and so are the keys derived from them', async () => {
    server.route(() => ({ status: 500, json: { message: 'internal' } }));
    const { derivedKeys } = await import('../../functions/lib/crypto');
    await expect(derivedKeys()).rejects.toThrow(/secrets extension/);
    server.route(getSecretValue);
    const keys = await derivedKeys();
    expect(keys.token).toHaveLength(32);
    expect(server.received).toHaveLength(4);
  });
});
