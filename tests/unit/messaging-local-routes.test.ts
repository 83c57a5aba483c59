import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as cloud } from '../../functions/messaging/index';
import { handler as local } from '../../functions/messaging/local';
import { cloudRoutes, routeList } from '../../functions/routes';

// The dev tools (run a job, read the outbox) exist on the local server only: the deployed messaging
// function (index.ts) does not serve them, and the cloud's route table does not list them.
const event = (routeKey: string) =>
  ({
    routeKey,
    rawPath: routeKey.split(' ')[1],
    headers: {},
    queryStringParameters: {},
    requestContext: { requestId: 'r-1', http: { method: routeKey.split(' ')[0] } },
    isBase64Encoded: false,
  }) as never;
const context = { awsRequestId: 'r-1', getRemainingTimeInMillis: () => 29_000 } as Context;
const devRoutes = routeList.filter((r) => r.group === 'messaging' && r.localOnly);

describe('the messaging group', () => {
  it('has local-only dev routes, which the cloud route table leaves out', () => {
    expect(devRoutes.map((r) => r.name).sort()).toEqual(['devOutbox', 'runJob']);
    const cloudNames = cloudRoutes().map((r) => r.name);
    for (const r of devRoutes) expect(cloudNames).not.toContain(r.name);
  });

  it('answers them ROUTE_NOT_FOUND when deployed, and serves them on the local server', async () => {
    for (const r of devRoutes) {
      const key = `${r.method} ${r.path}`;
      const deployed = (await cloud(event(key), context)) as { statusCode: number; body: string };
      expect(deployed.statusCode).toBe(404);
      expect(JSON.parse(deployed.body).error.code).toBe('ROUTE_NOT_FOUND');
      const served = (await local(event(key), context)) as { statusCode: number; body: string };
      // Reached the route: its own answer (its input check, or what it read), not the dispatcher's 404.
      expect(served.statusCode, served.body).not.toBe(404);
      expect(served.body).not.toContain('ROUTE_NOT_FOUND');
    }
  });
});
