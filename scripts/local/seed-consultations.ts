import { GetCommand, PutCommand } from '../../functions/lib/store-client';
import { demoPatientOpenid } from './seed';

const SEED_KEY = { pk: 'SEED', sk: 'consultations-v1' };

/**
 * Demo consultations, once per data folder: the demo patient 张小明 asked 徐汇院 two questions through the
 * same services as the mini-program (content check by the local stand-in included) — one answered by
 * 周客服 yesterday, one waiting since three hours ago (orange under 员工工作台 → 在线咨询 → 待回复).
 */
export async function seedConsultationsOnce(): Promise<boolean> {
  const { db, tableName } = await import('../../functions/lib/db');
  if ((await db.send(new GetCommand({ TableName: tableName, Key: SEED_KEY }))).Item) return false;
  const { callerFor, userIdFor } = await import('../../functions/auth/auth-service');
  const { staffOfUser, touchUser } = await import('../../functions/auth/identity-repository');
  const { patientsOfAccount } = await import('../../functions/patients/patient-list-repository');
  const { createConsultation } = await import('../../functions/consult/patient-service');
  const { reply } = await import('../../functions/consult/staff-service');

  const patientCaller = callerFor(await userIdFor(demoPatientOpenid), undefined);
  const [patient] = await patientsOfAccount(patientCaller.userId);
  const serviceUser = await userIdFor('demo-service');
  const service = await staffOfUser(serviceUser);
  if (!patient || !service) return false;
  // The content check asks WeChat about the writer's openid: as after each one's first login.
  const at = new Date().toISOString();
  await touchUser(patientCaller.userId, demoPatientOpenid, at);
  await touchUser(serviceUser, 'demo-service', at);
  const ctx = (caller: typeof patientCaller, at: Date) => ({ caller, now: at, requestId: 'seed-consultations' });
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

  const asked = await createConsultation(ctx(patientCaller, hoursAgo(26)), {
    patientId: patient.id,
    clinicId: 'c_xuhui',
    text: '上周洗牙后牙齿有点敏感，喝冷水会酸，正常吗？',
  });
  await reply(ctx(callerFor(serviceUser, service), hoursAgo(24)), asked.threadId, {
    text: '洗牙后短期敏感是常见的，一般一到两周缓解；可先用抗敏感牙膏，避免过冷过热。如果越来越重，请来院复查。',
  });
  await createConsultation(ctx(patientCaller, hoursAgo(3)), {
    patientId: patient.id,
    clinicId: 'c_xuhui',
    text: '想预约种植牙咨询，需要先拍片吗？大概要来几次？',
  });
  await db.send(
    new PutCommand({ TableName: tableName, Item: { ...SEED_KEY, clinicId: '-', at: new Date().toISOString() } }),
  );
  return true;
}
