import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeList } from '../../shared/routes';
import { type Api, startApi } from '../support/api';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('GET /v1/openapi.json', () => {
  it('answers the OpenAPI 3.1 document as JSON through the local server, without a token', async () => {
    const res = await api.call('GET', '/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.info.title).toBe('PatientLoop API');
    expect(res.body.paths['/v1/openapi.json'].get.operationId).toBe('openApiDocument');
    const operations = Object.values(res.body.paths as Record<string, object>).flatMap((p) => Object.keys(p));
    expect(operations).toHaveLength(routeList.length);
  });

  it('answers the same document again (built once per container)', async () => {
    const [a, b] = await Promise.all([api.call('GET', '/v1/openapi.json'), api.call('GET', '/v1/openapi.json')]);
    expect(a.body).toEqual(b.body);
  });
});

describe('the reference page /docs on the local stack', () => {
  it('is an HTML page in Chinese with every route, grouped by tag', async () => {
    const res = await fetch(`${api.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('PatientLoop API 接口文档');
    expect(html).toContain('<h2 id="tag-预约">预约</h2>');
    for (const r of routeList) expect(html, r.name).toContain(`id="${r.name}"`);
    expect(html).toContain('调用者：管理者、系统管理员');
    expect(html).not.toMatch(/<(script|link)\b/);
  });
});
