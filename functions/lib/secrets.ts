import { secretSettings } from './secret-settings';
import { secretStringFromExtension } from './secrets-extension';

export interface AppSecrets {
  masterKey: string;
  wechatAppSecret?: string;
  /** Tencent Cloud API keys for the domestic SMS provider. */
  tencentSecretId?: string;
  tencentSecretKey?: string;
  /** The shared token the SMS provider's reply webhook carries. */
  smsReplyToken?: string;
}

let cached: Promise<AppSecrets> | undefined;

/**
 * The app's secrets: from Secrets Manager in the cloud (through the extension, once per container),
 * from env locally. A failed fetch is not kept: the next request asks again.
 */
export function appSecrets(): Promise<AppSecrets> {
  cached ??= load().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

async function load(): Promise<AppSecrets> {
  if (secretSettings.APP_MASTER_KEY) {
    return {
      masterKey: secretSettings.APP_MASTER_KEY,
      wechatAppSecret: secretSettings.WECHAT_APP_SECRET,
      tencentSecretId: secretSettings.TENCENT_SECRET_ID,
      tencentSecretKey: secretSettings.TENCENT_SECRET_KEY,
      smsReplyToken: secretSettings.SMS_REPLY_TOKEN,
    };
  }
  const parsed = JSON.parse(
    await secretStringFromExtension(secretSettings.APP_SECRET_ARN ?? ''),
  ) as Partial<AppSecrets>;
  if (!parsed.masterKey) throw new Error('app secret has no masterKey');
  return {
    masterKey: parsed.masterKey,
    wechatAppSecret: parsed.wechatAppSecret || undefined,
    tencentSecretId: parsed.tencentSecretId || undefined,
    tencentSecretKey: parsed.tencentSecretKey || undefined,
    smsReplyToken: parsed.smsReplyToken || undefined,
  };
}
