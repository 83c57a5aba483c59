import { describe, expect, it } from 'vitest';
import { clinicDate } from '../../shared/dates';
import { maskPhone } from '../../shared/phone';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { newDepartment } from '../support/fixtures';
import { setTarget, teamForFile } from '../support/people';

const {
  api,
  tokens: [owner, manager, desk],
  staffIds: [ownerId],
} = await teamForFile('cr', ['marketing', 'manager', 'frontdesk']);

const today = clinicDate(new Date());
const month = today.slice(0, 7);

async function campaign(overrides: Record<string, unknown> = {}) {
  const res = await api.call('POST', '/v1/campaigns', {
    token: owner,
    body: { name: '周末口腔义诊', channel: 'community', startsOn: today, endsOn: '2099-12-31', ...overrides },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function signup(campaignId: string, phone: string, name = '新报名') {
  const token = await api.login(uniqueOpenid('cr-signup'));
  return api.call('POST', `/v1/campaigns/${campaignId}/signups`, {
    token,
    body: { name, phone, consents: { marketing: true } },
  });
}

async function resultsOf(campaignId: string) {
  const list = await api.call('GET', '/v1/campaigns?limit=100', { token: owner });
  return list.body.items.find((c: { id: string }) => c.id === campaignId).results;
}

describe('who signed up through a campaign', () => {
  it("shows the campaign's owner a new sign-up's phone in full", async () => {
    const id = await campaign();
    const phone = uniquePhone();
    expect((await signup(id, phone)).status).toBe(201);
    const res = await api.call('GET', `/v1/campaigns/${id}/touches`, { token: owner });
    expect(res.body.items).toEqual([expect.objectContaining({ kind: 'new', phone, maskedPhone: maskPhone(phone) })]);
  });

  it('keeps a person already on file masked, even for the owner, and lists the newest first', async () => {
    const known = uniquePhone();
    await api.call('POST', '/v1/patients', { token: desk, body: { name: '老患者', phone: known, channel: 'walk_in' } });
    const id = await campaign();
    const fresh = uniquePhone();
    expect((await signup(id, fresh)).status).toBe(201);
    expect((await signup(id, known, '老患者')).status).toBe(200);
    const res = await api.call('GET', `/v1/campaigns/${id}/touches`, { token: owner });
    expect(res.body.items.map((t: { kind: string; phone?: string }) => [t.kind, t.phone])).toEqual([
      ['known', undefined],
      ['new', fresh],
    ]);
    expect(JSON.stringify(res.body)).not.toContain(known);
  });

  it("masks a new sign-up's phone for a manager who does not own the campaign", async () => {
    const id = await campaign();
    const phone = uniquePhone();
    await signup(id, phone);
    const res = await api.call('GET', `/v1/campaigns/${id}/touches`, { token: manager });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ kind: 'new', maskedPhone: maskPhone(phone) })]);
    expect(JSON.stringify(res.body)).not.toContain(phone);
  });

  it('answers a new sign-up 201 and a known or repeated one 200', async () => {
    const id = await campaign();
    const known = uniquePhone();
    await api.call('POST', '/v1/patients', { token: desk, body: { name: '老患者', phone: known, channel: 'walk_in' } });
    const phone = uniquePhone();
    const answers = [await signup(id, phone), await signup(id, phone), await signup(id, known, '老患者')];
    expect(answers.map((a) => [a.status, a.body.status])).toEqual([
      [201, 'new'],
      [200, 'repeat'],
      [200, 'known'],
    ]);
  });
});

describe('the landing page', () => {
  it('leaves the description out when the campaign has none, keeping the clinic address and phone', async () => {
    const id = await campaign();
    const res = await api.call('GET', `/v1/campaigns/${id}/landing`);
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('description');
    expect(res.body).toMatchObject({
      clinicName: '测试口腔门诊',
      clinicAddress: '测试路 1 号',
      clinicPhone: '021-0000 0001',
    });
  });
});

describe('rates that cannot be computed', () => {
  it('gives a campaign without new records a conversion of null, not 0', async () => {
    const id = await campaign();
    expect(await resultsOf(id)).toMatchObject({ newRecords: 0, conversion: null });
  });

  it('gives a campaign a conversion once a new record arrives', async () => {
    const id = await campaign();
    const signed = await signup(id, uniquePhone());
    const walkIn = await api.call('POST', `/v1/queues/${await newDepartment()}/tickets`, {
      token: desk,
      body: { patientId: signed.body.patientId },
    });
    expect(walkIn.status).toBe(201);
    expect(await resultsOf(id)).toMatchObject({ newRecords: 1, arrivals: 1, conversion: 1 });
  });

  it('shows a campaign with only known sign-ups with a null conversion in the channel figures, and — in the CSV', async () => {
    const known = uniquePhone();
    await api.call('POST', '/v1/patients', { token: desk, body: { name: '老患者', phone: known, channel: 'walk_in' } });
    const name = `只有老患者${Math.random().toString(36).slice(2, 7)}`;
    const id = await campaign({ name });
    expect((await signup(id, known, '老患者')).status).toBe(200);
    const figures = await api.call('GET', `/v1/stats/channels?month=${month}`, { token: manager });
    expect(figures.body.campaigns.find((c: { campaignId: string }) => c.campaignId === id)).toMatchObject({
      signups: 1,
      knownSignups: 1,
      newRecords: 0,
      conversion: null,
    });
    const csv = await api.call('GET', `/v1/stats/channels?month=${month}`, {
      token: manager,
      headers: { accept: 'text/csv' },
    });
    const row = (csv.body as string).split('\r\n').find((l) => l.startsWith(`活动,${name},`));
    expect(row?.split(',').at(-1)).toBe('—');
  });

  it('gives the achievement of a zero target as null', async () => {
    await setTarget(api, manager, ownerId, month, { revenueFen: 0, arrivals: 0 });
    const m = await api.call('GET', `/v1/stats/monthly?month=${month}`, { token: owner });
    expect(m.body.achievement).toEqual({ revenue: null, arrivals: null });
  });
});
