import type { MessageKind } from '../../shared/schemas/messages';
import { config } from '../lib/config';
import { appSecrets } from '../lib/secrets';
import { localSms, type SmsProvider } from '../lib/sms';
import { snsSms } from '../lib/sms-sns';
import { tencentSms, tencentSmsClient } from '../lib/sms-tencent';

let sms: SmsProvider | undefined;

/** The SMS provider configuration names: made once per container. */
export function smsProvider(): SmsProvider {
  sms ??= make();
  return sms;
}

function make(): SmsProvider {
  switch (config.SMS_PROVIDER) {
    case 'sns':
      return snsSms({ region: config.AWS_REGION });
    case 'tencent':
      return tencentSms(
        tencentSmsClient({
          region: config.TENCENT_SMS_REGION,
          endpoint: config.TENCENT_SMS_ENDPOINT,
          credential: async () => {
            const s = await appSecrets();
            return { secretId: s.tencentSecretId, secretKey: s.tencentSecretKey };
          },
        }),
        {
          sdkAppId: config.TENCENT_SMS_SDK_APP_ID,
          signName: config.TENCENT_SMS_SIGN_NAME,
          templates: config.TENCENT_SMS_TEMPLATES as Partial<Record<MessageKind, string>>,
        },
      );
    default:
      return localSms();
  }
}
