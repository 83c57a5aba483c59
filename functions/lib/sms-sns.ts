import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SmsError, type SmsProvider } from './sms';

// SNS answers these when trying again cannot help; throttling and service errors are worth a retry.
const PERMANENT = new Set(['InvalidParameterException', 'InvalidParameterValueException', 'OptedOutException']);

/** AWS SNS direct-to-phone SMS (global regions): transactional for reminders, promotional for greetings. */
export function snsSms(client: SNSClient): SmsProvider {
  return {
    name: 'sns',
    async send(m) {
      try {
        const out = await client.send(
          new PublishCommand({
            PhoneNumber: `+86${m.phone}`,
            Message: m.text,
            MessageAttributes: {
              'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: m.marketing ? 'Promotional' : 'Transactional' },
            },
          }),
        );
        if (!out.MessageId) throw new SmsError('短信服务未返回消息编号', false);
        return { providerId: out.MessageId };
      } catch (e) {
        if (e instanceof SmsError) throw e;
        const name = (e as Error).name;
        throw new SmsError(`短信服务拒绝发送（${name}）`, PERMANENT.has(name));
      }
    },
  };
}
