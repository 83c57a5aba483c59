import { routes } from '@shared/routes';
import type { EducationView } from '@shared/schemas/care';
import { call } from './request';

/** A department's published education items (候诊宣教): the ticket page and the waiting-room screen. */
export function education(departmentId: string): Promise<EducationView> {
  return call(routes.education, { query: { departmentId } });
}
