import { GetCommand, PutCommand } from '../../functions/lib/store-client';
import type { StaffRole } from '../../shared/roles';

/** Demo users: sign in on the local H5 login page (or POST /v1/auth/dev {openid, role}). */
export const demoStaff: { openid: string; name: string; roles: StaffRole[]; clinic: string }[] = [
  { openid: 'demo-marketing', name: '李市场', roles: ['marketing'], clinic: 'c_xuhui' },
  { openid: 'demo-marketing2', name: '王推广', roles: ['marketing'], clinic: 'c_xuhui' },
  { openid: 'demo-frontdesk', name: '陈前台', roles: ['frontdesk'], clinic: 'c_xuhui' },
  { openid: 'demo-nurse', name: '刘护士', roles: ['nurse'], clinic: 'c_xuhui' },
  { openid: 'demo-doctor', name: '张医生', roles: ['doctor'], clinic: 'c_xuhui' },
  { openid: 'demo-service', name: '周客服', roles: ['service'], clinic: 'c_xuhui' },
  { openid: 'demo-manager', name: '赵院长', roles: ['manager'], clinic: 'c_xuhui' },
  { openid: 'demo-admin', name: '系统管理员', roles: ['admin'], clinic: 'c_xuhui' },
  { openid: 'demo-pudong-frontdesk', name: '孙前台', roles: ['frontdesk'], clinic: 'c_pudong' },
  { openid: 'demo-pudong-doctor', name: '吴医生', roles: ['doctor'], clinic: 'c_pudong' },
];

export const demoPatientOpenid = 'demo-patient';

const clinics = [
  { id: 'c_xuhui', name: '仁和口腔·徐汇院', city: '上海', address: '徐汇区漕溪北路 88 号', phone: '021-6488 0088' },
  { id: 'c_pudong', name: '仁和口腔·浦东院', city: '上海', address: '浦东新区张杨路 1500 号', phone: '021-5830 1500' },
];

export const demoDepartments = [
  { key: 'ortho', name: '正畸科', prefix: 'A', minutes: 20 },
  { key: 'implant', name: '种植科', prefix: 'B', minutes: 30 },
  { key: 'prosth', name: '修复科', prefix: 'C', minutes: 25 },
  { key: 'perio', name: '牙周科', prefix: 'D', minutes: 20 },
  { key: 'kids', name: '儿童口腔科', prefix: 'E', minutes: 15 },
];

const SEED_KEY = { pk: 'SEED', sk: 'demo-v3' };

