import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthenticatedError } from '../../shared/errors';
import { maskPhone, normalizePhone } from '../../shared/phone';
import type { SmsRepliesAnswer, SmsRepliesInput, SmsReply } from '../../shared/schemas/messages';
import { lookupHash } from '../lib/crypto';
import { logger } from '../lib/logger';
import { appSecrets } from '../lib/secrets';
import { withdrawMarketing } from '../patients/opt-out-service';
import { patientsOfAccount } from '../patients/patient-list-repository';
import { getPatient, phoneOwner } from '../patients/patient-repository';

/** Replies that refuse marketing texts (our texts end with "拒收请回复R"; carriers also use T/TD/N/退订). */
const OPT_OUT_WORDS = new Set(['R', 'T', 'TD', 'N', '退订', '拒收']);

/** True when a reply's text asks for no more marketing texts: R, T, TD, N, 退订 or 拒收, trimmed, in any case. */
export function isOptOutReply(text: string): boolean {
  return OPT_OUT_WORDS.has(text.normalize('NFKC').trim().toUpperCase());
}

function sameToken(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  // Digests have one length, so the comparison takes the same time whatever was sent.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The provider's reply push: authenticated by a shared token, each opt-out reply withdraws marketing
 * consent for every profile on that phone; any other text is logged and left alone. Answers what
 * Tencent Cloud expects, so it does not push the same replies again.
 */
export async function receiveSmsReplies(
  input: SmsRepliesInput,
  token: string | undefined,
  now: Date,
): Promise<SmsRepliesAnswer> {
  const { smsReplyToken } = await appSecrets();
  if (!sameToken(token, smsReplyToken)) throw new UnauthenticatedError('短信回调凭证无效');
  const replies = Array.isArray(input) ? input : [input];
  for (const reply of replies) await handleReply(reply, now);
  return { result: 0, errmsg: 'OK' };
}

async function handleReply(reply: SmsReply, now: Date): Promise<void> {
  const mainland = !reply.nationcode || reply.nationcode.replace(/^\+/, '') === '86';
  const phone = mainland ? normalizePhone(reply.mobile) : undefined;
  if (!phone) {
    logger.info('sms reply from a number we do not serve: ignored', { nationcode: reply.nationcode });
    return;
  }
  if (!isOptOutReply(reply.text)) {
    logger.info('sms reply is not an opt-out: ignored', { phone: maskPhone(phone), length: reply.text.length });
    return;
  }
  const withdrawn = await withdrawMarketingByPhone(phone, now);
  logger.info('sms reply opt-out', { phone: maskPhone(phone), profiles: withdrawn });
}

/**
 * Withdraws marketing consent for every profile on a phone: the record holding the phone and the
 * family profiles of its account that share it. Answers how many profiles changed.
 */
export async function withdrawMarketingByPhone(phone: string, now: Date): Promise<number> {
  const hash = await lookupHash('phone', phone);
  let changed = 0;
  for (const id of await profilesOnPhone(hash)) {
    if (await withdrawOne(id, hash, now)) changed++;
  }
  return changed;
}

async function profilesOnPhone(phoneHash: string): Promise<string[]> {
  const owner = await phoneOwner(phoneHash, true);
  if (!owner) return [];
  const holder = await getPatient(owner.patientId);
  if (!holder) return [];
  const family = holder.accountId ? await patientsOfAccount(holder.accountId) : [];
  const ids = new Set([holder.id, ...family.filter((p) => p.phoneHash === phoneHash).map((p) => p.id)]);
  return [...ids];
}

/** One profile's withdrawal, unless the profile no longer holds the phone or has withdrawn already. */
async function withdrawOne(patientId: string, phoneHash: string, now: Date): Promise<boolean> {
  const p = await getPatient(patientId);
  if (!p || p.phoneHash !== phoneHash || !p.consents.marketing?.granted) return false;
  await withdrawMarketing(patientId, { source: 'sms_reply', note: '短信回复退订' }, now);
  return true;
}
