import { describe, expect, it } from 'vitest';
import { putDepartment } from '../../functions/clinics/clinic-repository';
import { settingsAuditTrail } from '../../functions/staff/settings-audit-repository';
import { uniqueOpenid } from '../support/api';
import { newSlot } from '../support/fixtures';
import { ownClinic } from '../support/own-clinic';
import { patientAccount, teamForFile } from '../support/people';

// Care instructions (术后须知) per visit category and education items (候诊宣教) per department:
// defaults until a manager edits, edits kept per clinic and audited, the public read of education.

const {
  api,
  tokens: [patient],
} = await teamForFile('care', ['patient']);

/** A staff member bound to a clinic of the test's own. */
async function staffOf(clinicId: string, role: string) {
  const res = await api.call('POST', '/v1/auth/dev', {
    body: { openid: uniqueOpenid(`care-${role}`), role, clinicId },
  });
  expect(res.status).toBe(200);
  return res.body.token as string;
}

const extraction = {
  title: '拔牙后须知',
  lines: ['咬紧纱布 40 分钟。', '今天不要漱口。'],
};

describe('care instructions', () => {
  it('gives a clinic that edited nothing the default text of every category', async () => {
    const { clinicId } = await ownClinic('cared', '默认口腔');
    const manager = await staffOf(clinicId, 'manager');
    const res = await api.call('GET', `/v1/care-instructions?clinicId=${clinicId}`, { token: manager });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(10);
    const ex = res.body.items.find((i: { category: string }) => i.category === 'extraction');
    expect(ex.isDefault).toBe(true);
    expect(ex.lines.join('')).toContain('24 小时内不要漱口、不要用吸管');
    expect(ex.lines.join('')).toContain('30–40 分钟');
  });

  it("keeps a manager's edit for their clinic only, with an audit event", async () => {
    const { clinicId } = await ownClinic('carem', '编辑口腔');
    const { clinicId: otherId } = await ownClinic('careo', '旁边口腔');
    const manager = await staffOf(clinicId, 'manager');
    const other = await staffOf(otherId, 'manager');

    const put = await api.call('PUT', '/v1/care-instructions/extraction', { token: manager, body: extraction });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ ...extraction, isDefault: false });

    const mine = await api.call('GET', '/v1/care-instructions', { token: manager });
    expect(mine.body.items.find((i: { category: string }) => i.category === 'extraction').lines).toEqual(
      extraction.lines,
    );
    const theirs = await api.call('GET', '/v1/care-instructions', { token: other });
    expect(theirs.body.items.find((i: { category: string }) => i.category === 'extraction').isDefault).toBe(true);

    const trail = await settingsAuditTrail(clinicId);
    expect(trail.map((t) => t.subject)).toEqual(['care#extraction']);
  });

  it("refuses a manager another clinic's instructions (403), reading and writing", async () => {
    const { clinicId } = await ownClinic('carex', '甲口腔');
    const { clinicId: otherId } = await ownClinic('carey', '乙口腔');
    const manager = await staffOf(clinicId, 'manager');
    const read = await api.call('GET', `/v1/care-instructions?clinicId=${otherId}`, { token: manager });
    expect(read.status).toBe(403);
    expect(read.body.error.message).toBe('只能查看本院的术后须知与宣教');
    const write = await api.call('PUT', '/v1/care-instructions/implant', {
      token: manager,
      body: { ...extraction, clinicId: otherId },
    });
    expect(write.status).toBe(403);
    expect(write.body.error.message).toBe('只能修改本院的术后须知与宣教');
    expect(await settingsAuditTrail(otherId)).toEqual([]);
  });

  it('refuses a nurse and a patient (403)', async () => {
    const { clinicId } = await ownClinic('carer', '角色口腔');
    const nurse = await staffOf(clinicId, 'nurse');
    for (const token of [nurse, patient]) {
      const res = await api.call('PUT', '/v1/care-instructions/extraction', { token, body: extraction });
      expect(res.status).toBe(403);
    }
  });

  it('answers 404 for a category that does not exist', async () => {
    const { clinicId } = await ownClinic('carek', '类别口腔');
    const manager = await staffOf(clinicId, 'manager');
    const res = await api.call('PUT', '/v1/care-instructions/tattoo', { token: manager, body: extraction });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('没有这种就诊类别');
  });

  it('names the field of an empty line or too many lines, in Chinese', async () => {
    const { clinicId } = await ownClinic('carev', '校验口腔');
    const manager = await staffOf(clinicId, 'manager');
    const empty = await api.call('PUT', '/v1/care-instructions/extraction', {
      token: manager,
      body: { title: '拔牙后', lines: ['好的', '  '] },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields).toContainEqual({ path: 'lines.1', message: '内容不能为空行' });
    const many = await api.call('PUT', '/v1/care-instructions/extraction', {
      token: manager,
      body: { title: '', lines: Array.from({ length: 9 }, () => '一行') },
    });
    expect(many.status).toBe(400);
    const messages = many.body.error.details.fields.map((f: { message: string }) => f.message);
    expect(messages).toEqual(expect.arrayContaining(['请填写须知标题', '须知最多 8 条']));
  });
});

