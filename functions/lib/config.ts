import * as z from 'zod';

/** Function configuration, parsed once at load: a missing or bad value stops the function at start. */
const configSchema = z
  .object({
    STAGE: z.enum(['local', 'cloud']).default('local'),
    TABLE_NAME: z.string().min(1),
    IDEMPOTENCY_TABLE_NAME: z.string().min(1),
    AWS_REGION: z.string().default('local'),
    /** Local only: DynamoDB Local's address. */
    DYNAMO_ENDPOINT: z.url().optional(),
    /** Cloud: Secrets Manager secret with {masterKey, wechatAppSecret}. */
    APP_SECRET_ARN: z.string().optional(),
    /** Local: the master key itself (a generated dev value kept in a git-ignored file). */
    APP_MASTER_KEY: z.string().min(32).optional(),
    WECHAT_MODE: z.enum(['local', 'real']).default('local'),
    WECHAT_APP_ID: z.string().default('wx-not-configured'),
    WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
    /** Local only: the WeChat app secret when testing the real client against a stand-in server. */
    WECHAT_APP_SECRET: z.string().optional(),
    /** The hospital group's name: signs messages to patients not yet tied to a clinic. */
    GROUP_NAME: z.string().min(1).default('本院'),
    /** Which SMS provider sends texts: a local sink, AWS SNS, or the domestic provider (China regions). */
    SMS_PROVIDER: z.enum(['local', 'sns']).default('local'),
    TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(8 * 3600),
  })
  .refine((c) => c.APP_SECRET_ARN || c.APP_MASTER_KEY, {
    message: 'APP_SECRET_ARN (cloud) or APP_MASTER_KEY (local) is required',
  })
  .refine((c) => c.STAGE === 'local' || !c.DYNAMO_ENDPOINT, { message: 'DYNAMO_ENDPOINT is local only' });

export type Config = z.infer<typeof configSchema>;

function load(): Config {
  const parsed = configSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(
      `bad configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

export const config: Config = load();
