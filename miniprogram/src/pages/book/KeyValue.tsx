import { Text, View } from '@tarojs/components';

/** One labelled line of a booking summary: 科室  正畸科. */
export default function KeyValue({ k, v, id }: { k: string; v: string; id?: string }) {
  return (
    <View className="kv" id={id}>
      <Text className="kv-key">{k}</Text>
      <Text className="kv-value">{v}</Text>
    </View>
  );
}
