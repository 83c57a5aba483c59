import { describe, expect, it } from 'vitest';
import { uniquePhone } from '../support/api';
import { patientAccount, teamForFile } from '../support/people';

// tests/setup/log-capture.ts collects every structured line this file's code writes.
const captured = (globalThis as { __capturedLogLines?: string[] }).__capturedLogLines!;
const { api, tokens, staffIds } = await teamForFile('alog', ['frontdesk'] as const);
const [desk] = tokens;

type Line = Record<string, unknown>;
const accessLines = (): Line[] => captured.map((l) => JSON.parse(l) as Line).filter((l) => l.message === 'access');

/** The access lines one request wrote, found by its request id (the local server answers none: by count). */
async function linesOf(act: () => Promise<unknown>): Promise<Line[]> {
  const before = accessLines().length;
  await act();
  return accessLines().slice(before);
}

describe('access log', () => {
  it('writes one INFO line for an anonymous request, with the route template and no caller', async () => {
    const lines = await linesOf(() => api.call('GET', '/v1/clinics'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      route: 'GET /v1/clinics',
      status: 200,
      callerKind: 'anonymous',
      roles: [],
      requestId: expect.any(String),
      latencyMs: expect.any(Number),
    });
    expect(lines[0]).not.toHaveProperty('staffId');
  });

  it("writes a staff member's kind, roles and staff id, and the path's template instead of its ids", async () => {
    const phone = uniquePhone();
    const created = await api.call('POST', '/v1/patients', {
      token: desk,
      body: { name: '日志患者', phone, channel: 'walk_in' },
    });
    const id = created.body.id as string;
    const lines = await linesOf(() => api.call('GET', `/v1/patients/${id}`, { token: desk }));
    expect(lines).toEqual([
      expect.objectContaining({
        route: 'GET /v1/patients/{patientId}',
        status: 200,
        callerKind: 'staff',
        roles: ['frontdesk'],
        staffId: staffIds[0],
      }),
    ]);
    const search = await linesOf(() => api.call('GET', `/v1/patients?phone=${phone}`, { token: desk }));
    expect(search).toHaveLength(1);
    expect(search[0]?.route).toBe('GET /v1/patients');
    expect(JSON.stringify(search[0])).not.toContain(phone);
  });

  it("writes a patient's kind and the status of a refused request, one line each", async () => {
    const { token } = await patientAccount(api, 'alog-p');
    const lines = await linesOf(async () => {
      await api.call('GET', '/v1/me/patients', { token });
      await api.call('GET', '/v1/leads', { token });
      await api.call('GET', '/v1/leads', { token: 'not-a-token' });
    });
    expect(lines.map((l) => [l.route, l.status, l.callerKind])).toEqual([
      ['GET /v1/me/patients', 200, 'patient'],
      ['GET /v1/leads', 403, 'patient'],
      ['GET /v1/leads', 401, 'anonymous'],
    ]);
    expect(lines[0]?.roles).toEqual(['patient']);
    for (const line of lines) {
      expect(Object.keys(line)).not.toEqual(expect.arrayContaining(['name']));
      expect(JSON.stringify(line)).not.toContain(token);
    }
  });
});
