/**
 * Bundle floor 1 (bench/sections/bundles.ts): the functions' store client alone
 * (functions/lib/store-client.ts), with the commands the repositories send, and no route code: what
 * every API bundle holds before anything of ours.
 */
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  StoreClient,
  TransactWriteCommand,
  UpdateCommand,
} from '../../functions/lib/store-client';

const db = new StoreClient({ region: process.env.AWS_REGION ?? 'cn-north-1' });
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
