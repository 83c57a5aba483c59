import { GetCommand, PutCommand } from '../../functions/lib/store-client';
import type { Category } from '../../shared/schemas/common';

const SEED_KEY = { pk: 'SEED', sk: 'demo-groups-v1' };

/** A demo patient of 徐汇院 and their visits: [days from the month's 1st (or months, as 'Nm+d'), category, fen]. */
const people: { name: string; phone: string; marketing: boolean; visits: [string, Category, number][] }[] = [
  {
    name: '赵正畸',
    phone: '13900000101',
    marketing: true,
    visits: [
      ['-90', 'orthodontic', 50_000],
      ['-70', 'orthodontic', 50_000],
    ],
  },
  { name: '钱修复', phone: '13900000102', marketing: false, visits: [['-7m+10', 'prosthetic', 800_000]] },
  { name: '孙种植', phone: '13900000103', marketing: true, visits: [['-3m+5', 'implant', 1_200_000]] },
  { name: '李牙周', phone: '13900000104', marketing: true, visits: [['-3m+10', 'periodontal', 60_000]] },
  { name: '周洁牙', phone: '13900000105', marketing: true, visits: [['-7m+0', 'cleaning', 30_000]] },
  { name: '吴流失', phone: '13900000106', marketing: false, visits: [['-14m+3', 'general', 20_000]] },
  {
    name: '郑高值',
    phone: '13900000107',
    marketing: true,
    visits: [
      ['-100', 'implant', 1_800_000],
      ['-95', 'prosthetic', 600_000],
    ],
  },
  { name: '冯洁牙', phone: '13900000108', marketing: false, visits: [['-6m+3', 'cleaning', 30_000]] },
  { name: '陈种植', phone: '13900000109', marketing: true, visits: [['-1m+2', 'implant', 1_500_000]] },
  { name: '褚正畸', phone: '13900000110', marketing: true, visits: [['-50', 'orthodontic', 50_000]] },
  { name: '卫正畸', phone: '13900000111', marketing: false, visits: [['-35', 'orthodontic', 50_000]] },
];
/** Who came back during last month (after its groups were made), and who this month. */
const backLastMonth: [string, Category][] = [
  ['赵正畸', 'orthodontic'],
  ['褚正畸', 'orthodontic'],
];
const backThisMonth: [string, Category][] = [['周洁牙', 'cleaning']];

/**
 * Demo visits on dates that place 徐汇院's demo patients in most of this month's groups, last month's
 * groups made first with two patients back since (so the cards show a shrink), then this month's,
 * with one patient back already. Once per data folder.
 */
export async function seedPatientGroupsOnce(): Promise<boolean> {
  const { db, tableName } = await import('../../functions/lib/db');
  if ((await db.send(new GetCommand({ TableName: tableName, Key: SEED_KEY }))).Item) return false;
  const { addDays, clinicDate, clinicInstant } = await import('../../shared/dates');
  const { addMonthsToDate } = await import('../../shared/patient-group-rules');
  const { callerFor, userIdFor } = await import('../../functions/auth/auth-service');
  const { staffOfUser } = await import('../../functions/auth/identity-repository');
  const { staffCreatePatient, findDuplicates } = await import('../../functions/patients/staff-patient-service');
  const { visitWrite } = await import('../../functions/visits/visit-repository');
  const { groupVisitWrites } = await import('../../functions/groups/visit-groups');
  const { groupClinic } = await import('../../functions/groups/grouping-service');
  const { commit } = await import('../../functions/lib/transact');

  const clinicId = 'c_xuhui';
  const now = new Date();
  const today = clinicDate(now);
  const first = `${today.slice(0, 7)}-01`;
  const lastFirst = addMonthsToDate(first, -1);
  const dateOf = (offset: string) => {
    const m = /^(-?\d+)m\+(\d+)$/.exec(offset);
    return m ? addDays(addMonthsToDate(first, Number(m[1])), Number(m[2])) : addDays(first, Number(offset));
  };
  const desk = callerFor(await userIdFor('demo-frontdesk'), await staffOfUser(await userIdFor('demo-frontdesk')));
  const ids = new Map<string, string>();
  for (const p of people) {
    const found = (await findDuplicates({ phone: p.phone })).items[0]?.patientId;
    const id =
      found ??
      (
        await staffCreatePatient(
          { caller: desk, now, requestId: 'seed' },
          { name: p.name, phone: p.phone, channel: 'walk_in', consents: { healthData: true, marketing: p.marketing } },
        )
      ).id;
    ids.set(p.name, id);
  }
  let n = 0;
  const visit = async (name: string, date: string, category: Category, chargeFen: number, at?: string) => {
    n++;
    const v = {
      id: `v_seedpg_${n}_${date.replace(/-/g, '')}`,
      patientId: ids.get(name)!,
      clinicId,
      departmentId: 'd_xuhui_ortho',
      date,
      category,
      chargeFen,
      doctorId: 's_doctor',
      doctorName: '张医生',
      ticketId: `t_seedpg_${n}`,
      recordedBy: 's_doctor',
      createdAt: at ?? new Date(clinicInstant(date, '10:00')).toISOString(),
    };
    await commit([visitWrite(v, { name }), ...(await groupVisitWrites(v))]);
  };
  for (const p of people) for (const [offset, c, fen] of p.visits) await visit(p.name, dateOf(offset), c, fen);
  await groupClinic(clinicId, new Date(clinicInstant(lastFirst, '02:00')));
  for (const [name, c] of backLastMonth) await visit(name, addDays(first, -5), c, 50_000);
  await groupClinic(clinicId, new Date(clinicInstant(first, '02:00')));
  // Back today (a visit recorded now): this month's cleaning card shows one fewer still due.
  for (const [name, c] of backThisMonth) await visit(name, today, c, 30_000, now.toISOString());
  await db.send(new PutCommand({ TableName: tableName, Item: { ...SEED_KEY, clinicId: '-', at: now.toISOString() } }));
  return true;
}
