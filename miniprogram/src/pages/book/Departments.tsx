import type { DepartmentView } from '@shared/schemas/auth';
import { Text, View } from '@tarojs/components';
import { useEffect } from 'react';
import Chips from '../../components/Chips';
import { Loaded } from '../../components/Loaded';
import { useLoad } from '../../hooks/use-load';
import { listDepartments } from '../../services/booking';

interface Props {
  clinicId: string;
  selected: string;
  onPick: (dept: DepartmentView) => void;
}

/** A clinic's departments; a clinic with one department has it chosen already. */
export default function Departments({ clinicId, selected, onPick }: Props) {
  const state = useLoad(async () => (await listDepartments(clinicId)).items, [clinicId]);
  const only = state.data?.length === 1 ? state.data[0] : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: choose once, when the list arrives
  useEffect(() => {
    if (only && !selected) onPick(only);
  }, [only?.id]);
  return (
    <View>
      <Text className="section-title">3. 选择科室</Text>
      <Loaded
        state={state}
        id="book-depts-error"
        empty={{ when: (d) => d.length === 0, text: '这家医院暂未开放在线预约的科室，请致电前台预约。' }}
      >
        {(depts) => (
          <Chips
            idPrefix="book-dept"
            options={depts.map((d) => ({ value: d.id, label: d.name }))}
            selected={selected}
            onToggle={(id) => {
              const d = depts.find((x) => x.id === id);
              if (d) onPick(d);
            }}
          />
        )}
      </Loaded>
    </View>
  );
}
