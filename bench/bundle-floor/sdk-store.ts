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

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TableName = process.env.TABLE_NAME;
const Key = { pk: 'x', sk: 'x' };

export const send = (kind: string) => {
  switch (kind) {
    case 'get':
      return db.send(new GetCommand({ TableName, Key }));
    case 'put':
      return db.send(new PutCommand({ TableName, Item: Key }));
    case 'update':
      return db.send(
        new UpdateCommand({ TableName, Key, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 } }),
      );
    case 'query':
      return db.send(
        new QueryCommand({ TableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'x' } }),
      );
    case 'batch':
      return db.send(new BatchGetCommand({ RequestItems: { [TableName ?? 't']: { Keys: [Key] } } }));
    default:
      return db.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName, Item: Key } }] }));
  }
};

export const handler = async (event: { kind: string }) => send(event.kind);
