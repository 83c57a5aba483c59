import { AppError } from '../../shared/errors';
import { categories } from '../../shared/schemas/common';
import type { FollowUpPlanView, UpdatePlanInput } from '../../shared/schemas/follow-ups';
import type { Ctx } from '../lib/context';
import { actorOf, clinicActedIn } from '../staff/acting';
import { settingsAuditWrite } from '../staff/settings-audit-repository';
import { clinicPlans, type PlanSetting, planFor, savePlan } from './plan-repository';

const view = (clinicId: string, p: PlanSetting): FollowUpPlanView => ({
  category: p.category,
  clinicId,
  rows: p.rows,
  isDefault: p.isDefault,
});

/** A clinic's follow-up plan, category by category (defaults where the clinic changed nothing). */
export async function followUpPlans(ctx: Ctx, asked?: string): Promise<{ items: FollowUpPlanView[] }> {
  const clinicId = clinicActedIn(ctx.caller, asked, '只能查看本院的回访');
  return { items: (await clinicPlans(clinicId)).map((p) => view(clinicId, p)) };
}

/** A manager replaces a category's rows for their clinic; audited in the clinic's settings trail. */
export async function updateFollowUpPlan(
  ctx: Ctx,
  categoryParam: string,
  input: UpdatePlanInput,
): Promise<FollowUpPlanView> {
  const c = categories.find((x) => x === categoryParam);
  if (!c) throw new AppError('NOT_FOUND', '没有这种就诊类别', { category: categoryParam, known: categories });
  const clinicId = clinicActedIn(ctx.caller, input.clinicId, '只能修改本院的回访');
  const at = ctx.now.toISOString();
  const actor = actorOf(ctx.caller);
  const rows = [...input.rows].sort((a, b) => a.daysAfter - b.daysAfter);
  await savePlan(
    clinicId,
    c,
    rows,
    { staffId: actor, at },
    settingsAuditWrite(
      {
        clinicId,
        subject: `followup-plan#${c}`,
        action: 'update',
        actorStaffId: actor,
        requestId: ctx.requestId,
        fields: ['rows'],
      },
      at,
    ),
  );
  return view(clinicId, await planFor(clinicId, c));
}
