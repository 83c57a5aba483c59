import * as z from 'zod';
import { contractOf } from '../../shared/contract';
import { type RouteDef, type RouteName, routeList } from '../../shared/routes';

const compiled = routeList.map((r) => ({
  route: r,
  regex: new RegExp(`^${r.path.replace(/\{(\w+)\}/g, '[^/]+')}$`),
}));

/** The route a request reaches, found as the local server finds it (table order, then method). */
export function routeOf(method: string, path: string): (RouteDef & { name: RouteName }) | undefined {
  const pathname = path.split('?')[0] ?? path;
  return compiled.find((c) => c.route.method === method.toUpperCase() && c.regex.test(pathname))?.route;
}

/** The success statuses a route's contract promises. */
export function successStatuses(r: RouteDef & { name: RouteName }): number[] {
  return contractOf(r.name).success ?? [r.creates ? 201 : 200];
}

/**
 * Every 2xx answer the tests receive is held to the published contract: its status is one the route
 * promises, and a JSON body parses with the route's response schema. A mismatch fails the calling
 * test, naming the route and the fields, so the whole suite keeps shared/contract honest.
 */
export function checkAnswer(method: string, path: string, status: number, contentType: string, body: unknown): void {
  if (status < 200 || status > 299) return;
  const r = routeOf(method, path);
  if (!r) return;
  const where = `${method} ${path} (${r.name})`;
  if (!successStatuses(r).includes(status)) {
    throw new Error(`contract: ${where} answered ${status}, the contract promises ${successStatuses(r).join('/')}`);
  }
  const schema = contractOf(r.name).response;
  if (!/application\/json/i.test(contentType) || !(schema instanceof z.ZodType)) return;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`).slice(0, 8);
    throw new Error(
      `contract: ${where} answered what its response schema does not describe:\n  ${issues.join('\n  ')}`,
    );
  }
}
