import { describe, expect, it } from 'vitest';
import { settingsAuditTrail } from '../../functions/staff/settings-audit-repository';
import { hisSignature } from '../../functions/visits/his-auth';
import { currentCredential } from '../../functions/visits/his-repository';
import { clinicDate } from '../../shared/dates';
import { uniquePhone } from '../support/api';
import { secondClinic } from '../support/clinics';
import { teamForFile } from '../support/people';

// The HIS sends what happened (issue 11): signed per clinic, applied once per document number,
// unknown patients held, and the figures moved exactly as a visit recorded in the app moves them.

const { api } = await teamForFile('his', []);
const a = await secondClinic(api, 'his', ['manager', 'marketing', 'doctor'] as const, 'HIS 甲口腔');
const b = await secondClinic(api, 'hisb', ['manager'] as const, 'HIS 乙口腔');
const [manager, marketer, doctor] = a.staff;
const [managerB] = b.staff;
const today = clinicDate(new Date());
const month = today.slice(0, 7);
const path = '/v1/integrations/his/events';

interface Credential {
  clinicId: string;
  keyId: string;
  secret: string;
}

async function issue(token: string, body: unknown = {}) {
  return api.call('POST', '/v1/integrations/his/credentials', {
    token,
    body,
  });
}

async function credentialOf(token: string): Promise<Credential> {
  const res = await issue(token);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const nowSeconds = () => String(Math.floor(Date.now() / 1000));

/** A request as the HIS sends it; `tamper` changes what is signed or sent. */
function signed(c: Credential, body: unknown, o: { ts?: string; sig?: string; keyId?: string } = {}) {
  const raw = JSON.stringify(body);
  const ts = o.ts ?? nowSeconds();
  const nonce = `n${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  return {
    raw,
    headers: {
      'content-type': 'application/json',
      'x-his-clinic': c.clinicId,
      'x-his-key-id': o.keyId ?? c.keyId,
      'x-his-timestamp': ts,
      'x-his-nonce': nonce,
      'x-his-signature': o.sig ?? hisSignature(c.secret, ts, nonce, raw),
    },
  };
}

const send = (c: Credential, body: unknown, o?: Parameters<typeof signed>[2]) =>
  api.call('POST', path, signed(c, body, o));

let docSeq = 0;
const docNo = () => `SF${Date.now().toString(36)}${(docSeq++).toString().padStart(4, '0')}`;
const charge = (phone: string, amountFen: number, extra: Record<string, unknown> = {}) => ({
  kind: 'charge',
  documentNo: docNo(),
  phone,
  at: new Date().toISOString(),
  amountFen,
  items: [{ name: '洁牙', amountFen }],
  ...extra,
});

/** A patient entered by the marketer (who owns it: the figures are theirs and the clinic's). */
async function patient(): Promise<{ id: string; phone: string }> {
  const phone = uniquePhone();
  const res = await api.call('POST', '/v1/patients', {
    token: marketer.token,
    headers: { 'idempotency-key': `hisp-${Math.random()}` },
    body: { name: '收费患者', phone, channel: 'walk_in' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, phone };
}

async function figures() {
  const clinic = await api.call('GET', `/v1/stats/daily?date=${today}`, { token: manager.token });
  const mine = await api.call('GET', `/v1/stats/daily?date=${today}`, { token: marketer.token });
  const monthly = await api.call('GET', `/v1/stats/monthly?month=${month}`, { token: marketer.token });
  for (const r of [clinic, mine, monthly]) expect(r.status, JSON.stringify(r.body)).toBe(200);
  return {
    clinicRevenue: clinic.body.revenueFen as number,
    clinicVisits: clinic.body.visits as number,
    myRevenue: mine.body.revenueFen as number,
    monthRevenue: monthly.body.totals.revenueFen as number,
  };
}

const cred = await credentialOf(manager.token);

describe('the HIS credential', () => {
  it('shows the secret once, audits the change, and a rotation refuses the old key', async () => {
    const first = await credentialOf(manager.token);
    expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const p = await patient();
    expect((await send(first, charge(p.phone, 100))).status).toBe(200);
    const second = await credentialOf(manager.token);
    expect(second.keyId).not.toBe(first.keyId);
    expect(second.secret).not.toBe(first.secret);
    const old = await send(first, charge(p.phone, 100));
    expect(old.status).toBe(401);
    expect(old.body.error.message).toMatch(/凭证/);
    expect((await send(second, charge(p.phone, 100))).status).toBe(200);
    const trail = await settingsAuditTrail(a.clinicId);
    const issued = trail.filter((t) => t.subject === 'his#credential');
    expect(issued.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(trail)).not.toContain(second.secret);
    // Stored sealed: the secret is nowhere in clear.
    const stored = await currentCredential(a.clinicId);
    expect(stored?.keyId).toBe(second.keyId);
    expect(JSON.stringify(stored)).not.toContain(second.secret);
    Object.assign(cred, second);
  });

  it('is refused to a marketer (403) and to a manager of another clinic (403)', async () => {
    expect((await issue(marketer.token)).status).toBe(403);
    expect((await issue(managerB.token, { clinicId: a.clinicId })).status).toBe(403);
  });
});

describe('the signature', () => {
  it('applies a correctly signed charge', async () => {
    const p = await patient();
    const res = await send(cred, charge(p.phone, 1234));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'applied', patientId: p.id, amountFen: 1234, clinicId: a.clinicId });
    expect(JSON.stringify(res.body)).not.toContain(p.phone);
  });

  it('refuses a wrong signature, a stale or future timestamp, and a replay with 401', async () => {
    const p = await patient();
    const body = charge(p.phone, 500);
    const wrong = await send(cred, body, {
      sig: hisSignature('not-the-secret', nowSeconds(), 'nonce-wrong-1', JSON.stringify(body)),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED');
    const stale = String(Math.floor(Date.now() / 1000) - 301);
    expect((await send(cred, body, { ts: stale })).status).toBe(401);
    const ahead = String(Math.floor(Date.now() / 1000) + 301);
    expect((await send(cred, body, { ts: ahead })).status).toBe(401);
    const once = signed(cred, body);
    expect((await api.call('POST', path, once)).status).toBe(200);
    const replay = await api.call('POST', path, once);
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toMatch(/重放/);
    // The body signed is the body sent: another body under the same signature is refused.
    const swapped = { ...once, raw: JSON.stringify({ ...body, amountFen: 999_999 }) };
    expect((await api.call('POST', path, swapped)).status).toBe(401);
    expect(
      (await api.call('POST', path, { raw: once.raw, headers: { 'content-type': 'application/json' } })).status,
    ).toBe(401);
  });

  it('checks the signature before the body: an unsigned or wrongly signed bad body is a 401 that names no field', async () => {
    const bad = { kind: 'charge', amountFen: 'lots' };
    const unsigned = await api.call('POST', path, {
      raw: JSON.stringify(bad),
      headers: { 'content-type': 'application/json' },
    });
    const wrong = await send(cred, bad, { sig: 'f'.repeat(64) });
    for (const res of [unsigned, wrong]) {
      expect(res.status).toBe(401);
      expect(res.body.error.details).toBeUndefined();
    }
  });

  it('answers a body that is not an event with a 400 in Chinese', async () => {
    const res = await send(cred, { kind: 'charge', documentNo: docNo(), at: new Date().toISOString(), amountFen: 1.5 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/\p{Script=Han}/u);
  });
});

describe('what an event moves', () => {
  it('applies one document number once: the second answers the first result', async () => {
    const p = await patient();
    const before = await figures();
    const body = charge(p.phone, 8000);
    const first = await send(cred, body);
    const again = await send(cred, { ...body, amountFen: 9000 });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const after = await figures();
    expect(after.clinicRevenue - before.clinicRevenue).toBe(8000);
    expect(after.myRevenue - before.myRevenue).toBe(8000);
  });

  it('moves revenue back on a refund (a negative charge)', async () => {
    const p = await patient();
    const before = await figures();
    expect((await send(cred, charge(p.phone, 5000))).status).toBe(200);
    expect((await send(cred, charge(p.phone, -2000))).status).toBe(200);
    const after = await figures();
    expect(after.clinicRevenue - before.clinicRevenue).toBe(3000);
    expect(after.monthRevenue - before.monthRevenue).toBe(3000);
  });

  it('counts a completed treatment as a visit, on the patient visits like one recorded in the app', async () => {
    const p = await patient();
    const before = await figures();
    const res = await send(cred, {
      kind: 'treatment',
      documentNo: docNo(),
      phone: p.phone,
      at: new Date().toISOString(),
      category: 'cleaning',
      departmentId: a.deptId,
      doctorId: doctor.staffId,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.visitId).toEqual(expect.any(String));
    const after = await figures();
    expect(after.clinicVisits - before.clinicVisits).toBe(1);
    expect(after.clinicRevenue).toBe(before.clinicRevenue);
    const visits = await api.call('GET', `/v1/patients/${p.id}/visits`, { token: doctor.token });
    const visit = visits.body.items.find((v: { id: string }) => v.id === res.body.visitId);
    expect(visit).toMatchObject({
      category: 'cleaning',
      departmentId: a.deptId,
      doctorId: doctor.staffId,
      chargeFen: 0,
    });
  });

  it("refuses a treatment naming another clinic's department or doctor with a 400", async () => {
    const p = await patient();
    const treatment = { kind: 'treatment', phone: p.phone, at: new Date().toISOString(), category: 'general' };
    const dept = await send(cred, { ...treatment, documentNo: docNo(), departmentId: b.deptId, doctorName: '王医生' });
    expect(dept.status).toBe(400);
    const doc = await send(cred, { ...treatment, documentNo: docNo(), doctorId: managerB.staffId });
    expect(doc.status).toBe(400);
    expect(doc.body.error.details.fields[0].path).toBe('doctorId');
  });

  it('finds the patient by HIS patient number once an event linked it to a phone', async () => {
    const p = await patient();
    const hisPatientNo = `HP${Date.now().toString(36)}`;
    expect((await send(cred, charge(p.phone, 100, { hisPatientNo }))).body.patientId).toBe(p.id);
    const byNo = await send(cred, { ...charge('', 200, { hisPatientNo }), phone: undefined });
    expect(byNo.status, JSON.stringify(byNo.body)).toBe(200);
    expect(byNo.body.patientId).toBe(p.id);
  });

  it('holds an unknown patient for review (202) and lists it with the reason, the phone masked', async () => {
    const phone = uniquePhone();
    const before = await figures();
    const body = charge(phone, 7000);
    const res = await send(cred, body);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ status: 'held', reason: 'unknown_patient' });
    expect((await send(cred, body)).status).toBe(202);
    expect((await figures()).clinicRevenue).toBe(before.clinicRevenue);
    const list = await api.call('GET', `${path}?date=${today}&status=held`, { token: manager.token });
    expect(list.status).toBe(200);
    const held = list.body.items.find((i: { documentNo: string }) => i.documentNo === body.documentNo);
    expect(held).toMatchObject({ status: 'held', reasonText: expect.stringMatching(/未找到/) });
    expect(held.maskedPhone).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    expect(JSON.stringify(list.body)).not.toContain(phone);
    expect(JSON.stringify(list.body)).not.toContain('sealedPhone');
    expect(list.body.items.every((i: { status: string }) => i.status === 'held')).toBe(true);
  });

  it('keeps the counters exact under 100 concurrent events (with repeated document numbers)', async () => {
    const people = await Promise.all(Array.from({ length: 10 }, () => patient()));
    const bodies = Array.from({ length: 100 }, (_, i) =>
      charge(people[i % 10]!.phone, i % 7 === 0 ? -(i + 1) : 100 + i),
    );
    // Ten of them sent twice at once: each applied once.
    const repeats = bodies.slice(0, 10).map((b) => ({ ...b }));
    const expected = bodies.reduce((s, b) => s + b.amountFen, 0);
    const before = await figures();
    const answers = await Promise.all([...bodies, ...repeats].map((b) => send(cred, b)));
    expect(answers.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const after = await figures();
    expect(after.clinicRevenue - before.clinicRevenue).toBe(expected);
    expect(after.myRevenue - before.myRevenue).toBe(expected);
    expect(after.monthRevenue - before.monthRevenue).toBe(expected);
  }, 120_000);
});

describe("the manager's list", () => {
  it('pages with limit and cursor', async () => {
    const first = await api.call('GET', `${path}?limit=1`, { token: manager.token });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    const next = await api.call('GET', `${path}?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, {
      token: manager.token,
    });
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].documentNo).not.toBe(first.body.items[0].documentNo);
  });

  it("is refused to another clinic's manager (403) and to a marketer (403); their own list is empty", async () => {
    const other = await api.call('GET', `${path}?clinicId=${a.clinicId}`, { token: managerB.token });
    expect(other.status).toBe(403);
    expect((await api.call('GET', path, { token: marketer.token })).status).toBe(403);
    const own = await api.call('GET', path, { token: managerB.token });
    expect(own.status).toBe(200);
    expect(own.body.items).toEqual([]);
  });
});
