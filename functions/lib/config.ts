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
    /** Where patients open the H5 app (a survey link in a message): `npm start` sets its own address. */
    PUBLIC_APP_URL: z
      .url()
      .default('http://127.0.0.1:3000')
      .transform((u) => u.replace(/\/+$/, '')),
    /** The hospital group's name: signs messages to patients not yet tied to a clinic. */
    GROUP_NAME: z.string().min(1).default('本院'),
    /** Which SMS provider sends texts: a local sink, AWS SNS, or the domestic provider (China regions). */
    SMS_PROVIDER: z.enum(['local', 'sns', 'tencent']).default('local'),
    /** WeChat subscribe-message template ids (就诊提醒, 复诊提醒), as registered for the mini-program. */
    WECHAT_TEMPLATE_APPOINTMENT: z.string().min(1).default('local-tpl-appointment'),
    WECHAT_TEMPLATE_REVISIT: z.string().min(1).default('local-tpl-revisit'),
    WECHAT_TEMPLATE_SURVEY: z.string().min(1).default('local-tpl-survey'),
    /** Tencent Cloud SMS (China regions): the SMS app, its approved signature and each kind's approved template id. */
    TENCENT_SMS_SDK_APP_ID: z.string().default(''),
    TENCENT_SMS_SIGN_NAME: z.string().default(''),
    TENCENT_SMS_TEMPLATES: z
      .string()
      .default('{}')
      .transform((s, ctx) => {
        try {
          return z.record(z.string(), z.string().min(1)).parse(JSON.parse(s));
        } catch {
          ctx.addIssue({
            code: 'custom',
            message: 'TENCENT_SMS_TEMPLATES must be a JSON object of kind -> template id',
          });
          return z.NEVER;
        }
      }),
    TENCENT_SMS_REGION: z.string().default('ap-guangzhou'),
    /** Tests only: a local stand-in for sms.tencentcloudapi.com (host:port, spoken to over http). */
    TENCENT_SMS_ENDPOINT: z.string().optional(),
    /** Local: Tencent Cloud API keys (in the cloud they live in the app secret). */
    TENCENT_SECRET_ID: z.string().optional(),
    TENCENT_SECRET_KEY: z.string().optional(),
    /** Local: the shared token the SMS provider's reply webhook must carry (in the cloud: the app secret). */
    SMS_REPLY_TOKEN: z.string().optional(),
    /** Where consultation photos are kept: S3 in the cloud; locally files under PHOTO_DIR, or memory without one (tests). */
    PHOTO_STORE: z.enum(['local', 's3']).default('local'),
    PHOTO_DIR: z.string().optional(),
    PHOTO_BUCKET: z.string().optional(),
    /** Tests only: a local stand-in for S3 (path-style requests). */
    S3_ENDPOINT: z.url().optional(),
    /** WeChat subscribe-message template id of 咨询回复通知. */
    WECHAT_TEMPLATE_CONSULT: z.string().min(1).default('local-tpl-consult'),
    TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(8 * 3600),
  })
  .refine((c) => c.APP_SECRET_ARN || c.APP_MASTER_KEY, {
    message: 'APP_SECRET_ARN (cloud) or APP_MASTER_KEY (local) is required',
  })
  .refine((c) => c.STAGE === 'local' || !c.DYNAMO_ENDPOINT, { message: 'DYNAMO_ENDPOINT is local only' })
  .refine((c) => c.PHOTO_STORE !== 's3' || c.PHOTO_BUCKET, { message: 'PHOTO_STORE=s3 needs PHOTO_BUCKET' })
  .refine((c) => c.SMS_PROVIDER !== 'tencent' || (c.TENCENT_SMS_SDK_APP_ID && c.TENCENT_SMS_SIGN_NAME), {
    message: 'SMS_PROVIDER=tencent needs TENCENT_SMS_SDK_APP_ID and TENCENT_SMS_SIGN_NAME',
  });

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