/** Seeds demo data once; a second call (a restart) finds the marker and does nothing. */
export async function seedOnce(): Promise<boolean> {
  const { db, tableName } = await import('../../functions/lib/db');
  const done = await db.send(new GetCommand({ TableName: tableName, Key: SEED_KEY }));
  if (done.Item) return false;

  const { putClinic, putDepartment } = await import('../../functions/clinics/clinic-repository');
  const { insertStaff, staffOfUser } = await import('../../functions/auth/identity-repository');
  const { userIdFor } = await import('../../functions/auth/auth-service');
  const staffPatients = await import('../../functions/patients/staff-patient-service');
  const { createMyPatient } = await import('../../functions/patients/my-patient-service');
  const { callerFor } = await import('../../functions/auth/auth-service');
  const now = new Date();
  const ctxOf = (caller: Awaited<ReturnType<typeof callerFor>>) => ({ caller, now, requestId: 'seed' });

  for (const c of clinics) {
    await putClinic(c);
    for (const [i, d] of demoDepartments.entries()) {
      await putDepartment({
        id: `d_${c.id.slice(2)}_${d.key}`,
        clinicId: c.id,
        name: d.name,
        prefix: d.prefix,
        room: `${i + 1}`,
        defaultServiceMinutes: d.minutes,
      });
    }
  }
  const at = now.toISOString();
  for (const s of demoStaff) {
    const userId = await userIdFor(s.openid);
    if (await staffOfUser(userId)) continue;
    await insertStaff({
      id: `s_${s.openid.replace(/^demo-/, '').replace(/-/g, '_')}`,
      clinicId: s.clinic,
      name: s.name,
      roles: s.roles,
      userId,
      createdAt: at,
    });
  }

  // Leads entered by marketing, one of them claimable by the demo patient (phone 13900000001).
  const marketer = callerFor(await userIdFor('demo-marketing'), await staffOfUser(await userIdFor('demo-marketing')));
  const marketer2 = callerFor(
    await userIdFor('demo-marketing2'),
    await staffOfUser(await userIdFor('demo-marketing2')),
  );
  const leads = [
    { by: marketer, name: '王小红', phone: '13900000001', channel: 'street' as const, needs: ['orthodontic' as const] },
    { by: marketer, name: '陈建国', phone: '13900000002', channel: 'community' as const, needs: ['implant' as const] },
    { by: marketer2, name: '刘芳', phone: '13900000003', channel: 'corporate' as const, needs: ['cleaning' as const] },
    { by: marketer2, name: '张伟', phone: '13900000004', channel: 'referral' as const, needs: ['prosthetic' as const] },
  ];
  // Idempotent: a re-run (an older data folder getting a newer seed) skips what exists.
  const ignoreDuplicate = (e: unknown) => {
    if ((e as { code?: string }).code !== 'DUPLICATE_PHONE') throw e;
  };
  for (const l of leads) {
    await staffPatients
      .staffCreatePatient(ctxOf(l.by), { name: l.name, phone: l.phone, channel: l.channel, needs: l.needs })
      .catch(ignoreDuplicate);
  }

  // The demo patient's own account with one profile.
  const patient = callerFor(await userIdFor(demoPatientOpenid), undefined);
  await createMyPatient(ctxOf(patient), {
    name: '张小明',
    gender: 'male',
    birthDate: '1990-05-12',
    phone: '13800000000',
    relation: 'self',
    needs: ['cleaning'],
    consents: { healthData: true, marketing: false },
  }).catch(ignoreDuplicate);

  // 陈建国 is an important patient: the front desk sees a VIP flag when he checks in.
  const vip = (await staffPatients.findDuplicates({ phone: '13900000002' })).items[0];
  const desk = callerFor(await userIdFor('demo-frontdesk'), await staffOfUser(await userIdFor('demo-frontdesk')));
  if (vip) await staffPatients.staffUpdatePatient(ctxOf(desk), vip.patientId, { tags: ['VIP'] });

  await db.send(new PutCommand({ TableName: tableName, Item: { ...SEED_KEY, clinicId: '-', at } }));
  return true;
}

/** Keeps bookable slots open for the next 14 days in every department (idempotent; run at every start). */
export async function ensureDemoSlots(): Promise<number> {
  const { createSlots } = await import('../../functions/booking/booking-service');
  const { callerFor, userIdFor } = await import('../../functions/auth/auth-service');
  const { staffOfUser } = await import('../../functions/auth/identity-repository');
  const { addDays, clinicDate } = await import('../../shared/dates');
  const admin = callerFor(await userIdFor('demo-admin'), await staffOfUser(await userIdFor('demo-admin')));
  const now = new Date();
  const from = clinicDate(now);
  const to = addDays(from, 13);
  let created = 0;
  for (const c of clinics) {
    for (const d of demoDepartments) {
      const out = await createSlots(
        { caller: admin, now, requestId: 'seed' },
        {
          departmentId: `d_${c.id.slice(2)}_${d.key}`,
          fromDate: from,
          toDate: to,
          weekdays: [1, 2, 3, 4, 5, 6, 7],
          times: [
            '09:00',
            '09:30',
            '10:00',
            '10:30',
            '11:00',
            '11:30',
            '14:00',
            '14:30',
            '15:00',
            '15:30',
            '16:00',
            '16:30',
          ],
          durationMinutes: 30,
          capacity: 4,
        },
      );
      created += out.created;
    }
  }
  return created;
}
