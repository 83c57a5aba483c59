import { expect } from 'vitest';
import { importedPatientId } from '../../functions/imports/run-service';
import type { Api } from './api';
import { expectedReport, type FixtureRow } from './import-fixture';

/** Uploads a file as a manager would; answers the preview (or the refusal). */
export function upload(api: Api, token: string, fileName: string, bytes: Buffer | string, clinicId?: string) {
  const contentBase64 = Buffer.from(bytes).toString('base64');
  return api.call('POST', '/v1/patient-imports', {
    token,
    body: { fileName, contentBase64, ...(clinicId ? { clinicId } : {}) },
    headers: { 'idempotency-key': `imp-${Math.random().toString(36).slice(2)}` },
  });
}

/** Calls run until the import is done, as the page does; answers the last view and how many calls it took. */
export async function runToEnd(api: Api, token: string, importId: string, maxCalls = 500) {
  for (let calls = 1; calls <= maxCalls; calls++) {
    const res = await api.call('POST', `/v1/patient-imports/${importId}/run`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (res.body.status === 'done') return { view: res.body, calls };
  }
  throw new Error(`import ${importId} not done after ${maxCalls} calls`);
}

/** The report's lines after its header. */
export async function reportLines(api: Api, token: string, importId: string): Promise<string[]> {
  const res = await fetch(`${api.url}/v1/patient-imports/${importId}/report`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="patient-import-${importId}.csv"`);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text.startsWith('行号,姓名,手机,结果,原因,患者编号\r\n')).toBe(true);
  return text.split('\r\n').slice(1, -1);
}

/** The lines the report must hold for these fixture rows imported as `importId`. */
export function expectedLines(rows: FixtureRow[], importId: string): string[] {
  const ids = new Map(rows.map((_, i) => [i + 2, importedPatientId(importId, i + 2)]));
  return expectedReport(rows, ids);
}

/** The preview counts of fixture rows (on-file phones made beforehand). */
export function expectedCounts(rows: FixtureRow[]) {
  return {
    new: rows.filter((r) => r.result === '新建').length,
    existing: rows.filter((r) => r.reason === '该手机号已建档').length,
    invalid: rows.filter((r) => r.result === '无效').length,
    duplicate: rows.filter((r) => r.reason === '文件中重复').length,
  };
}
