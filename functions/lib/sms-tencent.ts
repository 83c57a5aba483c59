import type * as tencentcloud from 'tencentcloud-sdk-nodejs-sms';
import { templateVars } from '../../shared/messaging-rules';
import type { MessageKind } from '../../shared/schemas/messages';
import { SmsError, type SmsProvider } from './sms';

type SmsClient = InstanceType<typeof tencentcloud.sms.v20210111.Client>;
type Credential = { secretId?: string; secretKey?: string };

export interface TencentSmsOptions {
  /** SmsSdkAppId of the SMS application. */
  sdkAppId: string;
  /** The approved signature (签名内容), sent as SignName. */
  signName: string;
  /** Each kind's approved template id; a kind without one is not sent. */
  templates: Partial<Record<MessageKind, string>>;
}

/**
 * The Tencent Cloud SDK client. Keys are read when a request is signed (from the app secret in the
 * cloud, env locally), never kept in the repo. `endpoint` (host:port, over http) is for tests only.
 * The SDK is loaded only here, when the provider is first used: functions deployed with another
 * provider neither bundle nor load it (infra/constructs/app-function.ts keeps it external).
 */
export async function tencentSmsClient(o: {
  credential: () => Promise<Credential>;
  region: string;
  endpoint?: string;
}): Promise<SmsClient> {
  const { sms } = await import('tencentcloud-sdk-nodejs-sms');
  return new sms.v20210111.Client({
    credential: { getCredential: o.credential },
    region: o.region,
    profile: {
      language: 'zh-CN',
      httpProfile: { reqTimeout: 10, ...(o.endpoint ? { endpoint: o.endpoint, protocol: 'http://' } : {}) },
    },
  });
}

/** Tencent's status and error codes in the words a staff member reads; `permanent` when retrying cannot help. */
export function smsErrorFor(code: string): SmsError {
  const [group] = code.split('.');
  switch (code) {
    case 'InvalidParameterValue.IncorrectPhoneNumber':
      return new SmsError('手机号码不正确', true);
    case 'FailedOperation.PhoneNumberInBlacklist':
    case 'FailedOperation.PhoneNumberOnBlacklist':
      return new SmsError('该号码已退订短信或被列入黑名单', true);
    case 'FailedOperation.SignatureIncorrectOrUnapproved':
      return new SmsError('短信签名未审核通过或与模板不符', true);
    case 'FailedOperation.TemplateIncorrectOrUnapproved':
    case 'FailedOperation.MissingTemplateToModify':
      return new SmsError('短信模板未审核通过或不存在', true);
    case 'FailedOperation.ContainSensitiveWord':
    case 'FailedOperation.FailResolvePacket':
      return new SmsError('短信内容含有敏感词，被拒绝发送', true);
    case 'InvalidParameterValue.TemplateParameterFormatError':
    case 'InvalidParameterValue.TemplateParameterLengthLimit':
    case 'InvalidParameterValue.ContentLengthLimit':
      return new SmsError('短信模板参数不符合要求', true);
    case 'FailedOperation.InsufficientBalanceInSmsPackage':
      return new SmsError('短信套餐包余量不足', false);
  }
  switch (group) {
    case 'LimitExceeded':
      return new SmsError('发送过于频繁，超过了短信服务的频率限制', false);
    case 'AuthFailure':
    case 'UnauthorizedOperation':
      return new SmsError('短信服务的账号或应用配置有误', false);
    case 'InternalError':
      return new SmsError('短信服务内部错误', false);
    default:
      return new SmsError(`短信服务拒绝发送（${code}）`, false);
  }
}

/**
 * Tencent Cloud SMS (China regions): a domestic provider sends only approved templates with
 * parameters, never free text, so the message's kind picks the template and its values go in the
 * template's fixed order (the kind's placeholders in shared/messaging-rules `templateVars`).
 */
export function tencentSms(client: SmsClient | Promise<SmsClient>, o: TencentSmsOptions): SmsProvider {
  return {
    name: 'tencent',
    async send(m) {
      const templateId = o.templates[m.kind];
      if (!templateId) throw new SmsError('未配置该类消息的短信模板', true);
      const params = templateVars[m.kind].map((k) => m.vars?.[k]);
      if (params.some((p) => p === undefined || p === '')) throw new SmsError('消息缺少短信模板所需的内容', true);
      let out: Awaited<ReturnType<SmsClient['SendSms']>>;
      try {
        out = await (await client).SendSms({
          PhoneNumberSet: [`+86${m.phone}`],
          SmsSdkAppId: o.sdkAppId,
          SignName: o.signName,
          TemplateId: templateId,
          TemplateParamSet: params as string[],
          SessionContext: m.reference,
        });
      } catch (e) {
        // The SDK's message may be English or quote the request: only its code travels.
        const code = (e as { code?: unknown }).code;
        throw typeof code === 'string' && code ? smsErrorFor(code) : new SmsError('短信服务暂时无法连接', false);
      }
      const status = out.SendStatusSet?.[0];
      if (!status) throw new SmsError('短信服务未返回发送结果', false);
      if (status.Code !== 'Ok') throw smsErrorFor(status.Code ?? '');
      if (!status.SerialNo) throw new SmsError('短信服务未返回消息编号', false);
      return { providerId: status.SerialNo };
    },
  };
}
