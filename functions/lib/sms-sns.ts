import type http from 'node:http';
import { type AwsCredentials, agentFor, regionalEndpoint, signedRequest, xmlErrorCode } from './aws-http';
import { SmsError, type SmsProvider } from './sms';

// SNS answers these (its query API's error codes) when trying again cannot help: a malformed or
// invalid number, or one that opted out. Throttling and service errors are worth a later try.
const PERMANENT = new Set(['InvalidParameter', 'ParameterValueInvalid', 'OptedOut']);

export interface SnsOptions {
  region: string;
  /** A stand-in endpoint (tests); none: the region's SNS. */
  endpoint?: string;
  /** None: the function's own, from the environment. */
  credentials?: AwsCredentials;
}

/**
 * AWS SNS direct-to-phone SMS (global regions): transactional for reminders, promotional for
 * greetings. One Publish through SNS's query API, signed (aws-http.ts), instead of the SDK's client
 * (~170 KB in the scheduled bundle). No retry here: a failure not permanent leaves the message to the
 * outbox's next try (messaging/sender-service.ts).
 */
export function snsSms(o: SnsOptions): SmsProvider {
  const url = o.endpoint ?? regionalEndpoint('sns', o.region);
  let agent: http.Agent | undefined;
  return {
    name: 'sns',
    async send(m) {
      const body = new URLSearchParams({
        Action: 'Publish',
        Version: '2010-03-31',
        PhoneNumber: `+86${m.phone}`,
        Message: m.text,
        'MessageAttributes.entry.1.Name': 'AWS.SNS.SMS.SMSType',
        'MessageAttributes.entry.1.Value.DataType': 'String',
        'MessageAttributes.entry.1.Value.StringValue': m.marketing ? 'Promotional' : 'Transactional',
      }).toString();
      agent ??= agentFor(url);
      let res: Awaited<ReturnType<typeof signedRequest>>;
      try {
        res = await signedRequest({ service: 'sns', region: o.region, credentials: o.credentials }, agent, {
          method: 'POST',
          url,
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body,
        });
      } catch {
        throw new SmsError('短信服务连接失败', false);
      }
      const text = res.body.toString('utf8');
      if (res.status === 200) {
        const id = /<MessageId>([^<]+)<\/MessageId>/.exec(text)?.[1];
        if (!id) throw new SmsError('短信服务未返回消息编号', false);
        return { providerId: id };
      }
      const code = xmlErrorCode(res.body) ?? `HTTP ${res.status}`;
      throw new SmsError(`短信服务拒绝发送（${code}）`, PERMANENT.has(code));
    },
  };
}
