/**
 * The settings that say where the app's secrets come from, read from the environment without zod
 * (functions/lib/config.ts validates them again, with everything else, in every API function): the
 * authorizer needs only these. Read once at load; a bad value stops the function at start, as config does.
 */
export interface SecretSettings {
  /** Cloud: Secrets Manager secret with {masterKey, wechatAppSecret, ...}. */
  APP_SECRET_ARN?: string;
  /** Local: the master key itself (at least 32 characters). */
  APP_MASTER_KEY?: string;
  WECHAT_APP_SECRET?: string;
  TENCENT_SECRET_ID?: string;
  TENCENT_SECRET_KEY?: string;
  SMS_REPLY_TOKEN?: string;
}

const NAMES = [
  'APP_SECRET_ARN',
  'APP_MASTER_KEY',
  'WECHAT_APP_SECRET',
  'TENCENT_SECRET_ID',
  'TENCENT_SECRET_KEY',
  'SMS_REPLY_TOKEN',
] as const;

/** The secret settings of `env`, or an error naming what is wrong (the same rules as config.ts). */
export function readSecretSettings(env: Record<string, string | undefined>): SecretSettings {
  const out: SecretSettings = {};
  for (const name of NAMES) if (env[name] !== undefined) out[name] = env[name];
  const problems = [
    ...(out.APP_MASTER_KEY !== undefined && out.APP_MASTER_KEY.length < 32
      ? ['APP_MASTER_KEY is shorter than 32']
      : []),
    ...(out.APP_SECRET_ARN || out.APP_MASTER_KEY
      ? []
      : ['APP_SECRET_ARN (cloud) or APP_MASTER_KEY (local) is required']),
  ];
  if (problems.length) throw new Error(`bad configuration: ${problems.join('; ')}`);
  return out;
}

export const secretSettings: SecretSettings = readSecretSettings(process.env);
