import * as z from 'zod';
import { pageQuery } from '../schemas/common';
import { mergePatientsInput, mergePreviewQuery } from '../schemas/merge';
import { recordOptOutInput } from '../schemas/messages';
import {
  createPatientInput,
  duplicatesInput,
  patientSearchQuery,
  staffCreatePatientInput,
  staffUpdatePatientInput,
  updateConsentsInput,
  updatePatientInput,
} from '../schemas/patient';
import { recordDeletionInput } from '../schemas/rights';
import { timelineQuery } from '../schemas/timeline';
import type { Contracts } from './types';
import { page } from './views/common';
import {
  auditEventView,
  deletionResult,
  duplicateMatch,
  mergePreviewView,
  mergeResultView,
  myExportView,
  myPatientAnswer,
  patientSearchItem,
  patientView,
  staffPatientView,
  timelineItem,
} from './views/patients';

const writes = ['CONFLICT', 'RATE_LIMITED'] as const;

/** Patient records: the patient's own profiles and rights, staff entry, search, timeline, audit, merge. */
export const patientsContract = {
  createMyPatient: {
    summary: '患者登记就诊人（本人或家人）；认领员工已录入的档案时返回 200',
    body: createPatientInput,
    response: myPatientAnswer,
    success: [201, 200],
    errors: [
      'DUPLICATE_PHONE',
      'PHONE_NOT_VERIFIED',
      'GUARDIAN_CONSENT_REQUIRED',
      'HEALTH_CONSENT_REQUIRED',
      ...writes,
    ],
  },
  listMyPatients: { summary: '我的就诊人', query: pageQuery, response: page(patientView) },
  updateMyPatient: {
    summary: '修改我的就诊人资料',
    body: updatePatientInput,
    response: patientView,
    errors: ['GUARDIAN_CONSENT_REQUIRED', 'HEALTH_CONSENT_REQUIRED', ...writes],
  },
  updateConsents: {
    summary: '给予或撤回授权（健康信息、营销消息、监护人同意）',
    body: updateConsentsInput,
    response: patientView,
    errors: ['GUARDIAN_CONSENT_REQUIRED', 'HEALTH_CONSENT_REQUIRED', ...writes],
  },
  staffCreatePatient: {
    summary: '员工建档（录入线索），录入人为归属人',
    body: staffCreatePatientInput,
    response: staffPatientView,
    errors: ['DUPLICATE_PHONE', 'GUARDIAN_CONSENT_REQUIRED', 'HEALTH_CONSENT_REQUIRED', ...writes],
  },
  searchPatients: {
    summary: '按手机号或姓名查找患者',
    query: patientSearchQuery,
    response: page(patientSearchItem),
  },
  findDuplicates: {
    summary: '查重：保存前看看谁的姓名或手机号相同',
    body: duplicatesInput,
    response: z.object({ items: z.array(duplicateMatch) }),
  },
  getPatient: { summary: '查看患者档案（记入审计）', response: staffPatientView },
  patientTimeline: {
    summary: '患者时间线：就诊、回访、评价、消息，最新在前',
    query: timelineQuery,
    response: page(timelineItem),
  },
  staffUpdatePatient: {
    summary: '员工修改档案（标签如 VIP、联系方式）',
    body: staffUpdatePatientInput,
    response: staffPatientView,
    errors: [...writes],
  },
  patientAudit: { summary: '档案的审计记录，最新在前', query: pageQuery, response: page(auditEventView) },
  myLeads: { summary: '我录入的线索', query: pageQuery, response: page(staffPatientView) },
  myExport: { summary: '导出我的全部个人信息', response: myExportView },
  deleteMyPatient: { summary: '患者删除自己的就诊人档案', response: deletionResult, errors: [...writes] },
  recordDeletion: {
    summary: '员工登记患者的删除请求并执行删除',
    body: recordDeletionInput,
    response: deletionResult,
    errors: [...writes],
  },
  recordOptOut: {
    summary: '登记患者退订营销消息（或恢复）',
    body: recordOptOutInput,
    response: staffPatientView,
    errors: [...writes],
  },
  mergePreview: { summary: '合并预览：两份档案并排对比', query: mergePreviewQuery, response: mergePreviewView },
  mergePatients: {
    summary: '合并同一人的两份档案',
    body: mergePatientsInput,
    response: mergeResultView,
    errors: [...writes],
  },
} satisfies Contracts;
