import { describe, expect, it } from 'vitest';
import { lookupHash } from '../../functions/lib/crypto';
import { db, tableName } from '../../functions/lib/db';
import { GetCommand, QueryCommand } from '../../functions/lib/store-client';
import { idCardFor, profile, uniqueOpenid, uniquePhone } from '../support/api';
import { teamForFile } from '../support/people';

const { api } = await teamForFile('t', []);

describe('my profiles (就诊人)', () => {
  it('registers a profile and lists it for the same account', async () => {
    const token = await api.login(uniqueOpenid('reg'));
    const phone = uniquePhone();
    const body = profile({ name: '李四', phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` });
    const created = await api.call('POST', '/v1/me/patients', { token, body });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^p_/);
    expect(created.body.phone).toBe(phone);
    const list = await api.call('GET', '/v1/me/patients', { token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
  });

  it('keeps several family members under one account', async () => {
    const token = await api.login(uniqueOpenid('family'));
    await api.call('POST', '/v1/me/patients', { token, body: profile({ name: '王爸爸', relation: 'self' }) });
    const kid = await api.call('POST', '/v1/me/patients', {
      token,
      body: profile({
        name: '王小宝',
        relation: 'child',
        birthDate: '2019-06-01',
        consents: { healthData: true, marketing: false, guardian: true },
      }),
    });
    expect(kid.status).toBe(201);
    const list = await api.call('GET', '/v1/me/patients', { token });
    expect(list.body.items.map((p: { name: string }) => p.name).sort()).toEqual(['王小宝', '王爸爸'].sort());
  });

  it('refuses a child under 14 without guardian consent, naming the field', async () => {
    const token = await api.login(uniqueOpenid('kid'));
    const res = await api.call('POST', '/v1/me/patients', {
      token,
      body: profile({ relation: 'child', birthDate: '2018-01-01' }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain('consents.guardian');
  });

  it('answers a foreign profile id with 404, same as a missing one', async () => {
    const owner = await api.login(uniqueOpenid('owner'));
    const other = await api.login(uniqueOpenid('other'));
    const created = await api.call('POST', '/v1/me/patients', { token: owner, body: profile() });
    const foreign = await api.call('PATCH', `/v1/me/patients/${created.body.id}`, {
      token: other,
      body: { occupation: '教师' },
    });
    const missing = await api.call('PATCH', '/v1/me/patients/p_doesnotexist', {
      token: other,
      body: { occupation: '教师' },
    });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body.error.code).toBe(missing.body.error.code);
    const stillMine = await api.call('GET', '/v1/me/patients', { token: owner });
    expect(stillMine.body.items[0].occupation).toBeUndefined();
    const theirs = await api.call('GET', '/v1/me/patients', { token: other });
    expect(theirs.body.items).toEqual([]);
  });

  it('edits my own profile', async () => {
    const token = await api.login(uniqueOpenid('edit'));
    const created = await api.call('POST', '/v1/me/patients', { token, body: profile() });
    const res = await api.call('PATCH', `/v1/me/patients/${created.body.id}`, {
      token,
      body: { occupation: '工程师', needs: ['orthodontic'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ occupation: '工程师', needs: ['orthodontic'] });
  });

  it('accepts medical history only after the health-data consent', async () => {
    const token = await api.login(uniqueOpenid('health'));
    const refused = await api.call('POST', '/v1/me/patients', {
      token,
      body: profile({ medicalHistory: '高血压', consents: { healthData: false, marketing: false } }),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields[0].path).toBe('medicalHistory');
    const created = await api.call('POST', '/v1/me/patients', {
      token,
      body: profile({ consents: { healthData: false, marketing: false } }),
    });
    const patch = await api.call('PATCH', `/v1/me/patients/${created.body.id}`, {
      token,
      body: { medicalHistory: '高血压' },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.error.code).toBe('HEALTH_CONSENT_REQUIRED');
  });

  it('records consents with time and policy version, and withdrawing health data erases it', async () => {
    const token = await api.login(uniqueOpenid('consent'));
    const created = await api.call('POST', '/v1/me/patients', {
      token,
      body: profile({ medicalHistory: '青霉素过敏', idCardNo: idCardFor('1988-03-15'), birthDate: '1988-03-15' }),
    });
    expect(created.status).toBe(201);
    const withdrawn = await api.call('PUT', '/v1/me/consents', {
      token,
      body: { patientId: created.body.id, healthData: false, marketing: true },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.consents).toMatchObject({ healthData: false, marketing: true });
    expect(withdrawn.body.medicalHistory).toBeUndefined();
    expect(withdrawn.body.idCardNo).toBeUndefined();
    const history = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)',
        ExpressionAttributeValues: { ':p': `PATIENT#${created.body.id}`, ':c': 'CONSENT#' },
      }),
    );
    const kinds = (history.Items ?? [])
      .flatMap((i) =>
        i.changes.map((c: { kind: string; granted: boolean }) => `${c.kind}:${c.granted}:${i.policyVersion}`),
      )
      .sort();
    expect(history.Items).toHaveLength(2);
    expect(kinds).toEqual([
      'healthData:false:2026-11',
      'healthData:true:2026-11',
      'marketing:false:2026-11',
      'marketing:true:2026-11',
    ]);
  });

  it('stores phone and ID number only encrypted', async () => {
    const token = await api.login(uniqueOpenid('enc'));
    const phone = uniquePhone();
    const created = await api.call('POST', '/v1/me/patients', {
      token,
      body: profile({ phone, idCardNo: idCardFor('1988-03-15'), birthDate: '1988-03-15' }),
    });
    const raw = await db.send(
      new GetCommand({ TableName: tableName, Key: { pk: `PATIENT#${created.body.id}`, sk: 'PATIENT' } }),
    );
    const stored = JSON.stringify(raw.Item);
    expect(stored).not.toContain(phone);
    expect(stored).not.toContain(idCardFor('1988-03-15'));
    expect(raw.Item?.phoneHash).toBe(await lookupHash('phone', phone));
    expect(created.body.idCardNo).toBe(idCardFor('1988-03-15'));
  });
});

