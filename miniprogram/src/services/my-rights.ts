import { routes } from '@shared/routes';
import type { DeletionResult, MyExport } from '@shared/schemas/rights';
import { call } from './request';

// The patient's rights (我的 → 导出我的信息, 删除就诊人): used only by the `me` subpackage.

/** Everything held about my profiles, as one document. */
export function myExport(): Promise<MyExport> {
  return call(routes.myExport);
}

/** Deletes one of my profiles: personal data erased, what the hospital must keep stays anonymous. */
export function deleteMyPatient(patientId: string): Promise<DeletionResult> {
  return call(routes.deleteMyPatient, { params: { patientId } });
}
