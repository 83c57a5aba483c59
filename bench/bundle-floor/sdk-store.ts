/**
 * For comparison with floor 1 (bench/sections/bundles.ts): the same commands through the AWS SDK's
 * DynamoDB client and lib-dynamodb, bundled, as the functions sent them before
 * functions/lib/store-client.ts. No function is built this way.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { floorSender } from './inputs';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const send = floorSender((command) => db.send(command), {
  get: GetCommand,
  put: PutCommand,
  update: UpdateCommand,
  query: QueryCommand,
  batch: BatchGetCommand,
  transact: TransactWriteCommand,
});

export const handler = async (event: { kind: string }) => send(event.kind);
