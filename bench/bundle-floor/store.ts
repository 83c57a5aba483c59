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
import { floorSender } from './inputs';

const db = new StoreClient({ region: process.env.AWS_REGION ?? 'cn-north-1' });

export const send = floorSender((command) => db.send(command), {
  get: GetCommand,
  put: PutCommand,
  update: UpdateCommand,
  query: QueryCommand,
  batch: BatchGetCommand,
  transact: TransactWriteCommand,
});

export const handler = async (event: { kind: string }) => send(event.kind);
