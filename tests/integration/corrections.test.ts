import { afterAll, describe, expect, it } from 'vitest';
import { auditTrailOf } from '../../functions/patients/audit-repository';
import { idCardFor, profile, startApi, uniqueOpenid } from '../support/api';
import { rightsClinic } from '../support/rights-fixture';

const api = await startApi();
afterAll(() => api.close());
const clinic = await rightsClinic(api, 'cor');

const updates = async (patientId: string) => (await auditTrailOf(patientId)).filter((a) => a.action === 'update');

describe('corrections are audited field by field, values masked', () => {
  it("the patient's own correction: only the fields that changed, no value in clear", async () => {
    const token = await api.login(uniqueOpenid('cor-p'));
    const oldId = idCardFor('1985-06-20', '123');
    const newId = idCardFor('1985-06-20', '456');
    const p = await api.call('POST', '/v1/me/patients', {
      token,
      body: profile({
        name: '周小青',
        birthDate: '1985-06-20',
        idCardNo: oldId,
        address: '旧街 12 号',
        clinicId: clinic.clinicId,
      }),
    });
    expect(p.status).toBe(201);
    const res = await api.call('PATCH', `/v1/me/patients/${p.body.id}`, {
      token,
      body: { name: '吴小青', birthDate: '1985-06-20', idCardNo: newId, address: '新街 345 号 6 室' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [audit, ...more] = await updates(p.body.id);
    expect(more).toHaveLength(0);
    const me = (await api.call('GET', '/v1/me', { token })).body.id;
    expect(audit).toMatchObject({
      actorUserId: me,
      clinicId: clinic.clinicId,
      fields: ['name', 'address', 'idCardNo'],
    });
    expect(audit!.changes).toEqual([
      { field: 'name', from: '周*青', to: '吴*青' },
      { field: 'address', from: '7 字', to: '12 字' },
      { field: 'idCardNo', from: `1101**********${oldId.slice(-4)}`, to: `1101**********${newId.slice(-4)}` },
    ]);
    const text = JSON.stringify(audit);
    for (const clear of ['周小青', '吴小青', oldId, newId, '旧街', '新街']) expect(text).not.toContain(clear);

    // Sending the same values again changes nothing: no audit of a correction that was none.
    await api.call('PATCH', `/v1/me/patients/${p.body.id}`, { token, body: { name: '吴小青' } });
    expect(await updates(p.body.id)).toHaveLength(1);
  });

  it("staff's correction: masked changes with the staff member and their clinic", async () => {
    const lead = await api.call('POST', '/v1/patients', {
      token: clinic.desk.token,
      body: { name: '郑大年', phone: profile().phone, channel: 'walk_in', notes: '上午方便' },
    });
    expect(lead.status).toBe(201);
    const res = await api.call('PATCH', `/v1/patients/${lead.body.id}`, {
      token: clinic.manager.token,
      body: { name: '郑大有', notes: '下午三点后方便接电话', tags: ['VIP'], gender: 'male' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [audit] = await updates(lead.body.id);
    expect(audit).toMatchObject({ actorStaffId: clinic.manager.staffId, actorClinicId: clinic.clinicId });
    expect(audit!.changes).toEqual([
      { field: 'name', from: '郑*年', to: '郑*有' },
      { field: 'gender', to: 'male' },
      { field: 'notes', from: '4 字', to: '10 字' },
      { field: 'tags', to: '1 个标签' },
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/郑大|上午方便|下午三点/);
  });
});
