import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { UnauthenticatedError } from '../../shared/errors';
import { idParam } from '../../shared/schemas/common';
import { decryptField } from '../lib/crypto';
import { currentCredential, firstUseOfNonce } from './his-repository';

/** A signed request is accepted this long either side of our clock, and its signature only once. */
export const HIS_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The headers a HIS signs its requests with. */
export const hisHeaders = {
  clinic: 'x-his-clinic',
  keyId: 'x-his-key-id',
  timestamp: 'x-his-timestamp',
  /** A fresh random value per request (8–64 of [A-Za-z0-9_-]): the same request is accepted once. */
  nonce: 'x-his-nonce',
  signature: 'x-his-signature',
} as const;

/** A new secret for a clinic's HIS: 32 random bytes. */
export const newHisSecret = () => randomBytes(32).toString('base64url');

/**
 * The signature a HIS sends: HMAC-SHA256 of "<timestamp>\n<nonce>\n<body>" under its secret, in
 * lower-case hex. The nonce makes a retry of the same body within the same second a new request.
 */
export function hisSignature(secret: string, timestamp: string, nonce: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n${body}`).digest('hex');
}

function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given.toLowerCase(), 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Who sent a HIS request: the clinic whose current key signed it. Refuses (401) a missing or unknown
 * key, a rotated-out key, a timestamp more than five minutes off, a wrong signature, and a nonce
 * seen before (a replay). Every refusal reads the same to the sender but for its reason.
 */
export async function authenticateHis(
  headers: Record<string, string | undefined>,
  rawBody: string,
  now: Date,
): Promise<string> {
  const clinicId = headers[hisHeaders.clinic];
  const keyId = headers[hisHeaders.keyId];
  const timestamp = headers[hisHeaders.timestamp];
  const nonce = headers[hisHeaders.nonce];
  const signature = headers[hisHeaders.signature];
  if (!clinicId || !keyId || !timestamp || !nonce || !signature) throw new UnauthenticatedError('缺少 HIS 签名信息');
  if (!idParam.safeParse(clinicId).success || !/^[0-9a-fA-F]{64}$/.test(signature) || !/^[\w-]{8,64}$/.test(nonce))
    throw new UnauthenticatedError('HIS 签名信息格式不正确');
  if (!/^\d{10,13}$/.test(timestamp)) throw new UnauthenticatedError('HIS 请求时间戳格式不正确（Unix 秒）');
  const sentMs = timestamp.length > 10 ? Number(timestamp) : Number(timestamp) * 1000;
  if (Math.abs(now.getTime() - sentMs) > HIS_CLOCK_SKEW_MS)
    throw new UnauthenticatedError('HIS 请求时间戳已过期，请校准时钟后重新签名');
  const credential = await currentCredential(clinicId);
  if (!credential || credential.keyId !== keyId) throw new UnauthenticatedError('HIS 凭证无效或已更换');
  const secret = await decryptField(credential.sealedSecret);
  if (!sameSignature(signature, hisSignature(secret, timestamp, nonce, rawBody)))
    throw new UnauthenticatedError('HIS 签名不正确');
  if (!(await firstUseOfNonce(clinicId, nonce, now.getTime())))
    throw new UnauthenticatedError('该请求已处理过，请勿重放（请重新签名）');
  return clinicId;
}
