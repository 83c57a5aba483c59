import { chineseDate } from '../../shared/dates';
import { AppError, NotFoundError } from '../../shared/errors';
import {
  occasionNames,
  occasionWishes,
  renderTemplate,
  smsParts,
  smsText,
  templateProblems,
  templateVars,
} from '../../shared/messaging-rules';
import {
  type MessageKind,
  type MessageTemplateView,
  marketingKinds,
  messageKinds,
  type UpdateMessageTemplateInput,
} from '../../shared/schemas/messages';
import { getClinic } from '../clinics/clinic-repository';
import { config } from '../lib/config';
import type { Ctx } from '../lib/context';
import { UNASSIGNED_CLINIC } from '../patients/patient-record';
import { actorOf, clinicActedIn } from '../staff/acting';
import { settingsAuditWrite } from '../staff/settings-audit-repository';
import { clinicTemplates, saveTemplate, type TemplateSetting } from './template-repository';

/** Sample values a preview is rendered with: what a real message of each kind carries. */
function sampleVars(kind: MessageKind, clinic: string): Record<string, string> {
  const vars: Record<string, string> = {
    name: '王小明',
    clinic,
    department: '正畸科',
    date: chineseDate('2026-03-18'),
    time: '09:30',
    holiday: occasionNames.mid_autumn,
    wish: occasionWishes.mid_autumn,
    item: '下次矫正复诊',
    link: `${config.PUBLIC_APP_URL}/#/survey/index?id=sv_sample`,
    reason: '建议每 6 个月洁牙一次，您已到洁牙时间',
  };
  return Object.fromEntries(templateVars[kind].map((v) => [v, vars[v]!]));
}

/** The name a clinic's messages are signed with: its own, or the group's for patients of no clinic. */
async function signerOf(clinicId: string): Promise<string> {
  if (clinicId === UNASSIGNED_CLINIC) return config.GROUP_NAME;
  const clinic = await getClinic(clinicId);
  if (!clinic) throw new NotFoundError('clinic', { clinicId });
  return clinic.name;
}

function view(clinicId: string, signer: string, s: TemplateSetting): MessageTemplateView {
  const body = renderTemplate(s.text, sampleVars(s.kind, signer));
  const preview = smsText({ signature: signer, body, marketing: marketingKinds.includes(s.kind) });
  return {
    kind: s.kind,
    clinicId,
    text: s.text,
    isDefault: s.isDefault,
    enabled: s.enabled,
    preview,
    smsLength: Array.from(preview).length,
    smsParts: smsParts(preview),
    variables: templateVars[s.kind],
  };
}

/** A clinic's four templates with their switches and a preview of the SMS a patient would get. */
export async function messageTemplates(ctx: Ctx, asked?: string): Promise<{ items: MessageTemplateView[] }> {
  const clinicId = clinicActedIn(ctx.caller, asked, '只能查看本院的消息');
  const [signer, settings] = await Promise.all([signerOf(clinicId), clinicTemplates(clinicId)]);
  return { items: messageKinds.map((k) => view(clinicId, signer, settings[k])) };
}

/** Changes a clinic's text and/or switch of one kind: the text checked for its placeholders; audited. */
export async function updateMessageTemplate(
  ctx: Ctx,
  kindParam: string,
  input: UpdateMessageTemplateInput,
): Promise<MessageTemplateView> {
  const kind = messageKinds.find((k) => k === kindParam);
  if (!kind) throw new AppError('NOT_FOUND', '没有这种消息模板', { kind: kindParam, known: messageKinds });
  const clinicId = clinicActedIn(ctx.caller, input.clinicId, '只能修改本院的消息');
  const signer = await signerOf(clinicId);
  if (input.text !== undefined) {
    const problems = templateProblems(input.text, templateVars[kind]);
    if (problems.length > 0) {
      throw new AppError('VALIDATION_FAILED', problems.join('；'), {
        problems,
        fields: problems.map((message) => ({ path: 'text', message })),
      });
    }
  }
  const at = ctx.now.toISOString();
  const actor = actorOf(ctx.caller);
  const fields = [...(input.text !== undefined ? ['text'] : []), ...(input.enabled !== undefined ? ['enabled'] : [])];
  await saveTemplate(
    clinicId,
    kind,
    { text: input.text, enabled: input.enabled },
    { staffId: actor, at },
    settingsAuditWrite(
      {
        clinicId,
        subject: `template#${kind}`,
        action: 'update',
        actorStaffId: actor,
        requestId: ctx.requestId,
        fields,
      },
      at,
    ),
  );
  return view(clinicId, signer, (await clinicTemplates(clinicId))[kind]);
}
