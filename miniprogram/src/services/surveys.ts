import { routes } from '@shared/routes';
import type { AnswerSurveyInput, SurveyInvitationView } from '@shared/schemas/surveys';
import { call } from './request';

/** The open invitations of my account's profiles. */
export function mySurveys(): Promise<{ items: SurveyInvitationView[] }> {
  return call(routes.mySurveys);
}

export function mySurvey(invitationId: string): Promise<SurveyInvitationView> {
  return call(routes.mySurvey, { params: { invitationId } });
}

/** The one answer of an invitation; a retry of the same answer reuses its Idempotency-Key. */
export function answerSurvey(
  invitationId: string,
  input: AnswerSurveyInput,
): Promise<{ id: string; invitationId: string; low: boolean; answeredAt: string }> {
  return call(routes.answerSurvey, { params: { invitationId }, body: input });
}
