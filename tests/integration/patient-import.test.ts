import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatientRecord } from '../../functions/patients/patient-repository';
import { ownTables } from '../support/own-tables';

// 10,000 records with birthdays reach the whole store (a birthday run reads every clinic's): this file
// works on tables of its own, so other files' job counts stay exact.
await ownTables('import');

const { importAuditTrail, releaseLease, takeLease } = await import('../../functions/imports/import-repository');
const { importedPatientId, useRunBudget } = await import('../../functions/imports/run-service');
const { partitionQuery, queryAll } = await import('../../functions/lib/store');
const { commit } = await import('../../functions/lib/transact');
const { newPatientRecord } = await import('../../functions/patients/patient-record');
const { clinicPatients, getPatient, newPatientWrites } = await import('../../functions/patients/patient-repository');
const { secondClinic } = await import('../support/clinics');
const { expectedCounts, expectedLines, reportLines, runToEnd, upload } = await import('../support/import-calls');
const { fixtureCsv, fixtureRows, fixtureXlsx, IMPORT_HEADERS, phonePrefix } = await import('../support/import-fixture');
const { teamForFile } = await import('../support/people');

// Patients from an old system (issue 11): an export previewed row by row, imported by a resumable,
// leased run through the staff write path, never two records for a phone, and a report to download.

const { api } = await teamForFile('imp', []);
const a = await secondClinic(api, 'imp', ['manager', 'marketing'] as const, '导入甲口腔');
const b = await secondClinic(api, 'impb', ['manager'] as const, '导入乙口腔');
const [manager, marketer] = a.staff;
const [managerB] = b.staff;

afterEach(() => useRunBudget());

