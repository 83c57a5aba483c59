import { routes } from '../../shared/routes';
import { endpoint } from '../lib/http';
import { openApiDocument } from './openapi';

/** The published contract: the OpenAPI document, generated once per container. */
export const handlers = {
  openApiDocument: endpoint(routes.openApiDocument, { run: async () => openApiDocument() }),
};
