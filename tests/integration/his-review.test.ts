import { describe, expect, it } from 'vitest';
import { forEachSummary, getSummary } from '../../functions/groups/care-summary-repository';
import { auditTrailOf } from '../../functions/patients/audit-repository';
import { clinicDate } from '../../shared/dates';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { secondClinic } from '../support/clinics';
import { hisOf } from '../support/his';
import { teamForFile } from '../support/people';

// What the HIS sent for a patient unknown then (issue 11): a manager applies a held event once the
// person is on file (matched again, or a chosen record), a later event of the same person applies
// it too; applied once however often pressed. And what an applied event moves: the care summary,
// the marketer's figures, exactly as a visit recorded in the app.

const { api } = await teamForFile('hisr', []);
const a = await secondClinic(api, 'hisr', ['manager', 'marketing', 'doctor', 'frontdesk'] as const, 'HIS 核对口腔');
const b = await secondClinic(api, 'hisrb', ['manager'] as const, 'HIS 核对乙院');
const [manager, marketer, doctor, desk] = a.staff;
const [managerB] = b.staff;
const today = clinicDate(new Date());
const his = await hisOf(api, manager.token);
const events = '/v1/integrations/his/events';
const apply = (documentNo: string, body: Record<string, unknown> = {}, token = manager.token) =>
  api.call('POST', `${events}/${documentNo}/apply`, { token, body });

/** A record the marketer enters (the figures are theirs and the clinic's). */
async function patient(phone = uniquePhone(), token = marketer.token): Promise<{ id: string; phone: string }> {
  const res = await api.call('POST', '/v1/patients', { token, body: { name: '核对患者', phone, channel: 'walk_in' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, phone };
}

async function figures() {
  const clinic = await api.call('GET', `/v1/stats/daily?date=${today}`, { token: manager.token });
  const mine = await api.call('GET', `/v1/stats/daily?date=${today}`, { token: marketer.token });
  return {
    revenue: clinic.body.revenueFen as number,
    visits: clinic.body.visits as number,
    mine: mine.body.revenueFen,
  };
}

async function heldList(): Promise<string[]> {
  const res = await api.call('GET', `${events}?status=held&limit=100`, { token: manager.token });
  expect(res.status).toBe(200);
  return res.body.items.map((i: { documentNo: string }) => i.documentNo);
}

describe('a held event applied by a manager', () => {
  it('matches again once the patient registered: applied, the figures moved once, audited; a second press changes nothing', async () => {
    const phone = uniquePhone();
    const held = await his.charge({ phone }, 6600);
    expect(held.status).toBe(202);
    const documentNo = held.body.documentNo;
    const still = await apply(documentNo);
    expect(still.status).toBe(200);
    expect(still.body).toMatchObject({ status: 'held', reason: 'unknown_patient' });
    const p = await patient(phone);
    const before = await figures();
    const res = await apply(documentNo);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      status: 'applied',
      patientId: p.id,
      appliedHow: 'matched',
      appliedBy: manager.staffId,
    });
    expect(res.body.reason).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain(phone);
    const again = await apply(documentNo);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
    const after = await figures();
    expect(after.revenue - before.revenue).toBe(6600);
    expect(after.mine - before.mine).toBe(6600);
    expect(await heldList()).not.toContain(documentNo);
    const listed = await api.call('GET', `${events}?status=applied&limit=100`, { token: manager.token });
    expect(listed.body.items.find((i: { documentNo: string }) => i.documentNo === documentNo)).toEqual(res.body);
    const trail = (await auditTrailOf(p.id)).filter((e) => e.reason?.includes(documentNo));
    expect(trail).toEqual([expect.objectContaining({ action: 'update', actorStaffId: manager.staffId })]);
    // The HIS sending the document again gets what it is now.
    const resent = await his.send({ kind: 'charge', documentNo, phone, at: new Date().toISOString(), amountFen: 6600 });
    expect(resent.status).toBe(200);
    expect(resent.body.status).toBe('applied');
  });

  it("applies to a chosen patient: the treatment's visit is theirs, and their HIS patient number is remembered", async () => {
    const p = await patient();
    const hisPatientNo = `HP${Date.now().toString(36)}c`;
    const held = await his.treatment({ phone: uniquePhone(), hisPatientNo }, 'implant', {
      doctorId: doctor.staffId,
      departmentId: a.deptId,
    });
    expect(held.status).toBe(202);
    const before = await figures();
    const res = await apply(held.body.documentNo, { patientId: p.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'applied', patientId: p.id, appliedHow: 'chosen' });
    const visits = await api.call('GET', `/v1/patients/${p.id}/visits`, { token: doctor.token });
    expect(visits.body.items).toEqual([
      expect.objectContaining({
        id: res.body.visitId,
        category: 'implant',
        doctorId: doctor.staffId,
        departmentId: a.deptId,
      }),
    ]);
    const after = await figures();
    expect(after.visits - before.visits).toBe(1);
    expect(await getSummary(p.id, a.clinicId)).toMatchObject({
      visitCount: 1,
      implantSince: today,
      lastCategory: 'implant',
    });
    const next = await his.charge({ hisPatientNo }, 300);
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body.patientId).toBe(p.id);
  });

  it('applies once when pressed many times at once (matched and chosen racing)', async () => {
    const phone = uniquePhone();
    const held = await his.charge({ phone }, 4321);
    const p = await patient(phone);
    const before = await figures();
    const presses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => apply(held.body.documentNo, i % 2 ? { patientId: p.id } : {})),
    );
    expect(presses.map((r) => r.status)).toEqual(Array(8).fill(200));
    const views = presses.map((r) => r.body);
    expect(new Set(views.map((v) => JSON.stringify(Object.entries(v).sort()))).size).toBe(1);
    expect(views[0]).toMatchObject({ status: 'applied', patientId: p.id });
    const after = await figures();
    expect(after.revenue - before.revenue).toBe(4321);
    expect((await auditTrailOf(p.id)).filter((e) => e.reason?.includes(held.body.documentNo))).toHaveLength(1);
  });

  it("answers 404 to another clinic's manager (named clinic or not), for a patient of another clinic, and for an unknown number; 403 to a marketer", async () => {
    const phone = uniquePhone();
    const held = await his.charge({ phone }, 100);
    const documentNo = held.body.documentNo;
    for (const res of [
      await apply(documentNo, {}, managerB.token),
      await apply(documentNo, { clinicId: a.clinicId }, managerB.token),
      await apply('SF-NO-SUCH-DOC'),
    ]) {
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body.error.message).toBe('没有找到该HIS 记录');
    }
    const [deskB] = (await secondClinic(api, 'hisrc', ['frontdesk'] as const, 'HIS 核对丙院')).staff;
    const elsewhere = await patient(uniquePhone(), deskB.token);
    const chosen = await apply(documentNo, { patientId: elsewhere.id });
    expect(chosen.status).toBe(404);
    expect(chosen.body.error.message).toMatch(/^没有找到/);
    expect((await apply(documentNo, {}, marketer.token)).status).toBe(403);
    expect(await heldList()).toContain(documentNo);
  });
});