describe('one record per phone', () => {
  it('answers 409 DUPLICATE_PHONE for the same phone in another spelling, naming the masked record', async () => {
    const phone = uniquePhone();
    const a = await api.login(uniqueOpenid('dupA'));
    const b = await api.login(uniqueOpenid('dupB'));
    expect(
      (await api.call('POST', '/v1/me/patients', { token: a, body: profile({ name: '赵六', phone }) })).status,
    ).toBe(201);
    const fullWidth = phone.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    for (const spelling of [`+86 ${phone}`, `0086-${phone.slice(0, 3)}-${phone.slice(3)}`, fullWidth]) {
      const res = await api.call('POST', '/v1/me/patients', { token: b, body: profile({ phone: spelling }) });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('DUPLICATE_PHONE');
      expect(res.body.error.details).toMatchObject({
        maskedName: '赵*',
        maskedPhone: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
      });
      expect(JSON.stringify(res.body)).not.toContain(phone);
    }
  });

  it('lets 50 accounts race for one phone and keeps exactly one record', async () => {
    const phone = uniquePhone();
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => api.login(uniqueOpenid(`race${i}`))));
    const results = await Promise.all(
      tokens.map((token, i) =>
        api.call('POST', '/v1/me/patients', { token, body: profile({ name: `竞争${i}`, phone }) }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const guard = await db.send(
      new GetCommand({ TableName: tableName, Key: { pk: `PHONE#${await lookupHash('phone', phone)}`, sk: 'PHONE' } }),
    );
    const winner = results.find((r) => r.status === 201)!;
    expect(guard.Item?.patientId).toBe(winner.body.id);
    const lists = await Promise.all(tokens.map((token) => api.call('GET', '/v1/me/patients', { token })));
    expect(lists.reduce((n, l) => n + l.body.items.length, 0)).toBe(1);
  });

  it('treats the same name as a warning, not a block', async () => {
    const a = await api.login(uniqueOpenid('nameA'));
    const first = await api.call('POST', '/v1/me/patients', { token: a, body: profile({ name: '同名人' }) });
    const second = await api.call('POST', '/v1/me/patients', { token: a, body: profile({ name: '同名人' }) });
    expect([first.status, second.status]).toEqual([201, 201]);
  });
});

describe('Idempotency-Key', () => {
  it('answers a retried registration with the first answer and creates one record', async () => {
    const token = await api.login(uniqueOpenid('idem'));
    const body = profile();
    const headers = { 'idempotency-key': `k-${Math.random()}` };
    const first = await api.call('POST', '/v1/me/patients', { token, body, headers });
    const retry = await api.call('POST', '/v1/me/patients', { token, body, headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    const list = await api.call('GET', '/v1/me/patients', { token });
    expect(list.body.items).toHaveLength(1);
  });

  it('refuses a reused key with a different body', async () => {
    const token = await api.login(uniqueOpenid('idem2'));
    const headers = { 'idempotency-key': `k-${Math.random()}` };
    await api.call('POST', '/v1/me/patients', { token, body: profile(), headers });
    const other = await api.call('POST', '/v1/me/patients', { token, body: profile(), headers });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('bad input', () => {
  it('names every bad field with a 400', async () => {
    const token = await api.login(uniqueOpenid('bad'));
    const res = await api.call('POST', '/v1/me/patients', {
      token,
      body: {
        name: '',
        gender: 'x',
        birthDate: '1990-02-30',
        phone: '123',
        relation: 'self',
        consents: { healthData: true, marketing: false },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'gender', 'birthDate', 'phone']));
  });

  it('refuses unknown fields, so nobody sets their own role or clinic owner', async () => {
    const token = await api.login(uniqueOpenid('unknown'));
    const res = await api.call('POST', '/v1/me/patients', {
      token,
      body: profile({ ownerStaffId: 's_me', roles: ['admin'] }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain('ownerStaffId');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const token = await api.login(uniqueOpenid('malformed'));
    const res = await api.call('POST', '/v1/me/patients', {
      token,
      raw: '{"name": "张三",',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_JSON');
  });

  it('answers a body over 16 KB with 413', async () => {
    const token = await api.login(uniqueOpenid('big'));
    const res = await api.call('POST', '/v1/me/patients', { token, body: profile({ address: 'x'.repeat(17 * 1024) }) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await api.call('GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});
