import { describe, expect, it } from 'vitest';
import { auditTrailOf } from '../../functions/patients/audit-repository';
import { clinicDate } from '../../shared/dates';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { teamForFile } from '../support/people';

const { api } = await teamForFile('t', []);

const auditsOf = auditTrailOf;

/** A staff member of a role with some leads of their own, entered one after another. */
async function withLeads(role: string, names: string[]) {
  const token = await api.login(uniqueOpenid(`ld-${role}`), role);
  const leads: { id: string; name: string; phone: string }[] = [];
  for (const name of names) {
    const phone = uniquePhone();
    const res = await api.call('POST', '/v1/patients', { token, body: { name, phone, channel: 'street' } });
    expect(res.status).toBe(201);
    leads.push({ id: res.body.id, name, phone });
  }
  return { token, leads };
}

describe('my leads', () => {
  it("lists a marketer's own leads, newest first, with the phone in full", async () => {
    const { token, leads } = await withLeads('marketing', ['张一', '张二', '张三']);
    const res = await api.call('GET', '/v1/leads', { token });
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((p: { id: string; phone: string; phoneMasked: boolean }) => [p.id, p.phone, p.phoneMasked]),
    ).toEqual([...leads].reverse().map((l) => [l.id, l.phone, false]));
  });

  it("never lists another staff member's leads", async () => {
    const mine = await withLeads('marketing', ['李一']);
    const theirs = await withLeads('marketing', ['李二']);
    const res = await api.call('GET', '/v1/leads', { token: mine.token });
    const ids = res.body.items.map((p: { id: string }) => p.id);
    expect(ids).toEqual([mine.leads[0]!.id]);
    expect(ids).not.toContain(theirs.leads[0]!.id);
  });

  it('lists only records, not the campaigns the marketer owns', async () => {
    const { token, leads } = await withLeads('marketing', ['周一']);
    const today = clinicDate(new Date());
    const c = await api.call('POST', '/v1/campaigns', {
      token,
      body: { name: '社区义诊', channel: 'community', startsOn: today, endsOn: '2099-12-31' },
    });
    expect(c.status).toBe(201);
    const res = await api.call('GET', '/v1/leads', { token });
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([leads[0]!.id]);
  });

  it('lists the front desk’s own entries too', async () => {
    const { token, leads } = await withLeads('frontdesk', ['吴一']);
    const res = await api.call('GET', '/v1/leads', { token });
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([leads[0]!.id]);
  });

  it('audits every lead the list shows', async () => {
    const { token, leads } = await withLeads('marketing', ['郑一', '郑二']);
    await api.call('GET', '/v1/leads', { token });
    for (const l of leads) {
      const reads = (await auditsOf(l.id)).filter((a) => a.action === 'read');
      expect(reads).toEqual([expect.objectContaining({ fields: ['leads'] })]);
    }
  });

  it('refuses roles that enter no leads with 403', async () => {
    for (const role of ['nurse', 'doctor', 'service']) {
      const token = await api.login(uniqueOpenid(`ld-${role}`), role);
      expect((await api.call('GET', '/v1/leads', { token })).status).toBe(403);
    }
    const patient = await api.login(uniqueOpenid('ld-patient'));
    expect((await api.call('GET', '/v1/leads', { token: patient })).status).toBe(403);
  });
});
