import { AppError, NotFoundError } from '../../shared/errors';
import { actsIn, hasRole, managers } from '../../shared/roles';
import type {
  CareInstructionsView,
  EducationView,
  UpdateCareInstructionsInput,
  UpdateEducationInput,
} from '../../shared/schemas/care';
import { type Category, categories } from '../../shared/schemas/common';
import { getDepartment } from '../clinics/clinic-repository';
import type { Ctx, PublicCtx } from '../lib/context';
import { actorOf, clinicActedIn } from '../staff/acting';
import { settingsAuditWrite } from '../staff/settings-audit-repository';
import { defaultCareInstructions, defaultEducation, educationTopic } from './care-defaults';
import * as repo from './care-repository';

function careView(category: Category, stored: repo.StoredCare | undefined): CareInstructionsView {
  const text = stored ?? defaultCareInstructions[category];
  return {
    category,
    title: text.title,
    lines: text.lines,
    isDefault: !stored,
    ...(stored ? { updatedAt: stored.updatedAt } : {}),
  };
}

/**
 * Care instructions by clinic and category for a list of visits: each clinic's edits are read once
 * (one Query for all its categories), however many visits of it the list holds.
 */
export function careLookup(): (clinicId: string, category: Category) => Promise<{ title: string; lines: string[] }> {
  const read = new Map<string, Promise<Map<Category, repo.StoredCare>>>();
  return async (clinicId, category) => {
    let edits = read.get(clinicId);
    if (!edits) {
      edits = repo.clinicCare(clinicId).then((all) => new Map(all.map((s) => [s.category, s])));
      read.set(clinicId, edits);
    }
    const { title, lines } = careView(category, (await edits).get(category));
    return { title, lines };
  };
}

/** Every category's care instructions of a clinic, for its managers. */
export async function careInstructions(ctx: Ctx, asked?: string) {
  const clinicId = clinicActedIn(ctx.caller, asked, '只能查看本院的术后须知与宣教');
  const stored = new Map((await repo.clinicCare(clinicId)).map((s) => [s.category, s]));
  return { clinicId, items: categories.map((c) => careView(c, stored.get(c))) };
}

/** A manager changes one category's text of their clinic; audited in the same write. */
export async function updateCareInstructions(
  ctx: Ctx,
  categoryParam: string,
  input: UpdateCareInstructionsInput,
): Promise<CareInstructionsView> {
  const category = categories.find((c) => c === categoryParam);
  if (!category) throw new AppError('NOT_FOUND', '没有这种就诊类别', { category: categoryParam });
  const clinicId = clinicActedIn(ctx.caller, input.clinicId, '只能修改本院的术后须知与宣教');
  const at = ctx.now.toISOString();
  const actor = actorOf(ctx.caller);
  const stored = { category, title: input.title, lines: input.lines, updatedAt: at, updatedBy: actor };
  await repo.saveCare(clinicId, stored, audit(clinicId, `care#${category}`, ['title', 'lines'], ctx, at));
  return careView(category, stored);
}

function audit(clinicId: string, subject: string, fields: string[], ctx: Ctx, at: string) {
  const actorStaffId = actorOf(ctx.caller);
  return settingsAuditWrite(
    { clinicId, subject, action: 'update', actorStaffId, requestId: ctx.requestId, fields },
    at,
  );
}

async function departmentOf(departmentId: string) {
  const dept = await getDepartment(departmentId);
  if (!dept) throw new NotFoundError('department', { departmentId });
  return dept;
}

/**
 * A department's education items. The public (the ticket page, the waiting-room screen) gets the
 * published ones; a manager of the department's clinic gets every item, to edit.
 */
export async function education(ctx: PublicCtx, departmentId: string): Promise<EducationView> {
  const [dept, stored] = await Promise.all([departmentOf(departmentId), repo.educationOf(departmentId)]);
  const editor = ctx.caller !== undefined && hasRole(ctx.caller, managers) && actsIn(ctx.caller, dept.clinicId);
  const items = stored?.items ?? defaultEducation[educationTopic(dept.name)];
  return {
    departmentId,
    departmentName: dept.name,
    items: editor ? items : items.filter((i) => i.published),
    isDefault: !stored,
    ...(stored ? { updatedAt: stored.updatedAt } : {}),
  };
}

/** A manager of the department's clinic replaces its education items; audited in the same write. */
export async function updateEducation(
  ctx: Ctx,
  departmentId: string,
  input: UpdateEducationInput,
): Promise<EducationView> {
  const dept = await departmentOf(departmentId);
  // Another clinic's department answers like a missing one (clinic isolation).
  if (!actsIn(ctx.caller, dept.clinicId)) throw new NotFoundError('department', { departmentId });
  const { items } = input;
  const at = ctx.now.toISOString();
  await repo.saveEducation(
    { departmentId, clinicId: dept.clinicId, items, updatedAt: at, updatedBy: actorOf(ctx.caller) },
    audit(dept.clinicId, `education#${departmentId}`, ['items'], ctx, at),
  );
  return { departmentId, departmentName: dept.name, items, isDefault: false, updatedAt: at };
}
