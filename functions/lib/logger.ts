import { Logger } from '@aws-lambda-powertools/logger';

/** The structured logger; never give it phone or ID numbers, tokens or WeChat session keys. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'patientloop' });
