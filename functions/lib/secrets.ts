import { config } from './config';

export interface AppSecrets {
  masterKey: string;
  wechatAppSecret?: string;
}

let cached: Promise<AppSecrets> | undefined;

/** The app's secrets: from Secrets Manager in the cloud (fetched once per container), from env locally. */
export function appSecrets(): Promise<AppSecrets> {
  cached ??= load();
  return cached;
}

async function load(): Promise<AppSecrets> {
  if (config.APP_MASTER_KEY) {
    return { masterKey: config.APP_MASTER_KEY, wechatAppSecret: config.WECHAT_APP_SECRET };
  }
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: config.APP_SECRET_ARN }));
  const parsed = JSON.parse(out.SecretString ?? '{}') as Partial<AppSecrets>;
  if (!parsed.masterKey) throw new Error('app secret has no masterKey');
  return { masterKey: parsed.masterKey, wechatAppSecret: parsed.wechatAppSecret || undefined };
}
