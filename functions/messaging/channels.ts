import { SNSClient } from '@aws-sdk/client-sns';
import { config } from '../lib/config';
import { localSms, type SmsProvider } from '../lib/sms';
import { snsSms } from '../lib/sms-sns';

let sms: SmsProvider | undefined;

/** The SMS provider configuration names: made once per container. */
export function smsProvider(): SmsProvider {
  if (!sms) sms = config.SMS_PROVIDER === 'sns' ? snsSms(new SNSClient({})) : localSms();
  return sms;
}
