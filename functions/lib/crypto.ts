import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { appSecrets } from './secrets';

interface Keys {
  field: Buffer;
  hash: Buffer;
  token: Uint8Array;
}

let keys: Promise<Keys> | undefined;

/** Separate keys for field encryption, lookup hashes and token signing, all derived from the master key. */
export function derivedKeys(): Promise<Keys> {
  keys ??= appSecrets().then(
    ({ masterKey }) => {
      const derive = (info: string) => Buffer.from(hkdfSync('sha256', masterKey, 'patientloop', info, 32));
      return { field: derive('field-encryption'), hash: derive('lookup-hash'), token: derive('session-token') };
    },
    (err: unknown) => {
      // Not kept: the next request asks for the secret again (appSecrets keeps no failure either).
      keys = undefined;
      throw err;
    },
  );
  return keys;
}

/** AES-256-GCM: "v1.<iv>.<tag>.<ciphertext>" in base64url. */
export async function encryptField(plain: string): Promise<string> {
  const { field } = await derivedKeys();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', field, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export async function decryptField(sealed: string): Promise<string> {
  const { field } = await derivedKeys();
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('unknown field encryption format');
  const decipher = createDecipheriv('aes-256-gcm', field, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** Keyed hash for finding a record by a sensitive value without storing the value in clear. */
export async function lookupHash(kind: string, value: string): Promise<string> {
  const { hash } = await derivedKeys();
  return createHmac('sha256', hash).update(`${kind}:${value}`).digest('base64url').slice(0, 32);
}
