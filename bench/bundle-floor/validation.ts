/** Bundle floor 3: floor 2 validating its input with zod's classic API, as the shared schemas are written. */
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import * as z from 'zod';
import { send } from './store';

const logger = new Logger({ serviceName: 'floor' });
const input = z.object({
  kind: z.enum(['get', 'put', 'update', 'query', 'batch', 'transact']),
  note: z.string().max(20).optional(),
});

export const handler = middy(async (event: unknown) => {
  const { kind } = input.parse(event);
  logger.info('floor', { kind });
  return send(kind);
});
