import { describe, expect, it } from 'vitest';
import { pathParamNames, type RouteDef, routeList } from '../../shared/routes';
import { uniqueOpenid } from '../support/api';
import { teamForFile } from '../support/people';

const { api } = await teamForFile('t', []);
const tokens = new Map<string, Promise<string>>();

/** A valid token of a role the route lets in (none for a public route). */
function tokenFor(access: RouteDef['access']): Promise<string | undefined> {
  if (access === 'public') return Promise.resolve(undefined);
  const role = access === 'user' ? 'patient' : access[0]!;
  let t = tokens.get(role);
  if (!t) {
    t = api.login(uniqueOpenid(`pp-${role}`), role === 'patient' ? undefined : role);
    tokens.set(role, t);
  }
  return t;
}

const broken = ['%', '%zz', '%E0%A4%A'];
const withParams = routeList.filter((r) => pathParamNames(r.path).length > 0);
const cases = withParams.flatMap((r) =>
  pathParamNames(r.path).flatMap((param) =>
    broken.map((raw) => ({
      route: `${r.method} ${r.path}`,
      r,
      param,
      raw,
      // The other parameters of the path (none today) get a well-formed id.
      path: r.path.replace(/\{(\w+)\}/g, (_, n: string) => (n === param ? raw : 'x_ok')),
    })),
  ),
);

describe('a broken percent-encoding in a path parameter', () => {
  it('covers every route of the table that has a path parameter, the ones the issue names among them', () => {
    expect(withParams.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['PATCH /v1/patients/{patientId}', 'PATCH /v1/me/patients/{patientId}']),
    );
    expect(new Set(cases.map((c) => c.route)).size).toBe(routeList.filter((r) => r.path.includes('{')).length);
  });

  it.each(cases)('answers $route with $param = $raw as a 400 naming the parameter, in Chinese', async (c) => {
    const token = await tokenFor(c.r.access);
    const res = await api.call(c.r.method, c.path, { token });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toMatch(/\p{Script=Han}/u);
    expect(res.body.error.message).not.toMatch(/[A-Za-z]{3,}/);
    expect(res.body.error.details.fields).toEqual([
      { path: c.param, message: expect.stringMatching(/\p{Script=Han}/u) },
    ]);
  });
});

describe('the local server finding a route by its path', () => {
  it('answers another method of a known path with 405 and the methods it takes', async () => {
    const res = await api.call('DELETE', '/v1/follow-ups/x_ok/outcome');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers a path with a segment more, less or empty as no route at all', async () => {
    for (const path of ['/v1/follow-ups/x_ok/outcome/', '/v1/follow-ups/outcome', '/v1/follow-ups//outcome']) {
      const res = await api.call('POST', path, { body: {} });
      expect(res.status, path).toBe(404);
      expect(res.body.error.code, path).toBe('ROUTE_NOT_FOUND');
    }
  });
});
