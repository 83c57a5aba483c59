import * as z from 'zod';
import { hisCredentialInput, hisEventInput, hisEventsQuery } from '../schemas/his';
import type { Contracts } from './types';
import { page } from './views/common';
import { hisCredentialView, hisEventView } from './views/visit-day';

/** The headers a HIS signs its requests with (functions/visits/his-auth.ts reads them; a test keeps the two equal). */
export const hisSignatureHeaders = {
  'x-his-clinic': z.string().meta({ description: '门诊编号' }),
  'x-his-key-id': z.string().meta({ description: '凭证编号（`keyId`）' }),
  'x-his-timestamp': z.string().meta({ description: '时间戳（秒），与服务器相差不超过 5 分钟' }),
  'x-his-nonce': z
    .string()
    .meta({ description: '每次请求一个新的随机值（8–64 位字母数字、_ 或 -），同一值只接受一次' }),
  'x-his-signature': z
    .string()
    .meta({ description: '签名：`HMAC-SHA256(密钥, 时间戳 + "\\n" + 随机值 + "\\n" + 请求体原文)`，小写十六进制' }),
};

/** The hospital's HIS: its credential, the events it sends, what arrived. */
export const hisContract = {
  hisCredential: {
    summary: '为门诊的 HIS 生成新凭证（旧凭证随即失效；密钥只显示这一次）',
    body: hisCredentialInput,
    response: hisCredentialView,
    success: [201],
    errors: ['CONFLICT', 'RATE_LIMITED'],
  },
  hisEvents: {
    summary: 'HIS 推送收费或治疗完成事件；已入账 200，未找到患者时待核对 202；同一单据号只入账一次',
    body: hisEventInput,
    response: hisEventView,
    success: [200, 202],
    signed: {
      scheme: 'hisSignature',
      description: 'HIS 签名：每家门诊一把凭证，对时间戳、随机值和请求体做 HMAC-SHA256 签名；过期或重放的请求被拒绝',
      headers: hisSignatureHeaders,
    },
    errors: ['UNAUTHENTICATED', 'CONFLICT', 'RATE_LIMITED'],
  },
  listHisEvents: {
    summary: 'HIS 对接记录：某天收到的事件，可按状态筛选',
    query: hisEventsQuery,
    response: page(hisEventView),
  },
} satisfies Contracts;
