import type { Target } from '../../shared/schemas/campaigns';
import { partitionQuery, putItem, queryAll } from '../lib/store';

const targetPk = (clinicId: string, month: string) => `TARGET#${clinicId}#${month}`;

export async function putTarget(
  clinicId: string,
  month: string,
  staffId: string,
  t: Target,
  by: string,
): Promise<void> {
  await putItem({
    pk: targetPk(clinicId, month),
    sk: staffId,
    type: 'target',
    clinicId,
    month,
    staffId,
    ...t,
    setBy: by,
  });
}

/** Every marketer's target of a clinic's month (one Query). */
export async function targetsOf(clinicId: string, month: string): Promise<Map<string, Target>> {
  const items = await queryAll<Target & { staffId: string }>(
    partitionQuery(undefined, 'pk', targetPk(clinicId, month)),
  );
  return new Map(items.map((i) => [i.staffId, { revenueFen: Number(i.revenueFen), arrivals: Number(i.arrivals) }]));
}
