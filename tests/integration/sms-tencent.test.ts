import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SmsError, type SmsMessage } from '../../functions/lib/sms';
import { smsErrorFor, tencentSms, tencentSmsClient } from '../../functions/lib/sms-tencent';
import { type Answer, standInServer } from '../support/stand-in-server';

// Tencent Cloud SMS through its official SDK, against a local stand-in for sms.tencentcloudapi.com:
// the exact SendSms request, and each status code as the sender sees it.

const SECRET_ID = 'AKIDtest0000000000000000';
const SECRET_KEY = 'tencent-secret-key-not-real-123';

const server = await standInServer();
afterAll(() => server.close());

const provider = tencentSms(
  tencentSmsClient({
    region: 'ap-guangzhou',
    endpoint: server.host,
    credential: async () => ({ secretId: SECRET_ID, secretKey: SECRET_KEY }),
  }),
  { sdkAppId: '1400123456', signName: '测试口腔', templates: { appointment: '2001001', birthday: '2001003' } },
);

const reminder: SmsMessage = {
  phone: '13800138000',
  text: '【测试口腔】孙小美您好……',
  marketing: false,
  reference: 'appointment#p_1#a_1',
  kind: 'appointment',
  vars: {
    name: '孙小美',
    clinic: '测试口腔门诊',
    department: '正畸科',
    date: '4月10日',
    time: '09:30',
    day: '2031-04-10',
  },
};

/** Tencent's answer to SendSms with one status. */
function status(Code: string, extra: Record<string, unknown> = {}): Answer {
  return {
    json: {
      Response: {
        SendStatusSet: [
          {
            SerialNo: '5000:1045710669157053657849499619',
            PhoneNumber: '+8613800138000',
            Fee: 1,
            SessionContext: 'appointment#p_1#a_1',
            Code,
            Message: Code === 'Ok' ? 'send success' : 'some english reason',
            IsoCode: 'CN',
            ...extra,
          },
        ],
        RequestId: 'a0aabda6-cf91-4f3e-a81f-9198114a2279',
      },
    },
  };
}

async function refusal(p: Promise<unknown>): Promise<SmsError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SmsError);
  return e as SmsError;
}

beforeEach(() => {
  server.received.length = 0;
});

describe('Tencent Cloud SMS', () => {
  it('sends SendSms with the +86 number, the kind’s template, its parameters in order and the signature', async () => {
    server.route(() => status('Ok'));
    const out = await provider.send(reminder);
    expect(out).toEqual({ providerId: '5000:1045710669157053657849499619' });
    const [req] = server.received;
    expect(req?.method).toBe('POST');
    expect(req?.headers['x-tc-action']).toBe('SendSms');
    expect(req?.headers['x-tc-version']).toBe('2021-01-11');
    expect(req?.headers['x-tc-region']).toBe('ap-guangzhou');
    expect(req?.headers.authorization).toMatch(new RegExp(`^TC3-HMAC-SHA256 Credential=${SECRET_ID}/`));
    expect(req?.body).toEqual({
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: '1400123456',
      SignName: '测试口腔',
      TemplateId: '2001001',
      TemplateParamSet: ['孙小美', '测试口腔门诊', '正畸科', '4月10日', '09:30'],
      SessionContext: 'appointment#p_1#a_1',
    });
    expect(JSON.stringify(req)).not.toContain(SECRET_KEY);
  });

  it.each([
    ['LimitExceeded.PhoneNumberDailyLimit', false, '发送过于频繁，超过了短信服务的频率限制'],
    ['InvalidParameterValue.IncorrectPhoneNumber', true, '手机号码不正确'],
    ['FailedOperation.SignatureIncorrectOrUnapproved', true, '短信签名未审核通过或与模板不符'],
    ['FailedOperation.TemplateIncorrectOrUnapproved', true, '短信模板未审核通过或不存在'],
    ['FailedOperation.PhoneNumberInBlacklist', true, '该号码已退订短信或被列入黑名单'],
    ['FailedOperation.InsufficientBalanceInSmsPackage', false, '短信套餐包余量不足'],
  ])('maps the status %s to an SmsError (permanent: %s) in Chinese', async (code, permanent, reason) => {
    server.route(() => status(code));
    const e = await refusal(provider.send(reminder));
    expect(e).toMatchObject({ permanent, reason });
  });

  it('maps a request refused as a whole (an error response) by its code, never its English message', async () => {
    server.route(() => ({
      json: {
        Response: {
          Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated.' },
          RequestId: 'r-1',
        },
      },
    }));
    const e = await refusal(provider.send(reminder));
    expect(e).toMatchObject({ permanent: false, reason: '短信服务的账号或应用配置有误' });
  });

  it('reports a provider it cannot reach as worth retrying', async () => {
    server.route(() => ({ status: 503 }));
    const e = await refusal(provider.send(reminder));
    expect(e).toMatchObject({ permanent: false });
    expect(e.reason).toMatch(/[\u4e00-\u9fff]/u);
  });

  it('refuses, without calling Tencent, a kind with no template or a message without its values', async () => {
    server.route(() => status('Ok'));
    const noTemplate = await refusal(provider.send({ ...reminder, kind: 'holiday' }));
    expect(noTemplate).toMatchObject({ permanent: true, reason: '未配置该类消息的短信模板' });
    const noVars = await refusal(provider.send({ ...reminder, vars: { name: '孙小美' } }));
    expect(noVars).toMatchObject({ permanent: true, reason: '消息缺少短信模板所需的内容' });
    expect(server.received).toEqual([]);
  });

  it('gives any other code a Chinese reason naming it', () => {
    expect(smsErrorFor('FailedOperation.Something')).toMatchObject({
      permanent: false,
      reason: '短信服务拒绝发送（FailedOperation.Something）',
    });
    expect(smsErrorFor('InternalError.Timeout').reason).toBe('短信服务内部错误');
  });
});
