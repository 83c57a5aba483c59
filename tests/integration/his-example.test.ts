import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { categories } from '../../shared/schemas/common';
import { uniquePhone } from '../support/api';
import { secondClinic } from '../support/clinics';
import { hisDocNo, hisOf } from '../support/his';
import { teamForFile } from '../support/people';

// The README's section for the HIS vendor (对接 HIS) cannot rot: its Node sender
// (scripts/his-send-example.ts) and its curl + openssl block are run here against the local API.

const run = promisify(execFile);
const { api } = await teamForFile('hisx', []);
const [manager, marketer] = (await secondClinic(api, 'hisx', ['manager', 'marketing'] as const, 'HIS 示例口腔')).staff;
const his = await hisOf(api, manager.token);
const env = {
  ...process.env,
  HIS_API: api.url,
  HIS_CLINIC: his.key.clinicId,
  HIS_KEY_ID: his.key.keyId,
  HIS_SECRET: his.key.secret,
};
const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('## 对接 HIS（医院信息系统）'), readme.indexOf('## Audit and access logs'));

async function knownPatient(): Promise<{ id: string; phone: string }> {
  const phone = uniquePhone();
  const res = await api.call('POST', '/v1/patients', {
    token: marketer.token,
    body: { name: '示例患者', phone, channel: 'walk_in' },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id, phone };
}

const charge = (phone: string, amountFen: number) => ({
  kind: 'charge',
  documentNo: hisDocNo(),
  phone,
  at: new Date().toISOString(),
  amountFen,
  items: [{ name: '洁牙', amountFen }],
});

describe("the README's HIS examples", () => {
  it('the Node sender, run as the README says, gets 200 for a known patient and 202 for an unknown one', async () => {
    const p = await knownPatient();
    const script = ['--import', 'tsx', 'scripts/his-send-example.ts'];
    const applied = await run(process.execPath, [...script, JSON.stringify(charge(p.phone, 12_800))], { env });
    expect(applied.stdout).toMatch(/^200 /);
    expect(JSON.parse(applied.stdout.slice(4))).toMatchObject({ status: 'applied', patientId: p.id });
    const held = await run(process.execPath, [...script, JSON.stringify(charge(uniquePhone(), 500))], { env });
    expect(held.stdout).toMatch(/^202 /);
    expect(JSON.parse(held.stdout.slice(4))).toMatchObject({ status: 'held', reason: 'unknown_patient' });
  }, 60_000);

  it('the curl + openssl block signs as the API checks: applied, and the same block again is the same answer', async () => {
    const block = /<!-- his-curl-example -->\n```sh\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBeDefined();
    const p = await knownPatient();
    const body = JSON.stringify(charge(p.phone, 9_900));
    const script = block!.replace(/^BODY='.*'$/m, `BODY='${body}'`);
    expect(script).toContain(body);
    const first = await run('bash', ['-euo', 'pipefail', '-c', script], { env });
    expect(JSON.parse(first.stdout)).toMatchObject({ status: 'applied', patientId: p.id, amountFen: 9_900 });
    const again = await run('bash', ['-euo', 'pipefail', '-c', script], { env });
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(first.stdout));
  }, 60_000);

  it('names every treatment category the API takes, and the answers 200, 202, 400, 401 and 409', () => {
    for (const c of categories) expect(section).toContain(`\`${c}\``);
    for (const status of ['200', '202', '400', '401', '409']) expect(section).toMatch(new RegExp(`\\| ${status} \\|`));
    expect(section).toContain('timestamp + "\\n" + nonce + "\\n" + body');
  });
});