describe('held events of the same person applied by a later event', () => {
  it('applies the held charge and treatment once an event naming the same phone or HIS number matches', async () => {
    const phone = uniquePhone();
    const hisPatientNo = `HP${Date.now().toString(36)}l`;
    const charge = await his.charge({ phone, hisPatientNo }, 2500);
    const treatment = await his.treatment({ hisPatientNo }, 'cleaning');
    expect([charge.status, treatment.status]).toEqual([202, 202]);
    const p = await patient(phone);
    const before = await figures();
    const later = await his.charge({ phone, hisPatientNo }, 700);
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    const held = await heldList();
    expect(held).not.toContain(charge.body.documentNo);
    expect(held).not.toContain(treatment.body.documentNo);
    const after = await figures();
    expect(after.revenue - before.revenue).toBe(3200);
    expect(after.visits - before.visits).toBe(1);
    const applied = await api.call('GET', `${events}?status=applied&limit=100`, { token: manager.token });
    const mine = applied.body.items.filter((i: { patientId?: string }) => i.patientId === p.id);
    expect(mine.map((i: { appliedHow?: string }) => i.appliedHow ?? 'on arrival').sort()).toEqual([
      'later_event',
      'later_event',
      'on arrival',
    ]);
    // Pressing 重新匹配 afterwards applies nothing more.
    expect((await apply(charge.body.documentNo)).body.status).toBe('applied');
    expect((await figures()).revenue - before.revenue).toBe(3200);
  });
});

