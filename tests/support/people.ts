import { afterAll, expect } from 'vitest';
import type { StaffRole } from '../../shared/roles';
import { type Api, profile, startApi, uniqueOpenid, uniquePhone } from './api';
import { ensureTestClinic } from './fixtures';

/** Records entered by a staff member (the front desk, or a marketer who then owns them), one by one. */
export async function staffPatients(api: Api, token: string, n: number, name = '门诊患者'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await api.call('POST', '/v1/patients', {
      token,
      body: { name: `${name}${i}`, phone: uniquePhone(), channel: 'walk_in' },
    });
    expect(res.status).toBe(201);
    ids.push(res.body.id as string);
  }
  return ids;
}

/** A WeChat account with one profile of its own. */
export async function patientAccount(api: Api, tag = 'p', overrides: Record<string, unknown> = {}) {
  const token = await api.login(uniqueOpenid(tag));
  const res = await api.call('POST', '/v1/me/patients', { token, body: profile({ name: '孙小美', ...overrides }) });
  expect(res.status).toBe(201);
  return { token, patientId: res.body.id as string, phone: res.body.phone as string };
}

/** Every item of a list, page by page with `limit`, and how many pages it took. */
export async function allPages<T = any>(
  api: Api,
  path: string,
  token: string | undefined,
  limit: number,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url = `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await api.call('GET', url, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
    if (pages > 50) throw new Error(`paging ${path} does not end`);
  } while (cursor);
  return { items, pages };
}

/** A manager sets a staff member's target for a month. */
export async function setTarget(
  api: Api,
  managerToken: string,
  staffId: string,
  month: string,
  target: { revenueFen: number; arrivals: number },
): Promise<void> {
  const res = await api.call('PUT', `/v1/stats/targets/${staffId}?month=${month}`, {
    token: managerToken,
    body: target,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

type Member = StaffRole | 'patient';

/**
 * For the tests of one file (await it at the top of the file): the test clinic, an API on the store,
 * closed after the file's tests, and one signed-in account per role named (in order; 'patient' is a
 * patient account): each one's token, and each staff member's staffId ('' for a patient).
 */
export async function teamForFile<const R extends readonly Member[]>(
  tag: string,
  roles: R,
): Promise<{ api: Api; tokens: { [K in keyof R]: string }; staffIds: { [K in keyof R]: string } }> {
  await ensureTestClinic();
  const api = await startApi();
  afterAll(() => api.close());
  const signedIn = await Promise.all(
    roles.map(async (role, i) => {
      const token = await api.login(uniqueOpenid(`${tag}-${role}${i}`), role === 'patient' ? undefined : role);
      const me = role === 'patient' ? undefined : await api.call('GET', '/v1/me', { token });
      return { token, staffId: (me?.body.staffId as string | undefined) ?? '' };
    }),
  );
  return {
    api,
    tokens: signedIn.map((s) => s.token) as { [K in keyof R]: string },
    staffIds: signedIn.map((s) => s.staffId) as { [K in keyof R]: string },
  };
}
