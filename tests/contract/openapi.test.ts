import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { handlers as auth } from '../../functions/auth/handlers';
import { handlers as booking } from '../../functions/booking/handlers';
import { handlers as campaigns } from '../../functions/campaigns/handlers';
import { handlers as care } from '../../functions/care/handlers';
import { handlers as clinics } from '../../functions/clinics/handlers';
import { handlers as consult } from '../../functions/consult/handlers';
import { handlers as docs } from '../../functions/docs/handlers';
import { groupTags, openApiDocument } from '../../functions/docs/openapi';
import { handlers as followup } from '../../functions/followup/handlers';
import { handlers as groups } from '../../functions/groups/handlers';
import { handlers as imports } from '../../functions/imports/handlers';
import type { Endpoint } from '../../functions/lib/http';
import { devHandlers as messagingDev } from '../../functions/messaging/dev-handlers';
import { handlers as messaging } from '../../functions/messaging/handlers';
import { handlers as patients } from '../../functions/patients/handlers';
import { handlers as queue } from '../../functions/queue/handlers';
import { handlers as reports } from '../../functions/reports/handlers';
import { handlers as staff } from '../../functions/staff/handlers';
import { handlers as stats } from '../../functions/stats/handlers';
import { handlers as surveys } from '../../functions/surveys/handlers';
import { handlers as visits } from '../../functions/visits/handlers';
import { hisHeaders } from '../../functions/visits/his-auth';
import { contractOf } from '../../shared/contract';
import { hisSignatureHeaders } from '../../shared/contract/his';
import { errorStatus } from '../../shared/errors';
import { pathParamNames, routeList } from '../../shared/routes';

const endpoints = {
  ...auth,
  ...booking,
  ...campaigns,
  ...care,
  ...clinics,
  ...consult,
  ...docs,
  ...followup,
  ...groups,
  ...imports,
  ...messaging,
  ...messagingDev,
  ...patients,
  ...queue,
  ...reports,
  ...staff,
  ...stats,
  ...surveys,
  ...visits,
} as Record<string, Endpoint>;

