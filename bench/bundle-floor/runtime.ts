/** Bundle floor 2: floor 1 behind middy with the Powertools logger, as every handler group runs. */
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import { send } from './store';

const logger = new Logger({ serviceName: 'floor' });

export const handler = middy(async (event: { kind: string }) => {
  logger.info('floor', { kind: event.kind });
  return send(event.kind);
});
