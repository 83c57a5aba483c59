import { describe, expect, it } from 'vitest';
import { auditTrailOf } from '../../functions/patients/audit-repository';
import { profile, uniqueOpenid, uniquePhone } from '../support/api';
import { teamForFile } from '../support/people';

const {
  api,
  tokens: [marketer, marketer2, frontdesk, doctor],
} = await teamForFile('mk', ['marketing', 'marketing', 'frontdesk', 'doctor']);

const auditsOf = auditTrailOf;

describe('lead entry (建档) by staff', () => {
  it('creates a record owned by the marketer with the channel, and audits it', async () => {
    const phone = uniquePhone();
    const res = await api.call('POST', '/v1/patients', {
      token: marketer,
      body: { name: '钱多多', phone, channel: 'street', needs: ['implant'] },
    });
    expect(res.status).toBe(201);
    const me = await api.call('GET', '/v1/me', { token: marketer });
    expect(res.body).toMatchObject({ channel: 'street', ownerStaffId: me.body.staffId, phone, claimed: false });
    const audits = await auditsOf(res.body.id);
    expect(audits.map((a) => a.action)).toEqual(['create']);
    expect(audits[0]?.actorStaffId).toBe(me.body.staffId);
  });

  it('refuses a second marketer entering the same phone and names the first owner, masked', async () => {
    const phone = uniquePhone();
    await api.call('POST', '/v1/patients', { token: marketer, body: { name: '孙悟空', phone, channel: 'community' } });
    const res = await api.call('POST', '/v1/patients', {
      token: marketer2,
      body: { name: '孙悟空', phone: `+86${phone}`, channel: 'street' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('DUPLICATE_PHONE');
    expect(res.body.error.details).toMatchObject({ maskedName: '孙*空', ownerStaffName: '演示市场专员' });
    expect(JSON.stringify(res.body)).not.toContain(phone);
  });

  it('shows who matches while typing: phone, name, and name with birthday', async () => {
    const phone = uniquePhone();
    const name = `重名${Math.random().toString(36).slice(2, 6)}`;
    await api.call('POST', '/v1/patients', {
      token: marketer,
      body: { name, phone, channel: 'street', birthDate: '1975-01-02' },
    });
    const byPhone = await api.call('POST', '/v1/patients/duplicates', { token: marketer2, body: { phone } });
    expect(byPhone.body.items).toHaveLength(1);
    expect(byPhone.body.items[0]).toMatchObject({ matchedOn: ['phone'], ownerStaffName: '演示市场专员' });
    expect(byPhone.body.items[0].maskedPhone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    const byName = await api.call('POST', '/v1/patients/duplicates', {
      token: marketer2,
      body: { name, birthDate: '1975-01-02' },
    });
    expect(byName.body.items[0].matchedOn).toEqual(['name', 'name_birthdate']);
    const partial = await api.call('POST', '/v1/patients/duplicates', {
      token: marketer2,
      body: { phone: phone.slice(0, 7) },
    });
    expect(partial.body.items).toEqual([]);
  });

  it('masks the phone for a marketer who does not own the record, shows it to the front desk', async () => {
    const phone = uniquePhone();
    const created = await api.call('POST', '/v1/patients', {
      token: marketer,
      body: { name: '周八', phone, channel: 'phone' },
    });
    const asOther = await api.call('GET', `/v1/patients/${created.body.id}`, { token: marketer2 });
    expect(asOther.body).toMatchObject({ phone: `${phone.slice(0, 3)}****${phone.slice(-4)}`, phoneMasked: true });
    const asOwner = await api.call('GET', `/v1/patients/${created.body.id}`, { token: marketer });
    expect(asOwner.body.phone).toBe(phone);
    const asDesk = await api.call('GET', `/v1/patients/${created.body.id}`, { token: frontdesk });
    expect(asDesk.body).toMatchObject({ phone, phoneMasked: false });
    const audits = await auditsOf(created.body.id);
    expect(audits.filter((a) => a.action === 'read')).toHaveLength(3);
  });

  it('hides medical history from marketing and shows it to the doctor', async () => {
    const created = await api.call('POST', '/v1/patients', {
      token: frontdesk,
      body: {
        name: '吴九',
        phone: uniquePhone(),
        channel: 'walk_in',
        medicalHistory: '糖尿病',
        consents: { healthData: true, marketing: false },
      },
    });
    expect(created.status).toBe(201);
    expect(
      (await api.call('GET', `/v1/patients/${created.body.id}`, { token: marketer })).body.medicalHistory,
    ).toBeUndefined();
    expect((await api.call('GET', `/v1/patients/${created.body.id}`, { token: doctor })).body.medicalHistory).toBe(
      '糖尿病',
    );
  });

  it('finds records by phone and by name and audits each search hit', async () => {
    const phone = uniquePhone();
    const created = await api.call('POST', '/v1/patients', {
      token: marketer,
      body: { name: '郑十', phone, channel: 'online' },
    });
    const found = await api.call('GET', `/v1/patients?phone=${encodeURIComponent(`+86 ${phone}`)}`, {
      token: frontdesk,
    });
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
    expect((await auditsOf(created.body.id)).some((a) => a.action === 'search')).toBe(true);
  });

  it('lets a marketer edit only records they own, and audits the change', async () => {
    const created = await api.call('POST', '/v1/patients', {
      token: marketer,
      body: { name: '冯十一', phone: uniquePhone(), channel: 'street' },
    });
    const denied = await api.call('PATCH', `/v1/patients/${created.body.id}`, {
      token: marketer2,
      body: { tags: ['VIP'] },
    });
    expect(denied.status).toBe(403);
    const ok = await api.call('PATCH', `/v1/patients/${created.body.id}`, {
      token: frontdesk,
      body: { tags: ['VIP'] },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.tags).toEqual(['VIP']);
    const audits = await auditsOf(created.body.id);
    expect(audits.find((a) => a.action === 'update')?.fields).toEqual(['tags']);
  });
});

describe('claiming a record staff entered', () => {
  it('needs a verified phone, then claims the record and keeps the first owner', async () => {
    const phone = uniquePhone();
    const lead = await api.call('POST', '/v1/patients', {
      token: marketer,
      body: { name: '林小姐', phone, channel: 'community' },
    });
    const patient = await api.login(uniqueOpenid('claimer'));
    const unverified = await api.call('POST', '/v1/me/patients', {
      token: patient,
      body: profile({ name: '林美丽', phone }),
    });
    expect(unverified.status).toBe(409);
    expect(unverified.body.error.details).toMatchObject({ claimable: true, maskedName: '林*姐' });
    const wrongPhone = await api.call('POST', '/v1/me/patients', {
      token: patient,
      body: profile({ name: '林美丽', phone, phoneCode: `dev:${uniquePhone()}` }),
    });
    expect(wrongPhone.status).toBe(400);
    expect(wrongPhone.body.error.code).toBe('PHONE_NOT_VERIFIED');
    const claimed = await api.call('POST', '/v1/me/patients', {
      token: patient,
      body: profile({ name: '林美丽', phone, phoneCode: `dev:${phone}` }),
    });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({
      id: lead.body.id,
      claimed: true,
      name: '林美丽',
      channel: 'community',
      ownerStaffId: lead.body.ownerStaffId,
    });
    const mine = await api.call('GET', '/v1/me/patients', { token: patient });
    expect(mine.body.items.map((p: { id: string }) => p.id)).toEqual([lead.body.id]);
    const thief = await api.login(uniqueOpenid('thief'));
    const second = await api.call('POST', '/v1/me/patients', {
      token: thief,
      body: profile({ phone, phoneCode: `dev:${phone}` }),
    });
    expect(second.status).toBe(409);
    expect(second.body.error.details.claimable).toBe(false);
  });
});
