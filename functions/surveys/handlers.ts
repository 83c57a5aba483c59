import { routes } from '../../shared/routes';
import { pageQuery } from '../../shared/schemas/common';
import { answerSurveyInput, setServiceLeadInput } from '../../shared/schemas/surveys';
import { creating, endpoint } from '../lib/http';
import { pageOfList } from '../lib/paging';
import { setServiceLead } from './service-lead-service';
import { answerSurvey, mySurvey, mySurveys } from './survey-service';

export const handlers = {
  mySurveys: endpoint(routes.mySurveys, {
    query: pageQuery,
    run: async ({ ctx, query }) => pageOfList('mySurveys', await mySurveys(ctx), query),
  }),
  mySurvey: endpoint(routes.mySurvey, {
    run: ({ ctx, params }) => mySurvey(ctx, params.invitationId),
  }),
  answerSurvey: creating(routes.answerSurvey, {
    body: answerSurveyInput,
    keyInTransaction: true,
    run: ({ ctx, params, body }) => answerSurvey(ctx, params.invitationId, body),
  }),
  setServiceLead: endpoint(routes.setServiceLead, {
    body: setServiceLeadInput,
    run: ({ ctx, params, body }) => setServiceLead(ctx, params.clinicId, body),
  }),
};
