import { Text } from '@tarojs/components';
import Chips from '../components/Chips';
import { Loaded } from '../components/Loaded';
import type { Departments } from './use-departments';

/** The department to work on, as big chips (with the kit's loading, error and empty states). */
export default function DeptChips({ idPrefix, d }: { idPrefix: string; d: Departments }) {
  return (
    <>
      <Text className="label">科室</Text>
      <Loaded
        state={d.state}
        id={`${idPrefix}-error`}
        empty={{ when: (x) => x.depts.length === 0, text: '本院还没有科室，请联系管理员添加。' }}
      >
        {(x) => (
          <Chips
            idPrefix={idPrefix}
            options={x.depts.map((dept) => ({ value: dept.id, label: dept.name }))}
            selected={d.deptId}
            onToggle={d.setDeptId}
          />
        )}
      </Loaded>
    </>
  );
}
