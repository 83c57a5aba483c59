import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from './config';

/** The low-level client (shared with Powertools idempotency). */
export const dynamoClient = new DynamoDBClient(
  config.DYNAMO_ENDPOINT
    ? {
        endpoint: config.DYNAMO_ENDPOINT,
        region: config.AWS_REGION,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 5,
        // The local server runs every request in one process (a Lambda runs one at a time): more sockets.
        requestHandler: { httpAgent: { maxSockets: 256 } },
      }
    : {},
);

export const db = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true },
});

export const tableName = config.TABLE_NAME;
