import { beforeAll, describe, expect, it } from 'vitest';
import { clinicDate } from '../../shared/dates';
import { profile, uniqueOpenid, uniquePhone } from '../support/api';
import { newDepartment, newSlot } from '../support/fixtures';
import { allPages, staffPatients, teamForFile } from '../support/people';

const {
  api,
  tokens: [desk, marketer, campaigner, family],
} = await teamForFile('pg', ['frontdesk', 'marketing', 'marketing', 'patient']);
let queueA: string;
let queueB: string;
let slotDept: string;
let campaignId: string;
const today = clinicDate(new Date());

beforeAll(async () => {
  // Five numbers in queue A, three in queue B.
  [queueA, queueB, slotDept] = await Promise.all([newDepartment('P'), newDepartment('R'), newDepartment('S')]);
  for (const [queue, n] of [
    [queueA, 5],
    [queueB, 3],
  ] as const) {
    for (const patientId of await staffPatients(api, desk, n)) {
      const t = await api.call('POST', `/v1/queues/${queue}/tickets`, { token: desk, body: { patientId } });
      expect(t.status).toBe(201);
    }
  }
  // Five leads of the marketer, five profiles of one family, five slots of a day.
  await staffPatients(api, marketer, 5, '线索');
  for (let i = 0; i < 5; i++) {
    const p = await api.call('POST', '/v1/me/patients', {
      token: family,
      body: profile({ name: `家人${i}`, relation: i === 0 ? 'self' : 'child', birthDate: `1990-01-0${i + 1}` }),
    });
    expect(p.status).toBe(201);
  }
  for (let i = 0; i < 5; i++) await newSlot(slotDept, { startsInMinutes: 60 + 30 * i });
  // The campaign's sign-ups become its owner's leads: another marketer runs it.
  const c = await api.call('POST', '/v1/campaigns', {
    token: campaigner,
    body: { name: '翻页活动', channel: 'community', startsOn: today, endsOn: '2099-12-31' },
  });
  campaignId = c.body.id;
  for (let i = 0; i < 5; i++) {
    const token = await api.login(uniqueOpenid('pg-signup'));
    const s = await api.call('POST', `/v1/campaigns/${campaignId}/signups`, {
      token,
      body: { name: `报名${i}`, phone: uniquePhone(), consents: { marketing: true } },
    });
    expect(s.status).toBe(201);
  }
}, 120_000);

/** The lists under test, with a caller allowed to read each. */
const lists = () => [
  { name: 'queue tickets', path: `/v1/queues/${queueA}/tickets`, token: desk },
  { name: 'my patients', path: '/v1/me/patients', token: family },
  { name: 'my leads', path: '/v1/leads', token: marketer },
  { name: 'slots of a day', path: `/v1/slots?departmentId=${slotDept}&date=${today}`, token: desk },
  { name: 'campaign touches', path: `/v1/campaigns/${campaignId}/touches`, token: campaigner },
  { name: 'clinics', path: '/v1/clinics', token: undefined },
];

const withQuery = (path: string, q: string) => `${path}${path.includes('?') ? '&' : '?'}${q}`;

function expectQueryRefused(res: { status: number; body: any }, field: string) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('VALIDATION_FAILED');
  expect(res.body.error.message).toMatch(/\p{Script=Han}/u);
  expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(field);
  for (const f of res.body.error.details.fields) expect(f.message).not.toMatch(/[A-Za-z]{3,}/);
}

describe('paging', () => {
  it('pages through the five numbers of a queue two at a time, each once, in number order', async () => {
    const { items, pages } = await allPages(api, `/v1/queues/${queueA}/tickets`, desk, 2);
    expect(pages).toBe(3);
    expect(items.map((t: { number: number }) => t.number)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(items.map((t: { id: string }) => t.id)).size).toBe(5);
  });

  it("pages through a marketer's five leads two at a time, each once, newest first", async () => {
    const { items } = await allPages(api, '/v1/leads', marketer, 2);
    expect(items.map((p: { name: string }) => p.name)).toEqual(['线索4', '线索3', '线索2', '线索1', '线索0']);
  });

  it("pages through a family's five profiles two at a time, each once", async () => {
    const { items } = await allPages(api, '/v1/me/patients', family, 2);
    expect(items.map((p: { name: string }) => p.name).sort()).toEqual(['家人0', '家人1', '家人2', '家人3', '家人4']);
  });

  it("pages through a day's five slots and a campaign's five sign-ups two at a time, each once", async () => {
    const slots = await allPages(api, `/v1/slots?departmentId=${slotDept}&date=${today}`, desk, 2);
    expect(new Set(slots.items.map((s: { id: string }) => s.id)).size).toBe(5);
    expect(slots.items).toHaveLength(5);
    const touches = await allPages(api, `/v1/campaigns/${campaignId}/touches`, campaigner, 2);
    expect(touches.items).toHaveLength(5);
    expect(new Set(touches.items.map((t: { patientId: string }) => t.patientId)).size).toBe(5);
  });

  it('answers a list without limit with at most 100 items and accepts limit=100', async () => {
    const res = await api.call('GET', withQuery(`/v1/queues/${queueA}/tickets`, 'limit=100'), { token: desk });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(5);
    expect(res.body.nextCursor).toBeUndefined();
  });

  for (const limit of ['100000', '101', '0', '-1', 'abc', '2.5']) {
    it(`refuses limit=${limit} on every list with a 400 naming limit`, async () => {
      for (const l of lists()) {
        const res = await api.call('GET', withQuery(l.path, `limit=${limit}`), { token: l.token });
        expectQueryRefused(res, 'limit');
      }
    });
  }

  it('refuses a query parameter a list does not know with a 400', async () => {
    for (const l of lists()) {
      const res = await api.call('GET', withQuery(l.path, 'sort=desc'), { token: l.token });
      expectQueryRefused(res, 'sort');
    }
  });

  it('refuses a cursor that is not one with a 400 naming cursor', async () => {
    for (const l of lists()) {
      const res = await api.call('GET', withQuery(l.path, 'cursor=not-a-cursor!!'), { token: l.token });
      expectQueryRefused(res, 'cursor');
    }
  });

  it("refuses another queue's cursor with a 400 naming cursor", async () => {
    const first = await api.call('GET', `/v1/queues/${queueB}/tickets?limit=2`, { token: desk });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const res = await api.call(
      'GET',
      `/v1/queues/${queueA}/tickets?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { token: desk },
    );
    expectQueryRefused(res, 'cursor');
  });

  it("refuses another list's cursor with a 400 naming cursor", async () => {
    const leads = await api.call('GET', '/v1/leads?limit=2', { token: marketer });
    expect(leads.body.nextCursor).toEqual(expect.any(String));
    const cursor = encodeURIComponent(leads.body.nextCursor);
    for (const l of lists().filter((x) => x.name !== 'my leads')) {
      expectQueryRefused(await api.call('GET', withQuery(l.path, `cursor=${cursor}`), { token: l.token }), 'cursor');
    }
  });

  it('refuses a well-formed cursor of this queue that names no key of its list with a 400', async () => {
    const first = await api.call('GET', `/v1/queues/${queueA}/tickets?limit=2`, { token: desk });
    const key = JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString('utf8'));
    const partial = Buffer.from(JSON.stringify({ clinicKey: key.clinicKey }), 'utf8').toString('base64url');
    const res = await api.call('GET', `/v1/queues/${queueA}/tickets?cursor=${partial}`, { token: desk });
    expectQueryRefused(res, 'cursor');
  });
});
