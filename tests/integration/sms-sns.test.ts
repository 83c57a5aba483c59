import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SmsError, type SmsMessage } from '../../functions/lib/sms';
import { snsSms } from '../../functions/lib/sms-sns';
import { standInServer } from '../support/stand-in-server';

// SMS through AWS SNS (functions/lib/sms-sns.ts) against a local server standing in for SNS's
// query API: the signed Publish it sends, and what it makes of SNS's answers.

const server = await standInServer();
afterAll(() => server.close());
beforeEach(() => {
  server.received.length = 0;
});

const sns = () =>
  snsSms({
    region: 'ap-southeast-1',
    endpoint: `${server.url}/`,
    credentials: { accessKeyId: 'AKIDSNS', secretAccessKey: 'secret', sessionToken: 'token' },
  });
const published = (id: string) => ({
  text: `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></PublishResponse>`,
});
const refused = (status: number, code: string) => ({
  status,
  text: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>no</Message></Error><RequestId>r2</RequestId></ErrorResponse>`,
});

const message: SmsMessage = {
  phone: '13800138000',
  text: '【仁和口腔】明天 09:30 就诊',
  marketing: false,
  reference: 'appointment#p_1#a_1',
  kind: 'appointment',
};

describe('SMS through AWS SNS', () => {
  it('publishes straight to the +86 number as transactional for a reminder, signed for SNS', async () => {
    server.route(() => published('sns-1'));
    await expect(sns().send(message)).resolves.toEqual({ providerId: 'sns-1' });
    const [r] = server.received;
    expect(r).toMatchObject({ method: 'POST', path: '/' });
    expect(String(r?.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDSNS\/\d{8}\/ap-southeast-1\/sns\/aws4_request, /,
    );
    expect(r?.headers['x-amz-security-token']).toBe('token');
    expect(Object.fromEntries(new URLSearchParams(r?.raw))).toEqual({
      Action: 'Publish',
      Version: '2010-03-31',
      PhoneNumber: '+8613800138000',
      Message: '【仁和口腔】明天 09:30 就诊',
      'MessageAttributes.entry.1.Name': 'AWS.SNS.SMS.SMSType',
      'MessageAttributes.entry.1.Value.DataType': 'String',
      'MessageAttributes.entry.1.Value.StringValue': 'Transactional',
    });
  });

  it('sends a greeting as promotional traffic', async () => {
    server.route(() => published('sns-2'));
    await sns().send({ ...message, marketing: true });
    expect(new URLSearchParams(server.received[0]?.raw).get('MessageAttributes.entry.1.Value.StringValue')).toBe(
      'Promotional',
    );
  });

  it('reports a refused or opted-out number as a permanent failure, throttling and faults as worth a later try', async () => {
    const outcome = async (answer: { status: number; text: string }) => {
      server.route(() => answer);
      return sns()
        .send(message)
        .catch((e: unknown) => e);
    };
    const invalid = await outcome(refused(400, 'InvalidParameter'));
    expect(invalid).toBeInstanceOf(SmsError);
    expect(invalid).toMatchObject({ permanent: true, reason: '短信服务拒绝发送（InvalidParameter）' });
    expect(await outcome(refused(400, 'OptedOut'))).toMatchObject({ permanent: true });
    expect(await outcome(refused(400, 'ParameterValueInvalid'))).toMatchObject({ permanent: true });
    expect(await outcome(refused(429, 'Throttled'))).toMatchObject({ permanent: false });
    expect(await outcome(refused(500, 'InternalError'))).toMatchObject({ permanent: false });
    // One request each: the outbox, not this client, tries again later.
    expect(server.received).toHaveLength(5);
  });

  it('reports an answer without a message id, and a dropped connection, as worth a later try', async () => {
    server.route(() => ({ text: '<PublishResponse></PublishResponse>' }));
    await expect(sns().send(message)).rejects.toMatchObject({ permanent: false, reason: '短信服务未返回消息编号' });
    server.route(() => ({ drop: true }));
    await expect(sns().send(message)).rejects.toMatchObject({ permanent: false, reason: '短信服务连接失败' });
  });
});
