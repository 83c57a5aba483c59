import { config } from './config';
import { StoreClient } from './store-client';

/** The one store client of the process (functions/lib/store-client.ts): the repositories' and the idempotency table's. */
export const db = new StoreClient(
  config.DYNAMO_ENDPOINT
    ? {
        endpoint: config.DYNAMO_ENDPOINT,
        region: config.AWS_REGION,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 5,
        // The local server runs every request in one process (a Lambda runs one at a time): more sockets.
        maxSockets: 256,
      }
    : { region: config.AWS_REGION },
);

export const tableName = config.TABLE_NAME;
