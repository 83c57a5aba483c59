import { inject } from 'vitest';
import { tableNames } from '../../scripts/local/tables';

// Runs in each test worker before any test file is imported: the functions read this at load.
const names = tableNames('test');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.STAGE = 'local';
process.env.DYNAMO_ENDPOINT = inject('dynamoEndpoint');
process.env.TABLE_NAME = names.main;
process.env.IDEMPOTENCY_TABLE_NAME = names.idempotency;
process.env.APP_MASTER_KEY ??= 'test-master-key-not-secret-0123456789abcdef';
process.env.WECHAT_MODE ??= 'local';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
