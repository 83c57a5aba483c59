import type { SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { SmsError, type SmsMessage } from '../../functions/lib/sms';
import { snsSms } from '../../functions/lib/sms-sns';

/** An SNS client that records each command's input and answers as told. */
function fakeSns(answer: () => Promise<unknown>) {
  const inputs: unknown[] = [];
  const client = {
    send: async (command: { input: unknown }) => {
      inputs.push(command.input);
      return answer();
    },
  } as unknown as SNSClient;
  return { client, inputs };
}

const message: SmsMessage = {
  phone: '13800138000',
  text: '【仁和口腔】明天 09:30 就诊',
  marketing: false,
  reference: 'appointment#p_1#a_1',
  kind: 'appointment',
};

describe('SMS through AWS SNS', () => {
  it('publishes straight to the +86 number as transactional for a reminder', async () => {
    const { client, inputs } = fakeSns(async () => ({ MessageId: 'sns-1' }));
    const out = await snsSms(client).send(message);
    expect(out).toEqual({ providerId: 'sns-1' });
    expect(inputs).toEqual([
      {
        PhoneNumber: '+8613800138000',
        Message: '【仁和口腔】明天 09:30 就诊',
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      },
    ]);
  });

  it('sends a greeting as promotional traffic', async () => {
    const { client, inputs } = fakeSns(async () => ({ MessageId: 'sns-2' }));
    await snsSms(client).send({ ...message, marketing: true });
    expect(inputs[0]).toMatchObject({
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { StringValue: 'Promotional' } },
    });
  });

  it('reports a refused number as a permanent failure and throttling as one worth retrying', async () => {
    const refused = Object.assign(new Error('bad number'), { name: 'InvalidParameterException' });
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottledException' });
    const a = await snsSms(fakeSns(async () => Promise.reject(refused)).client)
      .send(message)
      .catch((e) => e);
    const b = await snsSms(fakeSns(async () => Promise.reject(throttled)).client)
      .send(message)
      .catch((e) => e);
    expect(a).toBeInstanceOf(SmsError);
    expect(a).toMatchObject({ permanent: true });
    expect(b).toMatchObject({ permanent: false });
    expect(a.reason).toContain('短信服务拒绝发送');
  });
});
