import { putClinic, putDepartment } from '../../functions/clinics/clinic-repository';

export const TEST_CLINIC = 'c_test';

/** A clinic with one department, so staff logins have somewhere to belong. */
export async function ensureTestClinic(): Promise<void> {
  await putClinic({ id: TEST_CLINIC, name: '测试口腔门诊', city: '上海', address: '测试路 1 号' });
  await putDepartment({
    id: 'd_test_ortho',
    clinicId: TEST_CLINIC,
    name: '正畸科',
    prefix: 'A',
    room: '1',
    defaultServiceMinutes: 20,
  });
}
