import * as z from 'zod';
import type { Category } from './common';
import { pageFields } from './common';
import type { FollowUpKind, FollowUpStatus, Outcome } from './follow-ups';
import type { MessageChannel, MessageKind, MessageStatus } from './messages';
import type { SurveyDimension } from './surveys';

/** GET /v1/patients/{patientId}/timeline?limit=&cursor= */
export const timelineQuery = z.strictObject(pageFields);
export type TimelineQuery = z.infer<typeof timelineQuery>;

interface TimelineBase {
  /** Unique within the patient's timeline: `${type}:${id}`. */
  key: string;
  /** When it happened (ISO 8601): the visit's recording, the task's creation, the message's due time, the answer. */
  at: string;
  clinicId: string;
}

export interface TimelineVisit extends TimelineBase {
  type: 'visit';
  visitId: string;
  date: string;
  departmentId: string;
  doctorName: string;
  category: Category;
  chargeFen: number;
  nextRevisitDate?: string;
}

export interface TimelineFollowUp extends TimelineBase {
  type: 'followup';
  taskId: string;
  kind: FollowUpKind;
  status: FollowUpStatus;
  dueDate: string;
  /** Each call's outcome: who, when, what, the note. */
  outcomes: { at: string; byName: string; outcome: Outcome; note?: string; nextDate?: string }[];
}

export interface TimelineSurvey extends TimelineBase {
  type: 'survey';
  scores: Partial<Record<SurveyDimension, number>>;
  nps?: number;
  low: boolean;
  comment?: string;
}

export interface TimelineMessage extends TimelineBase {
  type: 'message';
  kind: MessageKind;
  channel?: MessageChannel;
  status: MessageStatus;
  dueAt: string;
  sentAt?: string;
  /** Why it was skipped or failed, in Chinese. */
  reason?: string;
}

/** Something the timeline holds that this version does not know how to show (a newer kind of item). */
export interface TimelineOther extends TimelineBase {
  type: 'other';
}

/** One entry of a patient's timeline as staff see it: no phone number ever. */
export type TimelineItem = TimelineVisit | TimelineFollowUp | TimelineSurvey | TimelineMessage | TimelineOther;

export const timelineTypeLabels: Record<TimelineItem['type'], string> = {
  visit: '就诊',
  followup: '回访',
  survey: '满意度评价',
  message: '消息',
  other: '其他记录',
};
