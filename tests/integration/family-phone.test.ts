import { describe, expect, it } from 'vitest';
import { maskName } from '../../shared/mask';
import { profile, uniqueOpenid, uniquePhone } from '../support/api';
import { teamForFile } from '../support/people';

const {
  api,
  tokens: [marketer, desk],
} = await teamForFile('fp', ['marketing', 'frontdesk']);

/** A child under 14 (with the guardian's consent) giving a phone. */
const child = (phone: string, name = '王小宝') =>
  profile({
    name,
    phone,
    relation: 'child',
    birthDate: '2019-06-01',
    consents: { healthData: true, marketing: false, guardian: true },
  });

/** An account holding its own profile with a phone of its own. */
async function holder(name = '王大明') {
  const token = await api.login(uniqueOpenid('fp-holder'));
  const phone = uniquePhone();
  const res = await api.call('POST', '/v1/me/patients', { token, body: profile({ name, phone }) });
  expect(res.status).toBe(201);
  return { token, phone, patientId: res.body.id as string, name };
}

/** A holder with a child registered on the holder's phone. */
async function family() {
  const h = await holder();
  const kid = await api.call('POST', '/v1/me/patients', { token: h.token, body: child(h.phone) });
  expect(kid.status).toBe(201);
  return { ...h, childId: kid.body.id as string };
}

describe('a family sharing one phone', () => {
  it("registers a child with the phone of the account holder's own profile, marked as shared", async () => {
    const h = await holder();
    const res = await api.call('POST', '/v1/me/patients', { token: h.token, body: child(h.phone) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '王小宝', phone: h.phone, phoneShared: true, relation: 'child' });
    const mine = await api.call('GET', '/v1/me/patients', { token: h.token });
    expect(mine.body.items.map((p: { id: string }) => p.id).sort()).toEqual([h.patientId, res.body.id].sort());
  });

  it('registers a parent as well on the same shared phone', async () => {
    const f = await family();
    const parent = await api.call('POST', '/v1/me/patients', {
      token: f.token,
      body: profile({ name: '王老汉', phone: f.phone, relation: 'parent', birthDate: '1950-02-03' }),
    });
    expect(parent.status).toBe(201);
    expect(parent.body.phoneShared).toBe(true);
  });

  it('keeps the phone of the profile that holds it unshared', async () => {
    const f = await family();
    const mine = await api.call('GET', '/v1/me/patients', { token: f.token });
    const own = mine.body.items.find((p: { id: string }) => p.id === f.patientId);
    expect(own.phoneShared).toBeUndefined();
  });

  it('refuses the same family member twice on the shared phone: 您已添加过就诊人', async () => {
    const f = await family();
    const again = await api.call('POST', '/v1/me/patients', { token: f.token, body: child(f.phone) });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DUPLICATE_PHONE');
    expect(again.body.error.message).toMatch(/^您已添加过就诊人/);
    expect(again.body.error.details).toMatchObject({ mine: true, claimable: false });
  });

  it("refuses the holder's own name again with their phone: 您已添加过就诊人", async () => {
    const h = await holder();
    const again = await api.call('POST', '/v1/me/patients', {
      token: h.token,
      body: profile({ name: h.name, phone: h.phone }),
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/^您已添加过就诊人/);
  });

  it('refuses that phone from another WeChat account', async () => {
    const f = await family();
    const stranger = await api.login(uniqueOpenid('fp-other'));
    const res = await api.call('POST', '/v1/me/patients', { token: stranger, body: child(f.phone, '陌生人') });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('DUPLICATE_PHONE');
    expect(res.body.error.details).toMatchObject({ mine: false });
    expect(res.body.error.message).not.toMatch(/您已添加过/);
  });

  it('answers a retried registration of a family member with its first answer, not 您已添加过', async () => {
    const h = await holder();
    const headers = { 'idempotency-key': `fp-${Math.random()}` };
    const first = await api.call('POST', '/v1/me/patients', { token: h.token, body: child(h.phone), headers });
    const retry = await api.call('POST', '/v1/me/patients', { token: h.token, body: child(h.phone), headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
  });

  it('lists the holder and the family behind the phone in the staff duplicate check, holder first', async () => {
    const f = await family();
    const res = await api.call('POST', '/v1/patients/duplicates', { token: marketer, body: { phone: f.phone } });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ patientId: f.patientId, maskedName: maskName(f.name), matchedOn: ['phone'] }),
      expect.objectContaining({
        patientId: f.childId,
        maskedName: maskName('王小宝'),
        matchedOn: ['phone'],
        relation: 'child',
        phoneShared: true,
      }),
    ]);
  });

  it('finds the holder and the family by phone in the staff search', async () => {
    const f = await family();
    const res = await api.call('GET', `/v1/patients?phone=${f.phone}`, { token: desk });
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([f.patientId, f.childId]);
  });

  it('refuses staff entry of that phone with 409, naming the holder and the family', async () => {
    const f = await family();
    const res = await api.call('POST', '/v1/patients', {
      token: marketer,
      body: { name: '王小宝', phone: f.phone, channel: 'street' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('DUPLICATE_PHONE');
    expect(res.body.error.details).toMatchObject({
      maskedName: maskName(f.name),
      family: [{ maskedName: maskName('王小宝'), relation: 'child' }],
    });
    expect(JSON.stringify(res.body)).not.toContain(f.phone);
  });

  it('registers the same family member once when the form is sent five times at the same moment', async () => {
    const h = await holder();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => api.call('POST', '/v1/me/patients', { token: h.token, body: child(h.phone) })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.message).toMatch(/^您已添加过就诊人/);
    const mine = await api.call('GET', '/v1/me/patients', { token: h.token });
    expect(mine.body.items.filter((p: { name: string }) => p.name === '王小宝')).toHaveLength(1);
  });

  it('registers two different family members sent at the same moment on the shared phone', async () => {
    const h = await holder();
    const [a, b] = await Promise.all([
      api.call('POST', '/v1/me/patients', { token: h.token, body: child(h.phone, '王小宝') }),
      api.call('POST', '/v1/me/patients', { token: h.token, body: child(h.phone, '王小贝') }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const mine = await api.call('GET', '/v1/me/patients', { token: h.token });
    expect(mine.body.items).toHaveLength(3);
  });
});