/** Records already on file for the fixture's on-file phones (a marketer entered them). */
async function putOnFile(rows: ReturnType<typeof fixtureRows>) {
  for (const r of rows.filter((x) => x.onFile)) {
    const res = await api.call('POST', '/v1/patients', {
      token: marketer.token,
      body: { name: '早已建档', phone: r.onFile, channel: 'walk_in' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
}

/** Every record of a clinic, by the phone's keyed hash: how many records each phone has. */
async function recordsPerPhone(clinicId: string): Promise<Map<string, number>> {
  const all = await queryAll<PatientRecord>(partitionQuery('byClinic', 'clinicKey', clinicPatients(clinicId)), 50_000);
  const out = new Map<string, number>();
  for (const p of all) out.set(p.phoneHash, (out.get(p.phoneHash) ?? 0) + 1);
  return out;
}

describe('a 10,000-row export', () => {
  it('gives the exact preview and report, one audit event, records through the staff write path', async () => {
    const rows = fixtureRows(10_000, phonePrefix(), true);
    await putOnFile(rows);
    const up = await upload(api, manager.token, '旧系统患者.xlsx', await fixtureXlsx(rows));
    expect(up.status, JSON.stringify(up.body).slice(0, 500)).toBe(201);
    expect(up.body.status).toBe('previewed');
    expect(up.body.counts).toEqual(expectedCounts(rows));
    expect(up.body.ignoredColumns).toEqual(['会员卡号']);
    const { view } = await runToEnd(api, manager.token, up.body.id);
    const created = rows.filter((r) => r.result === '新建').length;
    expect(view.progress).toEqual({
      processed: 10_000,
      total: 10_000,
      created,
      existing: rows.filter((r) => r.result === '已存在').length,
      invalid: rows.filter((r) => r.result === '无效').length,
    });
    expect(await reportLines(api, manager.token, up.body.id)).toEqual(expectedLines(rows, up.body.id));

    const audit = (await importAuditTrail(a.clinicId)).filter((e) => e.importId === up.body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      fileName: '旧系统患者.xlsx',
      actorStaffId: manager.staffId,
      counts: view.progress,
    });

    // Rows 25 (抖音: other), 5 (owner: the marketer), 33 (a valid ID number: checked, not kept).
    const read = (row: number) =>
      api.call('GET', `/v1/patients/${importedPatientId(up.body.id, row)}`, { token: manager.token });
    const douyin = await read(25);
    expect(douyin.body).toMatchObject({ channel: 'other', name: '患者23' });
    // Imported records carry no consent at all (nothing was given in PatientLoop).
    expect((await getPatient(importedPatientId(up.body.id, 25)))?.consents).toEqual({});
    expect((await read(5)).body.ownerStaffId).toBe(marketer.staffId);
    expect((await read(33)).body.idCardNo).toBeUndefined();
    const perPhone = await recordsPerPhone(a.clinicId);
    expect([...perPhone.values()].every((n) => n === 1)).toBe(true);
  }, 240_000);
});

describe('file kinds', () => {
  it('reads a UTF-8 CSV with a byte-order mark like the xlsx', async () => {
    const rows = fixtureRows(120, phonePrefix(), false);
    await putOnFile(rows);
    const up = await upload(api, manager.token, 'export.csv', `\uFEFF${fixtureCsv(rows)}`);
    expect(up.status).toBe(201);
    expect(up.body.counts).toEqual(expectedCounts(rows));
    await runToEnd(api, manager.token, up.body.id);
    expect(await reportLines(api, manager.token, up.body.id)).toEqual(expectedLines(rows, up.body.id));
  }, 60_000);

  it('decodes a GBK CSV saved by an older Excel', async () => {
    const rows = fixtureRows(60, phonePrefix(), false);
    const up = await upload(api, manager.token, '患者.csv', iconv.encode(fixtureCsv(rows), 'gbk'));
    expect(up.status).toBe(201);
    expect(up.body.columns.map((c: { header: string }) => c.header)).toEqual(IMPORT_HEADERS);
    const first = await api.call('GET', `/v1/patient-imports/${up.body.id}/rows?limit=2`, { token: manager.token });
    expect(first.body.items.map((r: { name: string }) => r.name)).toEqual(['患者0', '患者1']);
  });
});

describe('the column mapping', () => {
  const headers = ['患者姓名', '联系电话', '生日', '身份证', '渠道', '负责人', '说明', '会员卡号'];
  const csv = `${headers.join(',')}\r\n张三,13800001111,1990-1-2,,老带新,,,A1\r\n`;

  it('is guessed from the usual header spellings; unknown columns are listed', async () => {
    const up = await upload(api, manager.token, 'a.csv', csv);
    expect(up.status).toBe(201);
    expect(up.body.columns).toEqual([
      { header: '患者姓名', field: 'name' },
      { header: '联系电话', field: 'phone' },
      { header: '生日', field: 'birthDate' },
      { header: '身份证', field: 'idCardNo' },
      { header: '渠道', field: 'channel' },
      { header: '负责人', field: 'owner' },
      { header: '说明', field: 'notes' },
      { header: '会员卡号', field: null },
    ]);
    expect(up.body.ignoredColumns).toEqual(['会员卡号']);
    expect(up.body.missingFields).toEqual([]);
  });

  it('is changed by the manager, the preview made again; without a phone column nothing runs', async () => {
    const up = await upload(api, manager.token, 'b.csv', csv);
    const path = `/v1/patient-imports/${up.body.id}/mapping`;
    const off = await api.call('PUT', path, { token: manager.token, body: { columns: { 联系电话: 'ignore' } } });
    expect(off.status).toBe(200);
    expect(off.body.missingFields).toEqual(['phone']);
    expect(off.body.counts).toEqual({ new: 0, existing: 0, invalid: 1, duplicate: 0 });
    const refused = await api.call('POST', `/v1/patient-imports/${up.body.id}/run`, { token: manager.token });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('请先指定“手机”列');
    const twice = await api.call('PUT', path, { token: manager.token, body: { columns: { 联系电话: 'name' } } });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toBe('“姓名”只能对应一列');
    const back = await api.call('PUT', path, { token: manager.token, body: { columns: { 联系电话: 'phone' } } });
    expect(back.body.counts.invalid + back.body.counts.new + back.body.counts.existing).toBe(1);
    await runToEnd(api, manager.token, up.body.id);
    const late = await api.call('PUT', path, { token: manager.token, body: { columns: { 说明: 'ignore' } } });
    expect(late.status).toBe(400);
    expect(late.body.error.message).toBe('导入已开始，不能再修改列的对应');
  }, 30_000);
});

describe('a run cut short', () => {
  it('resumes from the saved cursor: many small runs give the same report', async () => {
    useRunBudget(1);
    const rows = fixtureRows(1_100, phonePrefix(), true);
    await putOnFile(rows);
    const up = await upload(api, manager.token, 'cut.xlsx', await fixtureXlsx(rows));
    const { calls } = await runToEnd(api, manager.token, up.body.id);
    // Steps of 250 rows within chunks of 500: 250, 250, 250, 250, 100.
    expect(calls).toBe(5);
    expect(await reportLines(api, manager.token, up.body.id)).toEqual(expectedLines(rows, up.body.id));
  }, 120_000);

  it('counts a record its cut run wrote before saving progress as created, not as existing', async () => {
    const rows = fixtureRows(10, phonePrefix(), false);
    const up = await upload(api, manager.token, 'crash.csv', fixtureCsv(rows));
    // A run wrote row 2's record (same id, same writes), then died before it saved its progress.
    const phone = String(rows[0]?.cells[1]);
    const fields = { clinicId: a.clinicId, name: '患者0', channel: 'walk_in' };
    const record = await newPatientRecord(fields, phone, [], new Date().toISOString());
    await commit(newPatientWrites({ ...record, id: importedPatientId(up.body.id, 2) }, '患*0', []));
    await runToEnd(api, manager.token, up.body.id);
    expect(await reportLines(api, manager.token, up.body.id)).toEqual(expectedLines(rows, up.body.id));
  });
});

describe('races', () => {
  it('three runs at once, again and again: the exact report, no phone twice', async () => {
    useRunBudget(1);
    // The clinic has its own 演示市场专员 (the owner column); the on-file phones are another clinic's records.
    const c = await secondClinic(api, 'impr', ['manager', 'marketing'] as const, '导入丙口腔');
    const [m] = c.staff;
    const rows = fixtureRows(800, phonePrefix(), false);
    await putOnFile(rows);
    const up = await upload(api, m.token, 'race.csv', fixtureCsv(rows));
    for (let round = 0; round < 50; round++) {
      const answers = await Promise.all(
        [0, 1, 2].map(() => api.call('POST', `/v1/patient-imports/${up.body.id}/run`, { token: m.token })),
      );
      for (const r of answers) expect(r.status, JSON.stringify(r.body)).toBe(200);
      if (answers.some((r) => r.body.status === 'done')) break;
    }
    expect(await reportLines(api, m.token, up.body.id)).toEqual(expectedLines(rows, up.body.id));
    const perPhone = await recordsPerPhone(c.clinicId);
    expect(perPhone.size).toBe(rows.filter((r) => r.result === '新建').length);
    expect([...perPhone.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);

  it('while another run holds the lease, a run writes nothing and answers the progress', async () => {
    const rows = fixtureRows(20, phonePrefix(), false);
    const up = await upload(api, manager.token, 'lease.csv', fixtureCsv(rows));
    expect(await takeLease(up.body.id, 'another-run', Date.now(), 60_000)).toBe(true);
    const busy = await api.call('POST', `/v1/patient-imports/${up.body.id}/run`, { token: manager.token });
    expect(busy.status).toBe(200);
    expect(busy.body.status).toBe('running');
    expect(busy.body.progress.processed).toBe(0);
    await releaseLease(up.body.id, 'another-run');
    const { view } = await runToEnd(api, manager.token, up.body.id);
    expect(view.progress.processed).toBe(20);
  });

  it('a run racing staff entering the same phones: each phone gets exactly one record', async () => {
    const c = await secondClinic(api, 'impq', ['manager', 'marketing'] as const, '导入丁口腔');
    const [m, mk] = c.staff;
    const rows = fixtureRows(400, phonePrefix(), false).filter((r) => r.result === '新建' && !r.reason);
    const up = await upload(api, m.token, 'race2.csv', fixtureCsv(rows));
    const phones = rows.slice(0, 60).map((r) => String(r.cells[1]));
    const [run, ...entries] = await Promise.all([
      runToEnd(api, m.token, up.body.id),
      ...phones.map((phone) =>
        api.call('POST', '/v1/patients', { token: mk.token, body: { name: '同时建档', phone, channel: 'phone' } }),
      ),
    ]);
    const lines = await reportLines(api, m.token, up.body.id);
    phones.forEach((_, i) => {
      const imported = lines[i]!.split(',')[3] === '新建';
      const entered = (entries[i] as { status: number }).status === 201;
      expect(imported !== entered, `row ${i + 2}`).toBe(true);
    });
    expect((run as { view: { status: string } }).view.status).toBe('done');
    const perPhone = await recordsPerPhone(c.clinicId);
    expect(perPhone.size).toBe(rows.length);
    expect([...perPhone.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);
});

describe('who may', () => {
  it("another clinic's manager finds nothing (404); a marketer may not (403)", async () => {
    const up = await upload(api, manager.token, 'own.csv', fixtureCsv(fixtureRows(5, phonePrefix(), false)));
    const id = up.body.id;
    for (const [method, path, body] of [
      ['GET', `/v1/patient-imports/${id}`],
      ['GET', `/v1/patient-imports/${id}/rows`],
      ['GET', `/v1/patient-imports/${id}/report`],
      ['PUT', `/v1/patient-imports/${id}/mapping`, { columns: {} }],
      ['POST', `/v1/patient-imports/${id}/run`],
    ] as const) {
      const res = await api.call(method, path, { token: managerB.token, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.message).toBe('没有找到该导入任务');
    }
    const theirs = await api.call('GET', '/v1/patient-imports', { token: managerB.token });
    expect(theirs.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    const mine = await api.call('GET', '/v1/patient-imports', { token: manager.token });
    expect(mine.body.items[0].id).toBe(id);
    const other = await upload(api, managerB.token, 'x.csv', 'a,b\r\n1,2\r\n', a.clinicId);
    expect(other.status).toBe(403);
    expect((await upload(api, marketer.token, 'x.csv', 'a,b\r\n1,2\r\n')).status).toBe(403);
    expect((await api.call('GET', `/v1/patient-imports/${id}`, { token: marketer.token })).status).toBe(403);
  });
});

describe('bad files', () => {
  it.each([
    [
      'not-a-sheet.xlsx',
      Buffer.from('hello, this is no workbook'),
      '无法读取这个 Excel 文件，请确认是 .xlsx 格式（旧的 .xls 请先另存为 .xlsx）',
    ],
    ['photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), '请上传 Excel（.xlsx）或 CSV 文件'],
    ['only-header.csv', Buffer.from('姓名,手机\r\n'), '文件中没有患者数据（第一行应为表头，之后每行一位患者）'],
    [
      'broken.xlsx',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 9, 9, 9]),
      '无法读取这个 Excel 文件，请确认是 .xlsx 格式（旧的 .xls 请先另存为 .xlsx）',
    ],
    [
      'binary.csv',
      Buffer.from([0xff, 0xfe, 0xfd, 0x81, 0x00, 0xff]),
      '文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV',
    ],
  ])('%s is a 400 in Chinese', async (name, bytes, message) => {
    const res = await upload(api, manager.token, name, bytes);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
  });

  it('a file over the limit is a 413 in Chinese', async () => {
    const res = await upload(api, manager.token, 'huge.csv', Buffer.alloc(6 * 1024 * 1024, 0x41));
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/^请求内容超过/);
  });
});
