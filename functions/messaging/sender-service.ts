import { deferOutOfQuietHours, smsText } from '../../shared/messaging-rules';
import { getClinic } from '../clinics/clinic-repository';
import { config } from '../lib/config';
import { decryptField } from '../lib/crypto';
import { newId } from '../lib/ids';
import { logger } from '../lib/logger';
import { redactPii } from '../lib/redact';
import { SmsError, type SmsProvider } from '../lib/sms';
import type { WeChatClient } from '../lib/wechat';
import { wechat } from '../lib/wechat-client';
import { getPatient, type PatientRecord } from '../patients/patient-repository';
import { claimMarketingCap } from './cap-repository';
import { claimMessage, dueMessages, type OutboxRecord, type Settlement, settleMessage } from './outbox-repository';
import { tryWeChat } from './subscription-sender';

/** A sender holds a message this long; a sender that dies frees it when the lease ends. */
export const LEASE_MS = 60_000;
/** Tries before a message is given up as failed. */
export const MAX_ATTEMPTS = 3;
/** Waits before the 2nd and 3rd try after a provider failure. */
const RETRY_AFTER_MS = [60_000, 5 * 60_000];
const PARALLEL = 8;

export interface SendReport {
  read: number;
  claimed: number;
  sent: number;
  deferred: number;
  retried: number;
  skipped: number;
  failed: number;
  /** Settlements refused because the lease had run out: another sender took the message. */
  lostLeases: number;
}

/** A report of nothing done yet: one run's, or the running totals of several. */
export function emptySendReport(): SendReport {
  return { read: 0, claimed: 0, sent: 0, deferred: 0, retried: 0, skipped: 0, failed: 0, lostLeases: 0 };
}

/** The points where a crash can stop a sender: tests inject one to prove nothing is lost. */
export type SendStep = 'after-claim' | 'after-provider' | 'after-settle';

export interface SenderDeps {
  sms: SmsProvider;
  /** The WeChat client for subscribe messages (tests pass one); the deployment's own otherwise. */
  wechat?: WeChatClient;
  /** How long a claim holds (tests shorten it to see a dead sender's message taken over). */
  leaseMs?: number;
  /** Called at each step; throwing there is a crash at that step. */
  step?: (step: SendStep, m: OutboxRecord) => void;
}

/**
 * Sends the outbox's due messages as of `now`: claim, check what may still be sent, send, settle.
 * Stops taking new messages once `timeLeft()` says no (the job's time limit); the rest is due next run.
 */
export async function sendDue(now: Date, deps: SenderDeps, timeLeft: () => boolean = () => true): Promise<SendReport> {
  const report = emptySendReport();
  const due = await dueMessages(now, 100);
  report.read = due.length;
  let next = 0;
  const worker = async () => {
    while (next < due.length && timeLeft()) {
      const m = due[next++] as OutboxRecord;
      await sendOne(m.id, now, deps, report);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return report;
}

async function sendOne(id: string, now: Date, deps: SenderDeps, report: SendReport): Promise<void> {
  const leaseId = newId('lease');
  const m = await claimMessage(id, leaseId, deps.leaseMs ?? LEASE_MS);
  if (!m) return;
  report.claimed++;
  deps.step?.('after-claim', m);
  const settlement = await decide(m, now, deps);
  if (settlement.status === 'sent') deps.step?.('after-provider', m);
  const settled = await settleMessage(m.id, leaseId, now.toISOString(), settlement);
  if (!settled) {
    report.lostLeases++;
    return;
  }
  deps.step?.('after-settle', m);
  if (settlement.status === 'queued') report.retried++;
  else report[settlement.status]++;
  if (settlement.status === 'failed')
    logger.warn('message failed', { id: m.id, reason: settlement.reason && redactPii(settlement.reason) });
}

/** What happens to a claimed message now: every rule checked at the moment of sending. */
async function decide(m: OutboxRecord, now: Date, deps: SenderDeps): Promise<Settlement> {
  const at = now.toISOString();
  if (m.validUntil && at >= m.validUntil) return { status: 'skipped', reason: '已过时效，不再发送' };
  const patient = await getPatient(m.patientId);
  if (!patient || patient.erasedAt) return { status: 'skipped', reason: '患者档案已删除' };
  if (m.marketing && !patient.consents.marketing?.granted)
    return { status: 'skipped', reason: '患者未同意接收营销信息' };
  const allowedAt = new Date(deferOutOfQuietHours(at)).toISOString();
  if (allowedAt > at) {
    if (m.validUntil && allowedAt >= m.validUntil) return { status: 'skipped', reason: '免打扰时段内，且之后已过时效' };
    return { status: 'deferred', dueAt: allowedAt, reason: '免打扰时段（21:00–09:00），延后到 09:00' };
  }
  if (m.marketing) {
    const capped = await claimMarketingCap(patient.phoneHash, m.id, now.getTime());
    if (!capped) return { status: 'skipped', reason: '该手机号 7 天内已收到营销信息' };
  }
  // WeChat reaches the account holding the record now, not the one it had when planned (a record
  // claimed since): none means SMS.
  const viaWeChat = await tryWeChat(m, patient.accountId, at, () =>
    deps.wechat ? Promise.resolve(deps.wechat) : wechat(),
  );
  if ('sent' in viaWeChat) return viaWeChat.sent;
  return sendSms(m, patient, now, deps, viaWeChat.fallback);
}

/** The SMS of a message; `fallback` says why it did not go by WeChat, for the history. */
async function sendSms(
  m: OutboxRecord,
  patient: PatientRecord,
  now: Date,
  deps: SenderDeps,
  fallback?: string,
): Promise<Settlement> {
  const text = smsText({ signature: await signatureOf(m.clinicId), body: m.text, marketing: m.marketing });
  try {
    const phone = await decryptField(patient.phoneEnc);
    const { providerId } = await deps.sms.send({
      phone,
      text,
      marketing: m.marketing,
      reference: m.id,
      kind: m.kind,
      vars: m.vars,
    });
    return { status: 'sent', channel: 'sms', text, providerId, ...(fallback ? { note: fallback } : {}) };
  } catch (e) {
    const smsReason = e instanceof SmsError ? e.reason : '短信发送出错';
    const reason = fallback ? `${fallback}；${smsReason}` : smsReason;
    const permanent = e instanceof SmsError && e.permanent;
    if (permanent || m.attempts >= MAX_ATTEMPTS) return { status: 'failed', reason, channel: 'sms' };
    const wait = RETRY_AFTER_MS[m.attempts - 1] ?? RETRY_AFTER_MS[RETRY_AFTER_MS.length - 1] ?? 60_000;
    return { status: 'queued', dueAt: new Date(now.getTime() + wait).toISOString(), reason };
  }
}

const signatures = new Map<string, Promise<string>>();
/** A reminder is signed by its clinic; a patient not yet tied to a clinic, by the hospital group. */
function signatureOf(clinicId: string): Promise<string> {
  let s = signatures.get(clinicId);
  if (!s) {
    s = getClinic(clinicId).then((c) => c?.name ?? config.GROUP_NAME);
    signatures.set(clinicId, s);
    setTimeout(() => signatures.delete(clinicId), 5 * 60_000).unref?.();
  }
  return s;
}
