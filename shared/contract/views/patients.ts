import * as z from 'zod';
import { categories } from '../../schemas/common';
import { followUpKinds, outcomes } from '../../schemas/follow-ups';
import { messageChannels, messageKinds, messageStatuses } from '../../schemas/messages';
import { genders, relations } from '../../schemas/patient';
import { exportSections } from '../../schemas/rights';
import { surveyDimensions } from '../../schemas/surveys';
import { day, instant, maskedPhone } from './common';

const gender = z.enum(genders).meta({ description: '性别：`male` 男，`female` 女' });
const relation = z.enum(relations).meta({ description: '与账号本人的关系' });

/** A profile as its own account sees it. */
export const patientView = z.object({
  id: z.string(),
  name: z.string(),
  gender: gender.optional(),
  birthDate: day.optional(),
  phone: z.string().meta({ description: '手机号（员工视图中按角色打码）' }),
  phoneShared: z.boolean().optional().meta({ description: '使用账号本人的手机号作为联系电话' }),
  idCardNo: z.string().optional(),
  occupation: z.string().optional(),
  address: z.string().optional(),
  medicalHistory: z.string().optional(),
  needs: z.array(z.string()).optional().meta({ description: '关注的治疗项目' }),
  relation: relation.optional(),
  consents: z.object({ healthData: z.boolean(), marketing: z.boolean(), guardian: z.boolean().optional() }),
  channel: z.string().meta({ description: '来源渠道' }),
  campaignId: z.string().optional(),
  ownerStaffId: z.string().optional(),
  clinicId: z.string(),
  tags: z.array(z.string()),
  createdAt: instant,
  updatedAt: instant,
});

/** A profile as staff see it: phone and ID number masked unless the role needs them. */
export const staffPatientView = patientView.extend({
  phoneMasked: z.boolean(),
  ownerStaffName: z.string().optional(),
  notes: z.string().optional(),
  claimed: z.boolean().meta({ description: '患者已在小程序认领该档案' }),
  visitCount: z.number().int(),
  lastVisitAt: z.string().optional(),
  nextRevisitDate: day.optional(),
});

/** The patient's own registration: a new profile (201), or a record staff entered, claimed (200). */
export const myPatientAnswer = patientView.extend({
  claimed: z.boolean().optional().meta({ description: '认领了员工录入的档案时为 `true`（状态 200）' }),
});

/** What an exact-phone search shows of a record the caller may not read. */
export const minimalPatientCard = z.object({
  minimal: z.literal(true),
  patientId: z.string(),
  maskedName: z.string(),
  maskedPhone,
  gender: gender.optional(),
  birthYear: z.number().int().optional(),
  homeClinicId: z.string(),
  homeClinicName: z.string(),
});

export const patientSearchItem = z.union([staffPatientView, minimalPatientCard]);

export const duplicateMatch = z.object({
  patientId: z.string(),
  maskedName: z.string(),
  maskedPhone,
  matchedOn: z.array(z.enum(['phone', 'name', 'name_birthdate'])).meta({ description: '按什么匹配到' }),
  ownerStaffId: z.string().optional(),
  ownerStaffName: z.string().optional(),
  clinicId: z.string(),
  relation: relation.optional(),
  phoneShared: z.boolean().optional(),
});

export const auditEventView = z.object({
  id: z.string(),
  at: instant,
  action: z.enum(['create', 'read', 'update', 'search', 'delete', 'merge', 'export', 'handover']),
  actionLabel: z.string().meta({ description: '操作（中文）：查看、修改、删除 …' }),
  actor: z.object({ kind: z.enum(['staff', 'patient', 'unknown']), label: z.string(), staffId: z.string().optional() }),
  clinicName: z.string(),
  crossClinic: z.boolean().meta({ description: '跨门诊查看' }),
  fields: z.array(z.string()),
  changes: z.array(
    z.object({ field: z.string(), label: z.string(), from: z.string().optional(), to: z.string().optional() }),
  ),
  reason: z.string().optional(),
});

const timelineBase = { key: z.string(), at: instant, clinicId: z.string() };

/** One entry of a patient's timeline (no phone number ever), told apart by `type`. */
export const timelineItem = z.discriminatedUnion('type', [
  z.object({
    ...timelineBase,
    type: z.literal('visit'),
    visitId: z.string(),
    date: day,
    departmentId: z.string(),
    doctorName: z.string(),
    category: z.enum(categories),
    chargeFen: z.number().int(),
    nextRevisitDate: day.optional(),
  }),
  z.object({
    ...timelineBase,
    type: z.literal('followup'),
    taskId: z.string(),
    kind: z.enum(followUpKinds),
    status: z.enum(['open', 'done', 'unreachable']),
    dueDate: day,
    outcomes: z.array(
      z.object({
        at: instant,
        byName: z.string(),
        outcome: z.enum(outcomes),
        note: z.string().optional(),
        nextDate: day.optional(),
      }),
    ),
  }),
  z.object({
    ...timelineBase,
    type: z.literal('survey'),
    scores: z.partialRecord(z.enum(surveyDimensions), z.number().int()),
    nps: z.number().int().optional(),
    low: z.boolean(),
    comment: z.string().optional(),
  }),
  z.object({
    ...timelineBase,
    type: z.literal('message'),
    kind: z.enum(messageKinds),
    channel: z.enum(messageChannels).optional(),
    status: z.enum(messageStatuses),
    dueAt: instant,
    sentAt: instant.optional(),
    reason: z.string().optional(),
  }),
  z.object({ ...timelineBase, type: z.literal('other') }),
]);

/** A record of an export section: the stored facts as kept (free-form: each section has its own fields). */
const exportRecord = z.record(z.string(), z.unknown()).meta({ description: '该部分的一条记录（字段随记录类型而定）' });
const sectionKeys = Object.keys(exportSections) as (keyof typeof exportSections)[];

/** GET /v1/me/export: everything held about the account's profiles, one list per section. */
export const myExportView = z.object({
  exportedAt: instant,
  explanations: z.object(
    Object.fromEntries(sectionKeys.map((k) => [k, z.string()])) as Record<keyof typeof exportSections, z.ZodString>,
  ),
  ...(Object.fromEntries(
    sectionKeys.map((k) => [k, z.array(exportRecord).meta({ description: exportSections[k] })]),
  ) as Record<keyof typeof exportSections, z.ZodArray<typeof exportRecord>>),
});

export const deletionResult = z.object({ patientId: z.string(), erasedAt: instant });

const mergeCounts = z.object({
  visits: z.number().int(),
  appointments: z.number().int(),
  tickets: z.number().int(),
  consents: z.number().int(),
  messages: z.number().int(),
  surveyAnswers: z.number().int(),
  followUps: z.number().int(),
});
const mergeSide = z.object({ patient: staffPatientView, counts: mergeCounts });

export const mergePreviewView = z.object({
  left: mergeSide,
  right: mergeSide,
  suggestedSurvivorId: z.string().meta({ description: '建议保留的档案（较早建立的）' }),
  attributionFromId: z.string(),
  conflicts: z.array(
    z.object({
      field: z.enum(['name', 'gender', 'birthDate', 'idCardNo']),
      left: z.string().optional(),
      right: z.string().optional(),
    }),
  ),
});

export const mergeResultView = z.object({
  survivorId: z.string(),
  mergedId: z.string(),
  moved: mergeCounts,
  survivor: staffPatientView,
});
