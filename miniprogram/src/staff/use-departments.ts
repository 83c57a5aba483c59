import type { DepartmentView, MeView } from '@shared/schemas/auth';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { type LoadState, useLoad } from '../hooks/use-load';
import { listClinics, listDepartments } from '../services/booking';

const DEPT_KEY = 'pl_staff_dept';

export interface ClinicDepartments {
  clinicId: string;
  depts: DepartmentView[];
}

/** The departments of the staff member's clinic, and the one last chosen on this device. */
export function useDepartments(user: MeView) {
  const [chosen, setChosen] = useState<string>(() => (Taro.getStorageSync(DEPT_KEY) as string) || '');
  const state: LoadState<ClinicDepartments> = useLoad(
    async () => {
      // An admin may have no clinic of their own: fall back to the first one.
      const clinicId = user.clinicId || (await listClinics()).items[0]?.id || '';
      return { clinicId, depts: clinicId ? (await listDepartments(clinicId)).items : [] };
    },
    [user.clinicId],
    false,
  );
  const depts = state.data?.depts;
  // The department chosen on this device, or the first one when that is not (or no longer) there.
  const dept = depts?.find((d) => d.id === chosen) ?? depts?.[0];

  const setDeptId = (id: string) => {
    setChosen(id);
    Taro.setStorageSync(DEPT_KEY, id);
  };

  return { state, clinicId: state.data?.clinicId ?? user.clinicId ?? '', dept, deptId: dept?.id ?? '', setDeptId };
}

export type Departments = ReturnType<typeof useDepartments>;
