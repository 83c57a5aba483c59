import type { EducationItem } from '@shared/schemas/care';
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { education } from '../../services/care';

/** 候诊宣教 under the number while the patient waits; read once, and simply absent if it fails. */
export default function Education({ departmentId }: { departmentId: string }) {
  const [items, setItems] = useState<EducationItem[]>([]);
  useEffect(() => {
    education(departmentId).then(
      (e) => setItems(e.items),
      () => undefined,
    );
  }, [departmentId]);
  return items.length ? (
    <View id="ticket-education">
      <Text className="muted">候诊小知识</Text>
      {items.map((i) => (
        <View key={i.title} className="read-box">
          <Text className="line-strong">{i.title}</Text>
          {i.lines.map((l) => (
            <Text key={l} className="read-line">
              {l}
            </Text>
          ))}
        </View>
      ))}
    </View>
  ) : null;
}
