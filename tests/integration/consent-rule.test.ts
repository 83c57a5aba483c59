import { describe, expect, it } from 'vitest';
import { profile, uniqueOpenid, uniquePhone } from '../support/api';
import { teamForFile } from '../support/people';

const {
  api,
  tokens: [marketer],
} = await teamForFile('cr', ['marketing']);

const noHealthConsent = { healthData: false, marketing: false };

/** A medical history given without the health-data consent, on registration. */
async function registerWithHistory() {
  const token = await api.login(uniqueOpenid('cr-reg'));
  return api.call('POST', '/v1/me/patients', {
    token,
    body: profile({ medicalHistory: '高血压', consents: noHealthConsent }),
  });
}

/** The same, as an edit of a profile registered without the consent. */
async function editInHistory() {
  const token = await api.login(uniqueOpenid('cr-edit'));
  const p = await api.call('POST', '/v1/me/patients', { token, body: profile({ consents: noHealthConsent }) });
  expect(p.status).toBe(201);
  return api.call('PATCH', `/v1/me/patients/${p.body.id}`, { token, body: { medicalHistory: '高血压' } });
}

describe('a medical history needs the health-data consent', () => {
  it.each([
    ['registration', registerWithHistory],
    ['an edit', editInHistory],
  ])('refuses it on %s with HEALTH_CONSENT_REQUIRED naming medicalHistory', async (_, send) => {
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('HEALTH_CONSENT_REQUIRED');
    expect(res.body.error.details.fields).toEqual([
      { path: 'medicalHistory', message: '填写病史前需同意健康信息授权' },
    ]);
  });

  it('answers registration, edit and staff entry with the same error, word for word', async () => {
    const staff = await api.call('POST', '/v1/patients', {
      token: marketer,
      body: { name: '赵六', phone: uniquePhone(), channel: 'street', medicalHistory: '高血压' },
    });
    const [registered, edited] = [await registerWithHistory(), await editInHistory()];
    expect(edited.body).toEqual(registered.body);
    expect(staff.body).toEqual(registered.body);
    expect(registered.body.error.message).toBe('填写病史前需同意健康信息授权');
  });

  it('keeps the edit from being saved', async () => {
    const token = await api.login(uniqueOpenid('cr-kept'));
    const p = await api.call('POST', '/v1/me/patients', { token, body: profile({ consents: noHealthConsent }) });
    await api.call('PATCH', `/v1/me/patients/${p.body.id}`, { token, body: { medicalHistory: '高血压' } });
    const mine = await api.call('GET', '/v1/me/patients', { token });
    expect(mine.body.items[0].medicalHistory).toBeUndefined();
  });

  it('accepts the history once the consent is given', async () => {
    const token = await api.login(uniqueOpenid('cr-ok'));
    const p = await api.call('POST', '/v1/me/patients', { token, body: profile({ consents: noHealthConsent }) });
    const consent = await api.call('PUT', '/v1/me/consents', {
      token,
      body: { patientId: p.body.id, healthData: true },
    });
    expect(consent.status).toBe(200);
    const res = await api.call('PATCH', `/v1/me/patients/${p.body.id}`, { token, body: { medicalHistory: '高血压' } });
    expect(res.status).toBe(200);
    expect(res.body.medicalHistory).toBe('高血压');
  });
});
