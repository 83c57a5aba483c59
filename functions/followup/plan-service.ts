import { AppError } from '../../shared/errors';
import { categories } from '../../shared/schemas/common';
import type { FollowUpPlanView, UpdatePlanInput } from '../../shared/schemas/follow-ups';
import type { Ctx } from '../lib/context';
import { centreAuditWrite } from '../messaging/centre-audit-repository';
import { actorOf } from '../messaging/centre-scope';
import { clinicPlans, type PlanSetting, planFor, savePlan } from './plan-repository';
import { followUpClinic } from './scope';

const view = (clinicId: string, p: PlanSetting): FollowUpPlanView => ({
  category: p.category,
  clinicId,
  rows: p.rows,
  isDefault: p.isDefault,
});

/** A clinic's follow-up plan, category by category (defaults where the clinic changed nothing). */
export async function followUpPlans(ctx: Ctx, asked?: string): Promise<{ items: FollowUpPlanView[] }> {
  const clinicId = followUpClinic(ctx.caller, asked);
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
  const clinicId = followUpClinic(ctx.caller, input.clinicId, '修改');
  const at = ctx.now.toISOString();
  const actor = actorOf(ctx.caller);
  const rows = [...input.rows].sort((a, b) => a.daysAfter - b.daysAfter);
  await savePlan(
    clinicId,
    c,
    rows,
    { staffId: actor, at },
    centreAuditWrite(
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
