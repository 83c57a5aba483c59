import { routes } from '../../shared/routes';
import { endpoint } from '../lib/http';

/**
 * The published contract: the OpenAPI document, generated once per container. Its generator and
 * every route's schemas (./openapi) are loaded on the first request, not when the function starts:
 * with them the docs group was among the slowest of the API groups to import cold.
 */
export const handlers = {
  openApiDocument: endpoint(routes.openApiDocument, { run: async () => (await import('./openapi')).openApiDocument() }),
};
