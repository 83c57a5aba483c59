import type { MyExport } from '../../shared/schemas/rights';
import { appointmentView } from '../booking/booking-service';
import { exportedConsultations } from '../consult/consultation-holdings';
import type { Ctx } from '../lib/context';
import { writeAudits } from './audit-repository';
import { type Holdings, holdingsOf } from './holdings';
import { patientsOfAccount } from './patient-list-repository';
import { patientView } from './patient-view';

/** What each section of the export holds, in words a patient reads. */
export const EXPORT_SECTIONS: MyExport['explanations'] = {
  profiles: '就诊人资料：您为自己或家人登记的全部信息（姓名、手机号、身份证号、病史等），原样给出。',
  consentHistory: '授权记录：每一次同意或撤回健康信息、营销消息等授权的时间和方式。',
  appointments: '预约记录：每一次预约的门诊、科室、时间和状态。',
  tickets: '排队记录：每一次到院取号的号码、科室和状态。',
  visits: '就诊记录：每一次就诊的类别、费用（分）和复诊日期。',
  messages: '消息记录：医院发给或准备发给您的每一条短信或微信消息，含正文。',
  surveyInvitations: '满意度调查邀请：每一次就诊后的评价邀请及其状态。',
  surveyAnswers: '满意度评价：您提交的评分和留言。',
  followUps: '回访记录：就诊后的回访任务，以及每一次回访电话的结果。',
  careSummaries: '就诊概况：您在每家门诊的首次和最近就诊日期、累计就诊次数和费用（分）。',
  consultations: '在线咨询：您向门诊提出的每一个问题、医院的每一条回复，以及您发送的照片（base64）。',
};

const withoutLease = <T extends object>(m: T) => {
  const { leaseId: _l, leaseUntilMs: _u, ...rest } = m as T & { leaseId?: string; leaseUntilMs?: number };
  return rest;
};

/**
 * GET /v1/me/export: everything held about the account's profiles, as one document. Each profile's
 * export is audited ('export', the account as actor).
 */
export async function myExport(ctx: Ctx): Promise<MyExport> {
  const profiles = await patientsOfAccount(ctx.caller.userId);
  const all: Holdings[] = await Promise.all(profiles.map(holdingsOf));
  const at = ctx.now.toISOString();
  await writeAudits(
    profiles.map((p) => ({
      patientId: p.id,
      clinicId: p.clinicId,
      actorUserId: ctx.caller.userId,
      ...(ctx.caller.clinicId ? { actorClinicId: ctx.caller.clinicId } : {}),
      action: 'export' as const,
      requestId: ctx.requestId,
    })),
    at,
  );
  return {
    exportedAt: at,
    explanations: EXPORT_SECTIONS,
    profiles: await Promise.all(
      all.map(async ({ patient: p }) => ({
        ...(await patientView(p)),
        ...(p.notes ? { notes: p.notes } : {}),
        visitCount: p.visitCount ?? 0,
        ...(p.lastVisitAt ? { lastVisitAt: p.lastVisitAt } : {}),
        ...(p.nextRevisitDate ? { nextRevisitDate: p.nextRevisitDate } : {}),
        consentStates: p.consents,
      })),
    ),
    consentHistory: all.flatMap((h) => h.consents.map((c) => ({ patientId: h.patient.id, ...c }))),
    appointments: all.flatMap((h) => h.appointments.map((a) => appointmentView(a))),
    tickets: all.flatMap((h) => h.tickets),
    visits: all.flatMap((h) => h.visits),
    messages: all.flatMap((h) => h.messages.map(withoutLease)),
    surveyInvitations: all.flatMap((h) => h.invitations),
    surveyAnswers: all.flatMap((h) => h.answers),
    followUps: all.flatMap((h) => h.followUps),
    careSummaries: all.flatMap((h) => h.careSummaries),
    consultations: (await Promise.all(all.map((h) => exportedConsultations(h.consultations)))).flat(),
  } as unknown as MyExport;
}
