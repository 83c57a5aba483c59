import { describe, expect, it } from 'vitest';
import { patientsOfOwner } from '../../functions/patients/patient-list-repository';
import { clinicDate } from '../../shared/dates';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { TEST_CLINIC } from '../support/fixtures';
import { setTarget, teamForFile } from '../support/people';

const {
  api,
  tokens: [marketer, marketer2, manager],
  staffIds: [marketerId, marketer2Id],
} = await teamForFile('cp', ['marketing', 'marketing', 'manager']);

const today = clinicDate(new Date());
const month = today.slice(0, 7);
const farFuture = '2099-12-31';

async function campaign(token: string, overrides: Record<string, unknown> = {}) {
  const res = await api.call('POST', '/v1/campaigns', {
    token,
    body: { name: '社区免费口腔检查', channel: 'community', startsOn: today, endsOn: farFuture, ...overrides },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; scene: string; ownerStaffId: string };
}

async function signup(id: string, phone: string, name = '新患者') {
  const token = await api.login(uniqueOpenid('signup'));
  return api.call('POST', `/v1/campaigns/${id}/signups`, {
    token,
    body: { name, phone, needs: ['orthodontic'], consents: { marketing: true } },
  });
}

async function myDay(token: string) {
  return (await api.call('GET', `/v1/stats/daily?date=${today}`, { token })).body;
}

describe('campaigns and their codes', () => {
  it('creates a campaign owned by the marketer, with a scene WeChat accepts', async () => {
    const c = await campaign(marketer);
    expect(c.ownerStaffId).toBe(marketerId);
    expect(c.scene).toMatch(/^[0-9A-Za-z_]{1,32}$/);
    const list = await api.call('GET', '/v1/campaigns', { token: marketer });
    const mine = list.body.items.find((i: { id: string }) => i.id === c.id);
    expect(mine).toMatchObject({ state: 'running', results: { signups: 0, newRecords: 0 } });
    const others = await api.call('GET', '/v1/campaigns', { token: marketer2 });
    expect(others.body.items.some((i: { id: string }) => i.id === c.id)).toBe(false);
  });

  it('answers the code as a PNG of the H5 landing page locally', async () => {
    const c = await campaign(marketer);
    const res = await fetch(`${api.url}/v1/campaigns/${c.id}/qrcode`, {
      headers: { authorization: `Bearer ${marketer}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(bytes.length).toBeGreaterThan(500);
  });

  it("hides another marketer's campaign code (404)", async () => {
    const c = await campaign(marketer);
    const res = await api.call('GET', `/v1/campaigns/${c.id}/qrcode`, { token: marketer2 });
    expect(res.status).toBe(404);
  });

  it('shows the landing page without login and without staff names: the campaign, the clinic address and phone', async () => {
    const c = await campaign(marketer, {
      name: '地推活动',
      description: '免费口腔检查，凭报名短信到院',
      notes: '内部：周末加人',
    });
    const res = await api.call('GET', `/v1/campaigns/${c.id}/landing`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: c.id,
      name: '地推活动',
      description: '免费口腔检查，凭报名短信到院',
      clinicName: '测试口腔门诊',
      clinicAddress: '测试路 1 号',
      clinicPhone: '021-0000 0001',
      state: 'running',
      startsOn: today,
      endsOn: farFuture,
    });
  });
});

describe('sign-ups and attribution', () => {
  it("a new phone becomes the campaign owner's record and raises exactly their new-records count", async () => {
    const c = await campaign(marketer, { channel: 'street' });
    const before = await myDay(marketer);
    const before2 = await myDay(marketer2);
    const res = await signup(c.id, uniquePhone());
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('new');
    const after = await myDay(marketer);
    expect(after.newRecords - before.newRecords).toBe(1);
    expect((await myDay(marketer2)).newRecords).toBe(before2.newRecords);
    const record = await api.call('GET', `/v1/patients/${res.body.patientId}`, { token: manager });
    expect(record.body).toMatchObject({ channel: 'street', campaignId: c.id, ownerStaffId: marketerId });
  });

  it('a phone already on file keeps its first owner and counts as a known touch, not a new record', async () => {
    const phone = uniquePhone();
    const first = await api.call('POST', '/v1/patients', {
      token: marketer2,
      body: { name: '陈建国', phone, channel: 'phone' },
    });
    const c = await campaign(marketer);
    const before = await myDay(marketer);
    const res = await signup(c.id, phone, '陈建国');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('known');
    expect(JSON.stringify(res.body)).not.toContain('演示');
    expect((await myDay(marketer)).newRecords).toBe(before.newRecords);
    const record = await api.call('GET', `/v1/patients/${first.body.id}`, { token: manager });
    expect(record.body).toMatchObject({ ownerStaffId: marketer2Id, channel: 'phone' });
    const touches = await api.call('GET', `/v1/campaigns/${c.id}/touches`, { token: marketer });
    expect(touches.body.items).toEqual([
      expect.objectContaining({ kind: 'known', maskedName: '陈*国', ownerStaffName: '演示市场专员' }),
    ]);
    expect(JSON.stringify(touches.body)).not.toContain(phone);
    const list = await api.call('GET', '/v1/campaigns', { token: marketer });
    expect(list.body.items.find((i: { id: string }) => i.id === c.id).results).toMatchObject({
      signups: 1,
      knownSignups: 1,
      newRecords: 0,
    });
  });

  it('answers a second sign-up of the same person as a repeat and counts nothing', async () => {
    const c = await campaign(marketer);
    const phone = uniquePhone();
    expect((await signup(c.id, phone)).status).toBe(201);
    const again = await signup(c.id, phone);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('repeat');
    const list = await api.call('GET', '/v1/campaigns', { token: marketer });
    expect(list.body.items.find((i: { id: string }) => i.id === c.id).results.signups).toBe(1);
  });

  it('refuses sign-ups to an ended campaign with 410 and to one not started with 409', async () => {
    const ended = await campaign(marketer, { startsOn: '2020-01-01', endsOn: '2020-01-31' });
    const upcoming = await campaign(marketer, { startsOn: '2099-01-01', endsOn: '2099-01-31' });
    const a = await signup(ended.id, uniquePhone());
    expect(a.status).toBe(410);
    expect(a.body.error.code).toBe('CAMPAIGN_ENDED');
    const b = await signup(upcoming.id, uniquePhone());
    expect(b.status).toBe(409);
    expect(b.body.error.code).toBe('CAMPAIGN_NOT_STARTED');
  });

  it('keeps counters equal to the records created: 100 sign-ups at once over 3 campaigns with 20 repeated phones', async () => {
    const campaigns = [await campaign(marketer), await campaign(marketer), await campaign(marketer2)];
    const shared = Array.from({ length: 20 }, () => uniquePhone());
    const jobs = Array.from({ length: 100 }, (_, i) => ({
      campaign: campaigns[i % 3]!,
      phone: i < 40 ? shared[i % 20]! : uniquePhone(),
    }));
    const tokens = await Promise.all(jobs.map(() => api.login(uniqueOpenid('crowd'))));
    const results = await Promise.all(
      jobs.map((j, i) =>
        api.call('POST', `/v1/campaigns/${j.campaign.id}/signups`, {
          token: tokens[i],
          body: { name: `报名${i}`, phone: j.phone, consents: { marketing: false } },
        }),
      ),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 201 && s !== 200)).toEqual([]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(80);
    // What the store holds: records per campaign (each owner's records, page by page, from their repository).
    const created = new Map<string, number>();
    for (const owner of [marketerId, marketer2Id]) {
      let cursor: string | undefined;
      do {
        const page = await patientsOfOwner(owner, { cursor, limit: 100 });
        for (const p of page.items) {
          if (p.campaignId) created.set(p.campaignId, (created.get(p.campaignId) ?? 0) + 1);
        }
        cursor = page.nextCursor;
      } while (cursor);
    }
    const list = [
      ...(await api.call('GET', '/v1/campaigns', { token: marketer })).body.items,
      ...(await api.call('GET', '/v1/campaigns', { token: marketer2 })).body.items,
    ];
    for (const c of campaigns) {
      const results = list.find((i: { id: string }) => i.id === c.id).results;
      expect(results.newRecords).toBe(created.get(c.id) ?? 0);
      const touches = await api.call('GET', `/v1/campaigns/${c.id}/touches`, { token: manager });
      expect(results.signups).toBe(touches.body.items.length);
      expect(results.knownSignups).toBe(touches.body.items.filter((t: { kind: string }) => t.kind === 'known').length);
    }
    expect(
      [...created.entries()].filter(([id]) => campaigns.some((c) => c.id === id)).reduce((n, [, v]) => n + v, 0),
    ).toBe(80);
  }, 60_000);
});

describe('results and who may read them', () => {
  it("answers a marketer reading another marketer's figures with 403", async () => {
    const res = await api.call('GET', `/v1/stats/daily?staffId=${marketer2Id}`, { token: marketer });
    expect(res.status).toBe(403);
    const monthly = await api.call('GET', `/v1/stats/monthly?staffId=${marketer2Id}`, { token: marketer });
    expect(monthly.status).toBe(403);
  });

  it('answers a patient with 403 on every stats route', async () => {
    const token = await api.login(uniqueOpenid('pt-stats'));
    for (const path of ['/v1/stats/daily', '/v1/stats/monthly', '/v1/stats/channels', '/v1/stats/staff']) {
      expect((await api.call('GET', path, { token })).status).toBe(403);
    }
    expect(
      (
        await api.call('PUT', `/v1/stats/targets/${marketerId}?month=${month}`, {
          token,
          body: { revenueFen: 1, arrivals: 1 },
        })
      ).status,
    ).toBe(403);
  });

  it('gives every day of the month and the target achievement', async () => {
    await setTarget(api, manager, marketerId, month, { revenueFen: 10_000_000, arrivals: 50 });
    const m = await api.call('GET', `/v1/stats/monthly?month=${month}`, { token: marketer });
    expect(m.status).toBe(200);
    const [y, mm] = month.split('-').map(Number) as [number, number];
    expect(m.body.days).toHaveLength(new Date(Date.UTC(y, mm, 0)).getUTCDate());
    expect(m.body.target).toEqual({ revenueFen: 10_000_000, arrivals: 50 });
    expect(m.body.achievement.arrivals).toBeCloseTo(m.body.totals.arrivals / 50);
    const day = m.body.days.find((d: { date: string }) => d.date === today);
    expect(day.newRecords).toBe((await myDay(marketer)).newRecords);
  });

  it('lets a manager read any marketer of the clinic, the whole clinic, and the ranking', async () => {
    const one = await api.call('GET', `/v1/stats/daily?staffId=${marketer2Id}`, { token: manager });
    expect(one.status).toBe(200);
    expect(one.body.staffId).toBe(marketer2Id);
    const clinic = await api.call('GET', '/v1/stats/daily', { token: manager });
    expect(clinic.body).toMatchObject({ clinicId: TEST_CLINIC });
    expect(clinic.body.newRecords).toBeGreaterThanOrEqual(one.body.newRecords);
    const rank = await api.call('GET', `/v1/stats/staff?month=${month}`, { token: manager });
    expect(rank.body.items.map((r: { staffId: string }) => r.staffId)).toEqual(
      expect.arrayContaining([marketerId, marketer2Id]),
    );
  });

  it('exports CSV that Excel opens with Chinese headers intact', async () => {
    await campaign(marketer, { name: '企业体检，春季' });
    const res = await fetch(`${api.url}/v1/stats/channels?month=${month}`, {
      headers: { authorization: `Bearer ${manager}`, accept: 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(`channels-${month}.csv`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('类型,名称,负责人,报名,其中老患者,新建档,预约,到院,营收(元),建档到院转化率');
    expect(lines.some((l) => l.startsWith('渠道,'))).toBe(true);
    const monthly = await fetch(`${api.url}/v1/stats/monthly?month=${month}`, {
      headers: { authorization: `Bearer ${marketer}`, accept: 'text/csv' },
    });
    const text = (await monthly.text()).replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toBe('日期,员工,新建档,预约,到院,营收(元),取消,就诊');
    expect(text).toContain('合计,演示市场专员');
  });
});
