import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { checkSubscribeFields } from '../../shared/messaging-rules';
import type { WeChatClient } from './wechat';
import { WECHAT_CODE_INVALID_MESSAGE } from './wechat-errors';
import { type SubscribeMessage, SubscribeSendError } from './wechat-subscribe';

/**
 * The stand-in's content check: texts holding one of these test words are judged risky; a text holding
 * SEC_CHECK_FAILS gets no verdict at all (as when WeChat cannot be reached), so fail-closed is testable.
 */
export const SEC_CHECK_RISKY_WORDS = ['违禁测试词', '赌博', '代开发票'] as const;
export const SEC_CHECK_FAILS = '安全检查故障测试';

const DEV_OPENID = /^dev:([A-Za-z0-9_-]{1,64})$/;
const DEV_PHONE = /^dev:(\d{11})$/;

/**
 * Local stand-in: a code 'dev:<openid>' logs in as that openid; a phone code 'dev:<11 digits>' verifies
 * that phone; anything else -> WECHAT_CODE_INVALID. Subscribe messages go nowhere: `subscribeSent`
 * keeps what would have been sent (the outbox shows it with channel wechat).
 */
export function localWeChatClient(): WeChatClient & { subscribeSent: SubscribeMessage[] } {
  const subscribeSent: SubscribeMessage[] = [];
  return {
    subscribeSent,
    async sendSubscribeMessage(m) {
      const problems = checkSubscribeFields(m.data);
      if (problems.length > 0) throw new SubscribeSendError(`订阅消息字段不符合要求：${problems.join('；')}`);
      subscribeSent.push(m);
      return { msgid: `local-wx-${subscribeSent.length}` };
    },
    async msgSecCheck({ content }) {
      if (content.includes(SEC_CHECK_FAILS))
        throw new AppError('UPSTREAM_UNAVAILABLE', 'WeChat msg_sec_check stand-in fails');
      return SEC_CHECK_RISKY_WORDS.some((w) => content.includes(w))
        ? { suggest: 'risky', label: 20001 }
        : { suggest: 'pass', label: 100 };
    },
    async code2Session(code) {
      const openid = DEV_OPENID.exec(code)?.[1];
      if (!openid) throw new AppError('WECHAT_CODE_INVALID', WECHAT_CODE_INVALID_MESSAGE);
      // Shaped like a real session_key (16 random bytes, base64) so callers handle it the same way.
      return { openid, sessionKey: randomBytes(16).toString('base64') };
    },
    async getPhoneNumber(code) {
      const phone = DEV_PHONE.exec(code)?.[1];
      if (!phone) throw new AppError('WECHAT_CODE_INVALID', WECHAT_CODE_INVALID_MESSAGE);
      return { phone, countryCode: '86' };
    },
    async getUnlimitedQRCode(input) {
      const QRCode = await import('qrcode');
      const image = await QRCode.toBuffer(input.h5Url, {
        type: 'png',
        width: 480,
        margin: 2,
        errorCorrectionLevel: 'M',
      });
      return { image, contentType: 'image/png' };
    },
  };
}
