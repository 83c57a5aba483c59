import { describe, expect, it } from 'vitest';
import { db, tableName } from '../../functions/lib/db';
import { QueryCommand } from '../../functions/lib/store-client';
import { commit } from '../../functions/lib/transact';
import { AUDIT_RETENTION_DAYS, type AuditEntry, auditWrite } from '../../functions/patients/audit-repository';
import { settingsAuditWrite } from '../../functions/staff/settings-audit-repository';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { TEST_CLINIC } from '../support/fixtures';
import { devLogin, ownClinic } from '../support/own-clinic';
import { allPages, teamForFile } from '../support/people';

const { api, tokens, staffIds } = await teamForFile('aud', ['manager', 'frontdesk', 'admin'] as const);
const [manager, desk, admin] = tokens;
const other = await ownClinic('aud', '浦东门诊（审计测试）');
const { token: otherManager } = await devLogin(api.url, uniqueOpenid('aud-other-mgr'), 'manager', other.clinicId);

/** A record the front desk enters and reads once: its trail holds create, then read. */
async function recordWithReads(): Promise<string> {
  const created = await api.call('POST', '/v1/patients', {
    token: desk,
    body: { name: '审计患者', phone: uniquePhone(), channel: 'walk_in' },
  });
  expect(created.status).toBe(201);
  const read = await api.call('GET', `/v1/patients/${created.body.id}`, { token: desk });
  expect(read.status).toBe(200);
  return created.body.id as string;
}

const entry = (patientId: string, o: Partial<AuditEntry>): AuditEntry => ({
  patientId,
  clinicId: TEST_CLINIC,
  action: 'read',
  requestId: 'r-test',
  ...o,
});

describe('GET /v1/patients/{patientId}/audit', () => {
  it("shows the home clinic's manager who read and changed the record, newest first, in Chinese", async () => {
    const id = await recordWithReads();
    const trail = await api.call('GET', `/v1/patients/${id}/audit`, { token: manager });
    expect(trail.status).toBe(200);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(['read', 'create']);
    const [read, created] = trail.body.items;
    expect(read).toMatchObject({
      actionLabel: '查看',
      actor: { kind: 'staff', staffId: staffIds[1], label: '演示前台（前台）' },
      crossClinic: false,
    });
    expect(created.actionLabel).toBe('建档');
    expect(read.clinicName).not.toBe('');
    expect(Date.parse(read.at)).toBeGreaterThanOrEqual(Date.parse(created.at));
  });

  it('shows a correction field by field with masked values, a cross-clinic read and the patient acting', async () => {
    const id = await recordWithReads();
    const at = new Date().toISOString();
    await commit([
      auditWrite(
        entry(id, {
          action: 'update',
          actorStaffId: staffIds[1],
          actorClinicId: TEST_CLINIC,
          fields: ['phone', 'name'],
          changes: [
            { field: 'phone', from: '138****1234', to: '139****5678' },
            { field: 'name', from: '王*', to: '王**' },
          ],
        }),
        at,
      ),
      auditWrite(
        entry(id, { action: 'read', actorStaffId: staffIds[1], actorClinicId: other.clinicId, crossClinic: true }),
        at,
      ),
      auditWrite(entry(id, { action: 'export', actorUserId: 'u_self', reason: '患者申请导出' }), at),
    ]);
    const { body } = await api.call('GET', `/v1/patients/${id}/audit?limit=3`, { token: manager });
    const update = body.items.find((e: { action: string }) => e.action === 'update');
    expect(update).toMatchObject({
      actionLabel: '修改',
      fields: ['手机号', '姓名'],
      changes: [
        { field: 'phone', label: '手机号', from: '138****1234', to: '139****5678' },
        { field: 'name', label: '姓名', from: '王*', to: '王**' },
      ],
    });
    const cross = body.items.find((e: { crossClinic: boolean }) => e.crossClinic);
    expect(cross).toMatchObject({ action: 'read', clinicName: '浦东门诊（审计测试）' });
    const self = body.items.find((e: { action: string }) => e.action === 'export');
    expect(self).toMatchObject({ actor: { kind: 'patient', label: '患者本人' }, reason: '患者申请导出' });
  });

  it('pages with limit and cursor, newest first, and refuses a limit above 100 or an unknown parameter', async () => {
    const id = await recordWithReads();
    await api.call('GET', `/v1/patients/${id}`, { token: desk });
    const { items, pages } = await allPages(api, `/v1/patients/${id}/audit`, manager, 1);
    // DynamoDB may answer one more (empty) page after the last full one.
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(items.map((e) => e.action)).toEqual(['read', 'read', 'create']);
    expect((await api.call('GET', `/v1/patients/${id}/audit?limit=101`, { token: manager })).status).toBe(400);
    expect((await api.call('GET', `/v1/patients/${id}/audit?phone=1`, { token: manager })).status).toBe(400);
  });

  it("answers the group admin, 403 to the front desk and 404 to another clinic's manager", async () => {
    const id = await recordWithReads();
    expect((await api.call('GET', `/v1/patients/${id}/audit`, { token: admin })).status).toBe(200);
    const refused = await api.call('GET', `/v1/patients/${id}/audit`, { token: desk });
    expect(refused.status).toBe(403);
    const hidden = await api.call('GET', `/v1/patients/${id}/audit`, { token: otherManager });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.message).toMatch(/没有找到/);
    expect((await api.call('GET', '/v1/patients/p_nosuchrecord0000/audit', { token: manager })).status).toBe(404);
  });
});

describe('audit items in the table', () => {
  const expiresOf = async (pk: string) => {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      }),
    );
    return (out.Items ?? []).map((i) => ({ at: i.at as string, expiresAt: i.expiresAt as number }));
  };

  it(`keeps a record's audit and a settings audit ${AUDIT_RETENTION_DAYS} days (the TTL attribute), at least six months`, async () => {
    const id = await recordWithReads();
    const settingsClinic = `c_audit_ttl_${Date.now().toString(36)}`;
    const at = '2026-12-06T02:00:00.000Z';
    await commit([
      settingsAuditWrite(
        {
          clinicId: settingsClinic,
          subject: 'template#birthday',
          action: 'update',
          actorStaffId: staffIds[0],
          requestId: 'r',
        },
        at,
      ),
    ]);
    const items = [...(await expiresOf(`AUDIT#${id}`)), ...(await expiresOf(`AUDIT#SETTINGS#${settingsClinic}`))];
    expect(items.length).toBe(3);
    for (const i of items) {
      expect(i.expiresAt).toBe(Math.floor(Date.parse(i.at) / 1000) + 366 * 86_400);
      expect(i.expiresAt - Date.parse(i.at) / 1000).toBeGreaterThan(183 * 86_400);
    }
  });

  it('writes an audit item only once: putting the same key again is refused', async () => {
    const tx = auditWrite(
      entry(`p_once_${Date.now().toString(36)}`, { actorStaffId: staffIds[0] }),
      new Date().toISOString(),
    );
    await commit([tx]);
    await expect(commit([tx])).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
