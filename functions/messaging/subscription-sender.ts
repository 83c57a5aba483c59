import { checkSubscribeFields } from '../../shared/messaging-rules';
import { openidOf } from '../auth/identity-repository';
import { logger } from '../lib/logger';
import type { WeChatClient } from '../lib/wechat';
import { SubscribeSendError } from '../lib/wechat-subscribe';
import type { OutboxRecord, Settlement } from './outbox-repository';
import { consumeGrant, exhaustGrant, returnGrant } from './subscription-repository';
import { templateOfKind } from './subscription-templates';

/** What the WeChat try came to: sent, or SMS next (with why WeChat was not used, when it was meant to be). */
export type WeChatTry = { sent: Settlement } | { fallback?: string };

/**
 * Sends a reminder as a WeChat subscribe message when `accountId` (the account holding the message's
 * record as it is sent; none: SMS) holds an accept for the kind's template: the accept is spent first (a conditional decrement, so two senders never spend one twice).
 * 43101 (WeChat: no send left) sets the ledger's count to 0; fields breaking WeChat's rules or any other
 * refusal give the accept back; each of these falls back to SMS with its reason. Greetings never come here.
 */
export async function tryWeChat(
  m: OutboxRecord,
  accountId: string | undefined,
  at: string,
  client: () => Promise<WeChatClient>,
): Promise<WeChatTry> {
  const template = templateOfKind(m.kind);
  if (m.marketing || !template || !accountId) return {};
  if (!(await consumeGrant(accountId, template.templateId))) return {};
  const giveBack = async (fallback: string): Promise<WeChatTry> => {
    await returnGrant(accountId, template.templateId);
    return { fallback };
  };
  const data = template.fields(m.vars ?? {});
  if (!data) return giveBack('消息缺少订阅消息所需的内容，改发短信');
  const problems = checkSubscribeFields(data);
  if (problems.length > 0) return giveBack(`订阅消息字段不符合要求（${problems.join('；')}），改发短信`);
  const openid = await openidOf(accountId);
  if (!openid) return giveBack('未找到患者的微信账号，改发短信');
  try {
    const { msgid } = await (await client()).sendSubscribeMessage({
      openid,
      templateId: template.templateId,
      page: template.pageFor?.(m.vars ?? {}) ?? template.page,
      data,
    });
    return { sent: { status: 'sent', channel: 'wechat', text: m.text, providerId: msgid } };
  } catch (e) {
    // Not the client's refusal: the client could not be had (e.g. no app secret), so nothing was sent.
    if (!(e instanceof SubscribeSendError)) {
      logger.error('wechat client unavailable', { id: m.id, error: (e as Error).name });
      return giveBack('微信服务暂时不可用，改发短信');
    }
    if (e.grantUsedUp) {
      await exhaustGrant(accountId, template.templateId, at);
      return { fallback: `${e.reason}，改发短信` };
    }
    // WeChat answered a refusal: the patient's send was not used. Without an answer we cannot know.
    if (e.errcode !== undefined) return giveBack(`${e.reason}，改发短信`);
    return { fallback: `${e.reason}，改发短信` };
  }
}
