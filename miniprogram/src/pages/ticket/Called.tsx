import { Text, View } from '@tarojs/components';
import { roomText } from '../../utils/days';

/** 轮到您了: big, bright and moving, for a patient looking up from across the waiting room. */
export default function Called({ room }: { room?: string }) {
  return (
    <View className="called-banner" id="ticket-called-banner">
      <Text className="called-title">轮到您了</Text>
      <Text className="called-room">{room?.trim() ? `请到 ${roomText(room)}就诊` : '请到诊室就诊'}</Text>
    </View>
  );
}