type Json = Record<string, any>;
const doc = openApiDocument() as Json;
const op = (method: string, path: string): Json => doc.paths[path]?.[method.toLowerCase()];
const params = (o: Json, where: string) => ((o.parameters ?? []) as Json[]).filter((p) => p.in === where);

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const res = await validator.validate(structuredClone(doc));
    expect(res.errors).toBeUndefined();
    expect(res.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('names the API and its version from package.json, a bearer scheme and the HIS signature scheme', async () => {
    const { version } = await import('../../package.json');
    expect(doc.info).toMatchObject({ title: 'PatientLoop API', version });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.hisSignature).toMatchObject({ type: 'apiKey', in: 'header' });
  });

  it('holds every route of the table under its method and path, operationId the route name, tagged by group', () => {
    for (const r of routeList) {
      const o = op(r.method, r.path);
      expect(o, `${r.method} ${r.path}`).toBeDefined();
      expect(o.operationId).toBe(r.name);
      expect(o.summary).toBe(contractOf(r.name).summary);
      expect(o.tags).toEqual([groupTags[r.group]]);
    }
    const operations = Object.values(doc.paths as Json).flatMap((item) => Object.keys(item as Json));
    expect(operations).toHaveLength(routeList.length);
  });

  it('documents each path parameter by the name the path gives it', () => {
    for (const r of routeList) {
      const names = params(op(r.method, r.path), 'path').map((p) => p.name);
      expect(names, r.name).toEqual(pathParamNames(r.path));
      for (const p of params(op(r.method, r.path), 'path')) expect(p.required, `${r.name} ${p.name}`).toBe(true);
    }
  });

  it('has a request body exactly when the contract has one, and query parameters equal to the query schema keys', () => {
    for (const r of routeList) {
      const c = contractOf(r.name);
      const o = op(r.method, r.path);
      expect(Boolean(o.requestBody), r.name).toBe(Boolean(c.body));
      const keys = c.query ? Object.keys((c.query as z.ZodObject).shape).sort() : [];
      expect(
        params(o, 'query')
          .map((p) => p.name)
          .sort(),
        r.name,
      ).toEqual(keys);
    }
  });

  it('answers 201 with the Idempotency-Key header documented on creating routes, else the contract success', () => {
    for (const r of routeList) {
      const o = op(r.method, r.path);
      const success = Object.keys(o.responses).filter((s) => s.startsWith('2'));
      const expected = contractOf(r.name).success ?? [r.creates ? 201 : 200];
      expect(success.sort(), r.name).toEqual(expected.map(String).sort());
      const idem = params(o, 'header').some((p) => p.name === 'idempotency-key');
      expect(idem, r.name).toBe(Boolean(r.creates));
      if (r.creates) expect(success, r.name).toContain('201');
    }
  });

  it('points every error answer of every route at the one ErrorBody, with the error codes as an enum', () => {
    const body = doc.components.schemas.ErrorBody;
    expect(body.properties.error.properties.code.enum.sort()).toEqual(Object.keys(errorStatus).sort());
    expect(body.properties.error.required.sort()).toEqual(['code', 'message']);
    for (const r of routeList) {
      const o = op(r.method, r.path);
      const errors = Object.entries(o.responses as Json).filter(([s]) => !s.startsWith('2'));
      expect(errors.length, r.name).toBeGreaterThan(0);
      for (const [s, res] of errors) {
        expect(res.content['application/json'].schema, `${r.name} ${s}`).toEqual({
          $ref: '#/components/schemas/ErrorBody',
        });
      }
    }
  });

  it('lists the statuses a route may answer: 400 with input, 401 unless public, 403 for roles, 404 with path ids, its own', () => {
    for (const r of routeList) {
      const c = contractOf(r.name);
      const statuses = Object.keys(op(r.method, r.path).responses);
      const has = (s: number) => statuses.includes(String(s));
      const own = (s: number) => (c.errors ?? []).some((code) => errorStatus[code] === s);
      expect(has(400), r.name).toBe(Boolean(c.body || c.query || pathParamNames(r.path).length));
      expect(has(401), r.name).toBe(r.access !== 'public' || own(401));
      expect(has(403), r.name).toBe(Array.isArray(r.access) || own(403));
      expect(has(404), r.name).toBe(pathParamNames(r.path).length > 0 || own(404));
      for (const code of c.errors ?? []) expect(has(errorStatus[code]), `${r.name} ${code}`).toBe(true);
    }
    expect(Object.keys(op('POST', '/v1/appointments').responses)).toEqual(
      expect.arrayContaining(['409', '422', '429']),
    );
    expect(Object.keys(op('POST', '/v1/me/surveys/{invitationId}/answer').responses)).toContain('410');
  });

  it('describes inputs that are transformed as what a client sends (a phone and a date are strings)', () => {
    const schema = op('POST', '/v1/patients').requestBody.content['application/json'].schema;
    expect(schema.properties.phone).toMatchObject({ type: 'string' });
    expect(schema.properties.birthDate).toMatchObject({ type: 'string' });
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'phone', 'channel']));
  });

  it('documents the HIS signature headers on the HIS events route and no bearer token there', () => {
    const o = op('POST', '/v1/integrations/his/events');
    expect(o.security).toEqual([{ hisSignature: [] }]);
    expect(
      params(o, 'header')
        .map((p) => p.name)
        .sort(),
    ).toEqual(Object.values(hisHeaders).sort());
    expect(Object.keys(hisSignatureHeaders).sort()).toEqual(Object.values(hisHeaders).sort());
  });

  it('gives the CSV alternative of the figures and the PNG of a campaign code', () => {
    expect(Object.keys(op('GET', '/v1/stats/monthly').responses['200'].content)).toEqual([
      'application/json',
      'text/csv',
    ]);
    expect(Object.keys(op('GET', '/v1/campaigns/{campaignId}/qrcode').responses['200'].content)).toEqual(['image/png']);
  });
});

describe('the contract and the handlers', () => {
  it('every handler validates with the very body, query and path schemas its contract publishes', () => {
    expect(Object.keys(endpoints).sort()).toEqual(routeList.map((r) => r.name).sort());
    for (const r of routeList) {
      const { spec } = endpoints[r.name]!;
      const c = contractOf(r.name);
      expect(spec.body, `${r.name} body`).toBe(c.body);
      expect(spec.query, `${r.name} query`).toBe(c.query);
      for (const n of pathParamNames(r.path))
        expect((spec.params as Record<string, unknown> | undefined)?.[n], `${r.name} ${n}`).toBe(c.params?.[n]);
    }
  });

  it('every JSON response schema is a zod schema (files are described by their content type)', () => {
    for (const r of routeList) {
      const res = contractOf(r.name).response;
      if (!(res instanceof z.ZodType)) expect(res.contentType, r.name).toMatch(/^image\/|^text\//);
    }
  });
});
