import { GetCommand, PutCommand } from '../../functions/lib/store-client';
import { demoPatientOpenid } from './seed';

const SEED_KEY = { pk: 'SEED', sk: 'surveys-v1' };

/**
 * Demo surveys, once per data folder (after the main seed): 周客服 is 徐汇院's service lead, and the
 * demo patient 张小明 had three visits there — one invitation still open (he finds it under 首页 →
 * 就诊评价), one answered well, one answered low, whose complaint waits in 周客服's 今日回访.
 * The visits are recorded through the same services as a real day (walk-in number, the doctor's
 * record), with the clock set back.
 */
export async function seedSurveysOnce(): Promise<boolean> {
  const { db, tableName } = await import('../../functions/lib/db');
  if ((await db.send(new GetCommand({ TableName: tableName, Key: SEED_KEY }))).Item) return false;
  const { callerFor, userIdFor } = await import('../../functions/auth/auth-service');
  const { staffOfUser } = await import('../../functions/auth/identity-repository');
  const { patientsOfAccount } = await import('../../functions/patients/patient-list-repository');
  const { walkIn } = await import('../../functions/queue/checkin-service');
  const { completeVisit } = await import('../../functions/visits/visit-service');
  const { answerSurvey } = await import('../../functions/surveys/survey-service');
  const { setServiceLead } = await import('../../functions/surveys/service-lead-repository');
  const { addDays, clinicDate } = await import('../../shared/dates');

  const staff = async (openid: string) => {
    const userId = await userIdFor(openid);
    const record = await staffOfUser(userId);
    if (!record) throw new Error(`demo staff ${openid} missing: seed the demo data first`);
    return { caller: callerFor(userId, record), record };
  };
  const [desk, doctor, service] = await Promise.all([
    staff('demo-frontdesk'),
    staff('demo-doctor'),
    staff('demo-service'),
  ]);
  await setServiceLead({ clinicId: 'c_xuhui', staffId: service.record.id, staffName: service.record.name });
  const patientCaller = callerFor(await userIdFor(demoPatientOpenid), undefined);
  const [patient] = await patientsOfAccount(patientCaller.userId);
  if (!patient) return false;

  const now = new Date();
  const ctx = (caller: typeof patientCaller, at: Date) => ({ caller, now: at, requestId: 'seed-surveys' });
  const daysAgo = (n: number) => new Date(`${addDays(clinicDate(now), -n)}T10:30:00+08:00`);
  /** A visit `n` days ago in a department of 徐汇院; answers its invitation's id. */
  const visit = async (n: number, dept: string, category: 'cleaning' | 'implant' | 'endodontic', chargeFen: number) => {
    const at = daysAgo(n);
    const { ticket } = await walkIn(ctx(desk.caller, at), `d_xuhui_${dept}`, patient.id);
    const v = await completeVisit(ctx(doctor.caller, new Date(at.getTime() + 40 * 60_000)), {
      ticketId: ticket.id,
      category,
      chargeFen,
      doctorId: doctor.record.id,
    });
    return `sv_${v.id}_1`;
  };

  await visit(3, 'perio', 'cleaning', 38_000);
  const answered = await visit(8, 'implant', 'implant', 1_280_000);
  const low = await visit(5, 'prosth', 'endodontic', 160_000);
  const stars = (overall: number, rest: number) => ({
    overall,
    doctor: rest,
    nurse: rest,
    environment: rest,
    waiting: rest,
    fees: rest,
  });
  await answerSurvey(ctx(patientCaller, daysAgo(6)), answered, {
    scores: stars(5, 5),
    nps: 10,
    comment: '医生讲解很耐心，种植过程比想象的轻松。',
  });
  await answerSurvey(ctx(patientCaller, now), low, {
    scores: { ...stars(2, 4), waiting: 1, fees: 2 },
    nps: 4,
    comment: '预约了还等了快一个小时，收费明细也没有人解释。',
  });
  await db.send(new PutCommand({ TableName: tableName, Item: { ...SEED_KEY, clinicId: '-', at: now.toISOString() } }));
  return true;
}
