import type { DepartmentView, MeView } from '@shared/schemas/auth';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { listClinics, listDepartments } from '../services/booking';
import { ApiError } from '../services/request';

const DEPT_KEY = 'pl_staff_dept';

/** The departments of the staff member's clinic, and the one last chosen on this device. */
export function useDepartments(user: MeView) {
  const [clinicId, setClinicId] = useState(user.clinicId ?? '');
  const [depts, setDepts] = useState<DepartmentView[] | undefined>();
  const [deptId, setDeptIdState] = useState<string>(() => (Taro.getStorageSync(DEPT_KEY) as string) || '');
  const [problem, setProblem] = useState('');
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-runs the load on retry
  useEffect(() => {
    let live = true;
    (async () => {
      try {
        // An admin may have no clinic of their own: fall back to the first one.
        const cid = user.clinicId || (await listClinics()).items[0]?.id || '';
        if (!live) return;
        setClinicId(cid);
        if (!cid) return setDepts([]);
        const r = await listDepartments(cid);
        if (!live) return;
        setDepts(r.items);
        setProblem('');
        setDeptIdState((cur) => (r.items.some((d) => d.id === cur) ? cur : (r.items[0]?.id ?? '')));
      } catch (e) {
        if (live) setProblem(e instanceof ApiError ? e.message : '科室加载失败');
      }
    })();
    return () => {
      live = false;
    };
  }, [user.clinicId, attempt]);

  const setDeptId = (id: string) => {
    setDeptIdState(id);
    Taro.setStorageSync(DEPT_KEY, id);
  };

  return {
    clinicId,
    depts,
    deptId,
    dept: depts?.find((d) => d.id === deptId),
    setDeptId,
    problem,
    retry: () => setAttempt((n) => n + 1),
  };
}
