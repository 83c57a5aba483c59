import { ConflictError } from '../../shared/errors';
import type { Category } from '../../shared/schemas/common';
import type { SurveyScores } from '../../shared/schemas/surveys';
import { tableName } from '../lib/db';
import { repointWrite } from '../lib/repoint';
import { getItem, partitionQuery, queryAll } from '../lib/store';
import { type Write, write } from '../lib/transact';
import { patientItemsIndex, timelineIndex } from '../patients/timeline-index';
import type { SurveyScope } from '../reports/satisfaction-counters';

/** A survey invitation: made with its visit, answered once by the patient it is for. */
export interface InvitationRecord {
  id: string;
  patientId: string;
  /** The account managing the patient when the visit was recorded: its open invitations are listed for it. */
  accountId?: string;
  clinicId: string;
  departmentId: string;
  doctorId?: string;
  doctorName?: string;
  visitId: string;
  visitDate: string;
  category: Category;
  /** Where the report counts it: the month of the visit's day. */
  scope: SurveyScope;
  /** When its message is due (ISO instant). */
  sendAt: string;
  /**
   * ISO instant (sendAt + SURVEY_INVITATION_DAYS). A string, so the table's TTL (epoch-second
   * numbers only) never deletes an invitation.
   */
  expiresAt: string;
  status: 'open' | 'answered';
  answeredAt?: string;
  answerId?: string;
  createdAt: string;
}

/** A stored answer: one per invitation, on the patient's timeline. */
export interface AnswerRecord {
  id: string;
  invitationId: string;
  patientId: string;
  clinicId: string;
  departmentId: string;
  doctorId?: string;
  visitId: string;
  month: string;
  scores: SurveyScores;
  nps: number;
  comment?: string;
  low: boolean;
  answeredAt: string;
}

const invitationKey = (id: string) => ({ pk: `SURVEY#${id}`, sk: 'INVITATION' });
const answerKey = (invitationId: string) => ({ pk: `SURVEY#${invitationId}`, sk: 'ANSWER' });
/** Open invitations sit in their account's byAccount partition under this prefix (sparse: open only). */
const ACCOUNT_SORT = 'SURVEY#';

/** The deterministic id of a visit's invitation: one per visit and plan row. */
export const invitationId = (visitId: string, daysAfter: number) => `sv_${visitId}_${daysAfter}`;
/** The answer's id: one answer per invitation. */
export const answerIdOf = (invitationId: string) => `sa_${invitationId.replace(/^sv_/, '')}`;

/** A new invitation, joining its visit's transaction. */
export function invitationWrite(inv: InvitationRecord): Write {
  return write(
    {
      Put: {
        TableName: tableName,
        Item: {
          ...invitationKey(inv.id),
          type: 'surveyInvitation',
          ...inv,
          ...(inv.accountId ? { accountSort: `${ACCOUNT_SORT}${inv.sendAt}#${inv.id}` } : {}),
          ...patientItemsIndex(inv.patientId, inv.createdAt, 'invitation', inv.id),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    () => new ConflictError('VISIT_EXISTS', '该号码的就诊已记录'),
  );
}

export async function getInvitation(id: string): Promise<InvitationRecord | undefined> {
  return getItem<InvitationRecord>(invitationKey(id), true);
}

export async function getAnswer(invitationId: string): Promise<AnswerRecord | undefined> {
  return getItem<AnswerRecord>(answerKey(invitationId), true);
}

/** The error of a second answer: refused kindly. */
export const answeredError = () => new ConflictError('SURVEY_ANSWERED', '您已提交过本次评价，感谢您的反馈');

/**
 * The invitation turns answered, only from open: of two submits at once, one transaction wins and
 * the other is refused (with its answer, complaint and counters, nothing of it is written).
 */
export function answeredWrite(inv: InvitationRecord, answerId: string, at: string): Write {
  return write(
    {
      Update: {
        TableName: tableName,
        Key: invitationKey(inv.id),
        UpdateExpression: 'SET #s = :answered, answeredAt = :at, answerId = :a REMOVE accountSort',
        ConditionExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':answered': 'answered', ':open': 'open', ':at': at, ':a': answerId },
      },
    },
    answeredError,
  );
}

/** The answer item, on the patient's timeline. */
export function answerWrite(a: AnswerRecord): Write {
  return write(
    {
      Put: {
        TableName: tableName,
        Item: {
          ...answerKey(a.invitationId),
          type: 'surveyAnswer',
          ...a,
          ...timelineIndex(a.patientId, a.answeredAt, 'survey', a.id),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    answeredError,
  );
}

/** The open invitations of an account's patients (tens at most: each expires in 30 days). */
export async function openInvitationsOfAccount(accountId: string): Promise<InvitationRecord[]> {
  return queryAll<InvitationRecord>(
    partitionQuery('byAccount', 'accountId', accountId, { sortPrefix: { name: 'accountSort', prefix: ACCOUNT_SORT } }),
    100,
  );
}

/** Deletion (issue 10): the invitation stays (the report counted it) but leaves its account's list. */
export function invitationErasedWrite(inv: InvitationRecord): Write {
  return write({
    Update: {
      TableName: tableName,
      Key: invitationKey(inv.id),
      UpdateExpression: 'REMOVE accountId, accountSort',
      ConditionExpression: 'attribute_exists(pk)',
    },
  });
}

/** Deletion (issue 10): the answer keeps its scores (the report counted them), not the free-text comment. */
export function answerErasedWrite(a: AnswerRecord): Write {
  return write({
    Update: {
      TableName: tableName,
      Key: answerKey(a.invitationId),
      UpdateExpression: 'REMOVE #c',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#c': 'comment' },
    },
  });
}

/** A merge hands an invitation to the surviving record (an open one also to its account, if it had none). */
export function invitationMovedWrite(inv: InvitationRecord, toId: string, accountId?: string): Write {
  return repointWrite(invitationKey(inv.id), inv.patientId, toId, {
    ...patientItemsIndex(toId, inv.createdAt, 'invitation', inv.id),
    ...(accountId && !inv.accountId ? { accountId } : {}),
    ...(accountId && !inv.accountId && inv.status === 'open'
      ? { accountSort: `${ACCOUNT_SORT}${inv.sendAt}#${inv.id}` }
      : {}),
  });
}

/** A merge puts an answer on the surviving record's timeline. */
export function answerMovedWrite(a: AnswerRecord, toId: string): Write {
  return repointWrite(answerKey(a.invitationId), a.patientId, toId, timelineIndex(toId, a.answeredAt, 'survey', a.id));
}
