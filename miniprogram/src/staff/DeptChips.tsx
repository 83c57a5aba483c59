import type { DepartmentView } from '@shared/schemas/auth';
import { Text, View } from '@tarojs/components';

interface Props {
  idPrefix: string;
  depts: DepartmentView[] | undefined;
  value: string;
  problem?: string;
  onRetry?: () => void;
  onChange: (id: string) => void;
}

/** The department to work on, as big chips. */
export default function DeptChips({ idPrefix, depts, value, problem, onRetry, onChange }: Props) {
  if (problem) {
    return (
      <View className="banner banner-error">
        <Text className="banner-line">{problem}</Text>
        {onRetry ? (
          <Text className="link" onClick={onRetry}>
            点此重试
          </Text>
        ) : null}
      </View>
    );
  }
  if (!depts) return <Text className="muted">正在加载科室…</Text>;
  if (depts.length === 0) return <Text className="muted">本院还没有科室。</Text>;
  return (
    <View className="chips">
      {depts.map((d) => (
        <View
          key={d.id}
          id={`${idPrefix}-${d.id}`}
          className={`chip${d.id === value ? ' chip-on' : ''}`}
          onClick={() => onChange(d.id)}
        >
          <Text>{d.id === value ? `✓ ${d.name}` : d.name}</Text>
        </View>
      ))}
    </View>
  );
}
