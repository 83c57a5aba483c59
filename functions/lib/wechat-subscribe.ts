import type { SubscribeField } from '../../shared/messaging-rules';

/** One subscribe message to send (subscribeMessage.send). */
export interface SubscribeMessage {
  openid: string;
  templateId: string;
  /** Mini-program page a tap opens, e.g. pages/appointments/index. */
  page: string;
  /** The template's fields by key (thing2, time3 …); checked against WeChat's rules before sending. */
  data: Readonly<Record<string, SubscribeField>>;
}

/** WeChat's errcodes of subscribeMessage.send, in words a staff member reads in a message's history. */
const REASONS: Record<number, string> = {
  43101: '患者的微信订阅次数已用完或已拒收',
  47003: '订阅消息字段不符合微信要求',
  40003: '微信用户标识无效',
  40037: '订阅消息模板编号无效',
  41030: '订阅消息跳转的页面不存在',
  43108: '同一患者的订阅消息发送过于频繁',
  45009: '微信接口今日调用次数已达上限',
  [-1]: '微信服务繁忙',
};

/**
 * A subscribe message WeChat did not take. `grantUsedUp` (43101): the patient has no send left for the
 * template. The message is Chinese and carries no openid, token or secret.
 */
export class SubscribeSendError extends Error {
  constructor(
    readonly reason: string,
    readonly errcode?: number,
  ) {
    super(reason);
    this.name = 'SubscribeSendError';
  }

  get grantUsedUp(): boolean {
    return this.errcode === 43101;
  }

  static of(errcode: number): SubscribeSendError {
    return new SubscribeSendError(REASONS[errcode] ?? `微信拒绝发送订阅消息（错误码 ${errcode}）`, errcode);
  }
}

/** The request body subscribeMessage.send takes: every field as {value}. */
export function subscribeBody(m: SubscribeMessage) {
  return {
    touser: m.openid,
    template_id: m.templateId,
    page: m.page,
    data: Object.fromEntries(Object.entries(m.data).map(([k, f]) => [k, { value: f.value }])),
    miniprogram_state: 'formal',
    lang: 'zh_CN',
  };
}
