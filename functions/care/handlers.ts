import { routes } from '../../shared/routes';
import {
  careInstructionsQuery,
  educationQuery,
  updateCareInstructionsInput,
  updateEducationInput,
} from '../../shared/schemas/care';
import { endpoint } from '../lib/http';
import { pageOfList } from '../lib/paging';
import * as care from './care-service';

/** Care instructions (术后须知) per visit category and education items (候诊宣教) per department. */
export const handlers = {
  careInstructions: endpoint(routes.careInstructions, {
    query: careInstructionsQuery,
    run: async ({ ctx, query }) =>
      pageOfList('careInstructions', await care.careInstructions(ctx, query.clinicId), query),
  }),
  updateCareInstructions: endpoint(routes.updateCareInstructions, {
    body: updateCareInstructionsInput,
    run: ({ ctx, params, body }) => care.updateCareInstructions(ctx, params.category, body),
  }),
  education: endpoint(routes.education, {
    query: educationQuery,
    run: async ({ ctx, query }) => pageOfList('education', await care.education(ctx, query.departmentId), query),
  }),
  updateEducation: endpoint(routes.updateEducation, {
    body: updateEducationInput,
    run: ({ ctx, params, body }) => care.updateEducation(ctx, params.departmentId, body),
  }),
};
