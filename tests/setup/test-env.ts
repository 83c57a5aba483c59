import { tableNames } from '../../scripts/local/tables';

/** The functions' configuration in tests: DynamoDB Local, the test tables, a fixed non-secret key. */
export function testEnv(dynamoEndpoint: string): Record<string, string> {
  const names = tableNames('test');
  return {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    STAGE: 'local',
    DYNAMO_ENDPOINT: dynamoEndpoint,
    TABLE_NAME: names.main,
    IDEMPOTENCY_TABLE_NAME: names.idempotency,
    APP_MASTER_KEY: process.env.APP_MASTER_KEY ?? 'test-master-key-not-secret-0123456789abcdef',
    WECHAT_MODE: process.env.WECHAT_MODE ?? 'local',
    SMS_REPLY_TOKEN: process.env.SMS_REPLY_TOKEN ?? 'test-sms-reply-token-not-secret',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR',
  };
}
