import { describe, expect, it } from 'vitest';
import { uniqueOpenid } from '../support/api';
import { TEST_CLINIC } from '../support/fixtures';
import { teamForFile } from '../support/people';

const { api } = await teamForFile('t', []);

describe('the clinic directory (public)', () => {
  it('lists clinics and a clinic’s departments without login, keeping internal settings out', async () => {
    const clinics = await api.call('GET', '/v1/clinics');
    expect(clinics.body.items.map((c: { id: string }) => c.id)).toContain(TEST_CLINIC);
    const depts = await api.call('GET', `/v1/clinics/${TEST_CLINIC}/departments`);
    expect(depts.status).toBe(200);
    const ortho = depts.body.items.find((d: { id: string }) => d.id === 'd_test_ortho');
    expect(ortho).toEqual({ id: 'd_test_ortho', clinicId: TEST_CLINIC, name: '正畸科', prefix: 'A', room: '1' });
  });

  it('lists only the doctors of a clinic, by name', async () => {
    const doctor = await api.login(uniqueOpenid('dir-doc'), 'doctor');
    await api.login(uniqueOpenid('dir-nurse'), 'nurse');
    const doctorId = (await api.call('GET', '/v1/me', { token: doctor })).body.staffId;
    const res = await api.call('GET', `/v1/clinics/${TEST_CLINIC}/doctors`);
    expect(res.status).toBe(200);
    expect(res.body.items).toContainEqual({ id: doctorId, name: '演示医生', clinicId: TEST_CLINIC });
    expect(res.body.items.every((d: { name: string }) => d.name !== '演示护士')).toBe(true);
  });
});
