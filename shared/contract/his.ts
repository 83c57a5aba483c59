import * as z from 'zod';
import {
  applyHisEventInput,
  hisCredentialInput,
  hisCredentialView,
  hisDocumentNo,
  hisEventInput,
  hisEventsQuery,
  hisEventView,
} from '../schemas/his';
import type { Contracts } from './types';
import { page } from './views/common';

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

/** The HIS sends what happened (issue 11): its credential, its events, the manager's list and review. */
export const hisContract = {
  hisCredential: {
    summary: '管理者为本院 HIS 生成（或更换）签名密钥：密钥只显示这一次，旧密钥立即失效',
    body: hisCredentialInput,
    response: hisCredentialView,
    success: [201],
    errors: ['CONFLICT', 'RATE_LIMITED'],
  },
  hisEvents: {
    summary:
      'HIS 发来一条收费（负数为退费）或完成的治疗，按 HMAC-SHA256 签名：200 已入账；202 未找到患者，待核对；同一单据号只入账一次',
    body: hisEventInput,
    response: hisEventView,
    success: [200, 202],
    signed: {
      scheme: 'hisSignature',
      description: 'HIS 签名：每家门诊一把凭证，对时间戳、随机值和请求体做 HMAC-SHA256 签名；过期或重放的请求被拒绝',
      headers: hisSignatureHeaders,
    },
    errors: ['UNAUTHENTICATED', 'CONFLICT', 'RATE_LIMITED', 'PAYLOAD_TOO_LARGE'],
  },
  listHisEvents: {
    summary: '管理者查看某天（默认今天）HIS 发来的记录：已入账和待核对的，及待核对的原因',
    query: hisEventsQuery,
    response: page(hisEventView),
  },
  applyHisEvent: {
    summary:
      '管理者处理一条待核对的 HIS 记录：不指定患者时按手机号和 HIS 患者号重新匹配，指定患者时计入该患者；只入账一次',
    params: { documentNo: hisDocumentNo },
    body: applyHisEventInput,
    response: hisEventView,
    errors: ['CONFLICT', 'RATE_LIMITED'],
  },
} satisfies Contracts;