describe('education', () => {
  it("gives anyone, signed in or not, a department's default items by its name", async () => {
    const { clinicId } = await ownClinic('edud', '宣教口腔');
    const deptId = `d_edu_${Date.now().toString(36)}`;
    await putDepartment({ id: deptId, clinicId, name: '种植科', prefix: 'B', room: '2', defaultServiceMinutes: 30 });
    const res = await api.call('GET', `/v1/education?departmentId=${deptId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ departmentId: deptId, departmentName: '种植科', isDefault: true });
    expect(res.body.items.map((i: { title: string }) => i.title)).toContain('种植牙维护');
  });

  it('shows the public only published items; the manager sees the draft too', async () => {
    const { clinicId, deptId } = await ownClinic('edup', '发布口腔');
    const manager = await staffOf(clinicId, 'manager');
    const items = [
      { title: '正确刷牙', lines: ['巴氏刷牙法，每次两分钟。'] },
      { title: '草稿', lines: ['还没写好'], published: false },
    ];
    const put = await api.call('PUT', `/v1/education/${deptId}`, { token: manager, body: { items } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    const pub = await api.call('GET', `/v1/education?departmentId=${deptId}`);
    expect(pub.body.items).toEqual([{ title: '正确刷牙', lines: ['巴氏刷牙法，每次两分钟。'], published: true }]);
    const own = await api.call('GET', `/v1/education?departmentId=${deptId}`, { token: manager });
    expect(own.body.items.map((i: { title: string }) => i.title)).toEqual(['正确刷牙', '草稿']);
    const asPatient = await api.call('GET', `/v1/education?departmentId=${deptId}`, { token: patient });
    expect(asPatient.body.items).toHaveLength(1);
    expect((await settingsAuditTrail(clinicId)).map((t) => t.subject)).toEqual([`education#${deptId}`]);
  });

  it("answers a manager another clinic's department like a missing one (404) and shows them no drafts", async () => {
    const { deptId, clinicId } = await ownClinic('edux', '甲院');
    const { clinicId: otherId } = await ownClinic('eduy', '乙院');
    const mine = await staffOf(clinicId, 'manager');
    await api.call('PUT', `/v1/education/${deptId}`, {
      token: mine,
      body: {
        items: [
          { title: '草稿', lines: ['未发布'], published: false },
          { title: '牙线', lines: ['每天一次'] },
        ],
      },
    });
    const other = await staffOf(otherId, 'manager');
    const res = await api.call('PUT', `/v1/education/${deptId}`, {
      token: other,
      body: { items: [{ title: '改掉', lines: ['别人的'] }] },
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    const read = await api.call('GET', `/v1/education?departmentId=${deptId}`, { token: other });
    expect(read.body.items.map((i: { title: string }) => i.title)).toEqual(['牙线']);
  });

  it('answers 404 for a department that does not exist, reading or writing', async () => {
    const { clinicId } = await ownClinic('edun', '无科室');
    const manager = await staffOf(clinicId, 'manager');
    expect((await api.call('GET', '/v1/education?departmentId=d_nope_x')).status).toBe(404);
    const put = await api.call('PUT', '/v1/education/d_nope_x', { token: manager, body: { items: [] } });
    expect(put.status).toBe(400);
    const put2 = await api.call('PUT', '/v1/education/d_nope_x', {
      token: manager,
      body: { items: [{ title: '牙线', lines: ['每天一次'] }] },
    });
    expect(put2.status).toBe(404);
    expect(put2.body.error.message).toBe('没有找到该科室');
  });

  it('refuses an item of four lines and a line over 60 characters', async () => {
    const { clinicId, deptId } = await ownClinic('eduv', '校验院');
    const manager = await staffOf(clinicId, 'manager');
    const res = await api.call('PUT', `/v1/education/${deptId}`, {
      token: manager,
      body: {
        items: [
          { title: '太长', lines: ['一', '二', '三', '四'] },
          { title: '长行', lines: ['字'.repeat(61)] },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toEqual(
      expect.arrayContaining([
        { path: 'items.0.lines', message: '每条宣教最多 3 行' },
        { path: 'items.1.lines.0', message: '每行最多 60 字，请拆成两行' },
      ]),
    );
  });
});

describe('care instructions on my appointments', () => {
  /** A patient's booking at a clinic of the test's own, checked in and completed by its doctor as `category`. */
  async function completedVisit(clinicId: string, deptId: string, category: string) {
    const slotId = await newSlot(deptId, { clinicId, startsInMinutes: 60 });
    const { token, patientId } = await patientAccount(api, 'care-p');
    const booked = await api.call('POST', '/v1/appointments', { token, body: { patientId, slotId } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const ticket = await api.call('POST', `/v1/appointments/${booked.body.id}/check-in`, { token });
    const doctor = await api.call('POST', '/v1/auth/dev', {
      body: { openid: uniqueOpenid('care-doc'), role: 'doctor', clinicId },
    });
    const doctorId = (await api.call('GET', '/v1/me', { token: doctor.body.token })).body.staffId;
    const visit = await api.call('POST', '/v1/visits', {
      token: doctor.body.token,
      body: { ticketId: ticket.body.id, category, chargeFen: 30_000, doctorId },
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    return { token, appointmentId: booked.body.id as string };
  }

  it("carries the clinic's own text of the visit's category on a completed visit", async () => {
    const { clinicId, deptId } = await ownClinic('carep', '患者口腔');
    const manager = await staffOf(clinicId, 'manager');
    await api.call('PUT', '/v1/care-instructions/extraction', { token: manager, body: extraction });
    const { token, appointmentId } = await completedVisit(clinicId, deptId, 'extraction');
    const [appt] = (await api.call('GET', '/v1/me/appointments', { token })).body.items;
    expect(appt).toMatchObject({ id: appointmentId, status: 'completed', care: extraction });
  });

  it('carries the default text when the clinic edited nothing, and none on a booking not yet seen', async () => {
    const { clinicId, deptId } = await ownClinic('carepd', '默认患者口腔');
    const { token } = await completedVisit(clinicId, deptId, 'implant');
    const [appt] = (await api.call('GET', '/v1/me/appointments', { token })).body.items;
    expect(appt.care.title).toBe('种植术后须知');
    const slotId = await newSlot(deptId, { clinicId, startsInMinutes: 120 });
    const { token: t2, patientId } = await patientAccount(api, 'care-p2');
    await api.call('POST', '/v1/appointments', { token: t2, body: { patientId, slotId } });
    const [open] = (await api.call('GET', '/v1/me/appointments', { token: t2 })).body.items;
    expect(open.status).toBe('booked');
    expect(open).not.toHaveProperty('care');
  });
});