describe('what a HIS treatment and charge move, beside a visit recorded in the app', () => {
  /** A visit recorded in the app: a walk-in ticket, then the doctor completes it with its charge. */
  async function appVisit(patientId: string, category: string, chargeFen: number, between?: () => Promise<void>) {
    const t = await api.call('POST', `/v1/queues/${a.deptId}/tickets`, { token: desk.token, body: { patientId } });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    await between?.();
    const v = await api.call('POST', '/v1/visits', {
      token: doctor.token,
      body: { ticketId: t.body.id, category, chargeFen, doctorId: doctor.staffId },
    });
    expect(v.status, JSON.stringify(v.body)).toBe(201);
  }

  it('leaves the care summary the same as an app visit (visits, spend, category, implant series); a refund takes spend back', async () => {
    const app = await patient();
    const fromHis = await patient();
    await appVisit(app.id, 'implant', 500_000);
    // A deposit at the cashier before the treatment, the rest after it.
    expect((await his.charge({ phone: fromHis.phone }, 200_000)).status).toBe(200);
    expect((await his.treatment({ phone: fromHis.phone }, 'implant', { doctorId: doctor.staffId })).status).toBe(200);
    expect((await his.charge({ phone: fromHis.phone }, 300_000)).status).toBe(200);
    const [s1, s2] = [await getSummary(app.id, a.clinicId), await getSummary(fromHis.id, a.clinicId)];
    const same = (s: typeof s1) => ({
      visitCount: s?.visitCount,
      spendFen: s?.spendFen,
      firstVisitDate: s?.firstVisitDate,
      lastVisitDate: s?.lastVisitDate,
      lastCategory: s?.lastCategory,
      implantSince: s?.implantSince,
      implantLast: s?.last.implant?.date,
    });
    expect(same(s2)).toEqual(same(s1));
    expect(same(s1)).toMatchObject({ visitCount: 1, spendFen: 500_000, implantSince: today });
    expect((await his.charge({ phone: fromHis.phone }, -200_000)).status).toBe(200);
    expect((await getSummary(fromHis.id, a.clinicId))?.spendFen).toBe(300_000);
  });

  it("keeps a charge without a visit in the patient's spend but out of the monthly grouping's read until a visit comes", async () => {
    const p = await patient();
    expect((await his.charge({ phone: p.phone }, 80_000)).status).toBe(200);
    expect(await getSummary(p.id, a.clinicId)).toMatchObject({ spendFen: 80_000 });
    const grouped = async () => {
      const ids: string[] = [];
      await forEachSummary(a.clinicId, async (page) => void ids.push(...page.map((s) => s.patientId)));
      return ids;
    };
    expect(await grouped()).not.toContain(p.id);
    expect((await his.treatment({ phone: p.phone }, 'cleaning')).status).toBe(200);
    expect(await grouped()).toContain(p.id);
    expect(await getSummary(p.id, a.clinicId)).toMatchObject({
      spendFen: 80_000,
      visitCount: 1,
      lastCategory: 'cleaning',
    });
  });

  it("moves the marketer's campaign and own figures exactly as an app visit and charge; a refund moves them back", async () => {
    const created = await api.call('POST', '/v1/campaigns', {
      token: marketer.token,
      body: { name: 'HIS 对照活动', channel: 'community', startsOn: today, endsOn: '2099-12-31' },
    });
    expect(created.status).toBe(201);
    const campaignId = created.body.id as string;
    const signup = async () => {
      const phone = uniquePhone();
      const res = await api.call('POST', `/v1/campaigns/${campaignId}/signups`, {
        token: await api.login(uniqueOpenid('hisr-signup')),
        body: { name: '活动患者', phone, consents: { marketing: true } },
      });
      expect(res.status).toBe(201);
      return { id: res.body.patientId as string, phone };
    };
    const [viaApp, viaHis] = [await signup(), await signup()];
    const snapshot = async () => {
      const list = await api.call('GET', '/v1/campaigns?limit=100', { token: marketer.token });
      const results = list.body.items.find((c: { id: string }) => c.id === campaignId).results;
      const day = await api.call('GET', `/v1/stats/daily?date=${today}`, { token: marketer.token });
      const month = await api.call('GET', `/v1/stats/monthly?month=${today.slice(0, 7)}`, { token: marketer.token });
      const { date: _d, staffId: _s, staffName: _n, clinicId: _c, ...dayFigures } = day.body;
      return { campaign: results, day: dayFigures, month: month.body.totals } as Record<string, Record<string, number>>;
    };
    const delta = (x: Awaited<ReturnType<typeof snapshot>>, y: typeof x) =>
      Object.fromEntries(
        Object.entries(y).map(([k, part]) => [
          k,
          Object.fromEntries(
            Object.entries(part).map(([f, v]) => [f, typeof v === 'number' ? v - (x[k]?.[f] ?? 0) : v]),
          ),
        ]),
      );
    // The app's arrival (the ticket) is no part of recording the visit: measured from after it.
    let s0 = await snapshot();
    await appVisit(viaApp.id, 'cleaning', 12_800, async () => {
      s0 = await snapshot();
    });
    const appMoved = delta(s0, await snapshot());
    const s2 = await snapshot();
    expect((await his.treatment({ phone: viaHis.phone }, 'cleaning')).status).toBe(200);
    expect((await his.charge({ phone: viaHis.phone }, 12_800)).status).toBe(200);
    const s3 = await snapshot();
    expect(delta(s2, s3)).toEqual(appMoved);
    expect(appMoved.campaign).toMatchObject({ revenueFen: 12_800 });
    expect(appMoved.day).toMatchObject({ revenueFen: 12_800, visits: 1 });
    expect(appMoved.month).toMatchObject({ revenueFen: 12_800, visits: 1 });
    expect((await his.charge({ phone: viaHis.phone }, -12_800)).status).toBe(200);
    const back = delta(s3, await snapshot());
    expect(back.campaign?.revenueFen).toBe(-12_800);
    expect(back.day?.revenueFen).toBe(-12_800);
    expect(back.month?.revenueFen).toBe(-12_800);
    expect(back.day?.visits).toBe(0);
  });
});
