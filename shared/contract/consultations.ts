import * as z from 'zod';
import {
  consultationAssignInput,
  consultationInput,
  consultationMessageInput,
  consultationPhotoInput,
  consultationPhotoView,
  consultationReplyInput,
  consultationsQuery,
  consultationThread,
  consultationView,
  myConsultationsQuery,
} from '../schemas/consultations';
import type { Contracts } from './types';

const listResultOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });
const photoId = z.object({ photoId: z.string() });
const written = ['CONSULTATION_CLOSED', 'CONTENT_REJECTED', 'CONTENT_CHECK_UNAVAILABLE'] as const;

/** Online consultation (在线咨询, issue 11). */
export const consultationsContract = {
  createConsultation: {
    summary: '患者就某位就诊人向门诊发起咨询（需已同意健康信息授权）',
    body: consultationInput,
    response: consultationThread,
    errors: ['CONSENT_REQUIRED', 'CONTENT_REJECTED', 'CONTENT_CHECK_UNAVAILABLE', 'IDEMPOTENCY_KEY_REUSED'],
  },
  uploadConsultationPhoto: {
    summary: '上传咨询照片（JPG/PNG，先上传再随消息发送）',
    body: consultationPhotoInput,
    response: photoId,
    errors: ['PAYLOAD_TOO_LARGE', 'IDEMPOTENCY_KEY_REUSED'],
  },
  listMyConsultations: {
    summary: '我的咨询（本账号的就诊人），最近的在前',
    query: myConsultationsQuery,
    response: listResultOf(consultationView),
  },
  getMyConsultation: { summary: '我的一条咨询及全部消息', response: consultationThread },
  addConsultationMessage: {
    summary: '在我的咨询中追问（已回复的咨询回到待回复）',
    body: consultationMessageInput,
    response: consultationThread,
    errors: [...written, 'CONSENT_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'],
  },
  consultationPhoto: {
    summary: '咨询中的一张照片（base64，仅本账号与该门诊的咨询人员可看）',
    response: consultationPhotoView,
  },
  listConsultations: {
    summary: '门诊的咨询列表，按状态筛选（默认待回复，等待最久的在前）',
    query: consultationsQuery,
    response: listResultOf(consultationView),
  },
  getConsultation: { summary: '一条咨询及全部消息（查看会记入审计）', response: consultationThread },
  replyConsultation: {
    summary: '回复咨询（患者会收到订阅消息或短信提醒）',
    body: consultationReplyInput,
    response: consultationThread,
    errors: [...written, 'IDEMPOTENCY_KEY_REUSED'],
  },
  assignConsultation: {
    summary: '把咨询转给本门诊的一位医生',
    body: consultationAssignInput,
    response: consultationThread,
    errors: ['CONSULTATION_CLOSED'],
  },
  closeConsultation: {
    summary: '结束咨询',
    response: consultationThread,
    errors: ['CONSULTATION_CLOSED'],
  },
} satisfies Contracts;
