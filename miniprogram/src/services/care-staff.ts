import { routes } from '@shared/routes';
import type { CareInstructionsView, EducationItem, EducationView } from '@shared/schemas/care';
import type { Category } from '@shared/schemas/common';
import { call } from './request';

/** Managers: every category's care instructions (术后须知) of their clinic. */
export function careInstructions(): Promise<{ clinicId: string; items: CareInstructionsView[] }> {
  return call(routes.careInstructions);
}

export function saveCareInstructions(
  category: Category,
  text: { title: string; lines: string[] },
): Promise<CareInstructionsView> {
  return call(routes.updateCareInstructions, { params: { category }, body: text });
}

/** Managers: a department's education items (候诊宣教), drafts included. */
export function saveEducation(departmentId: string, items: EducationItem[]): Promise<EducationView> {
  return call(routes.updateEducation, { params: { departmentId }, body: { items } });
}
