import type { DepartmentView } from '@shared/schemas/auth';
import type { BoardView } from '@shared/schemas/visit-day';
import { Text, View } from '@tarojs/components';
import { roomText } from '../utils/days';

/** One department's panel as last read: the board, whether that read failed, until when it flashes. */
export interface Panel {
  dept: DepartmentView;
  board?: BoardView;
  stale: boolean;
  flashUntil: number;
}

/** A department's column: the number called now and where to go, then who should get ready. */
export function Board({ p, now }: { p: Panel; now: number }) {
  const b = p.board;
  const id = p.dept.id;
  return (
    <View className={`board${p.flashUntil > now ? ' board-flash' : ''}`} id={`board-${id}`}>
      <Text className="board-dept">{b?.departmentName ?? p.dept.name}</Text>
      <Text className="board-label">正在就诊</Text>
      <View className="board-now" id={`board-now-${id}`}>
        {b?.nowServing ? (
          <View>
            <Text className="board-number">{b.nowServing.displayNumber}</Text>
            <Text className="board-name">{b.nowServing.maskedName}</Text>
            <Text className="board-room">请到 {roomText(b.nowServing.room)}</Text>
          </View>
        ) : (
          <Text className="board-idle">{b ? '暂无' : '正在连接…'}</Text>
        )}
      </View>
      <Text className="board-label">请下列患者准备</Text>
      <View className="board-next" id={`board-next-${id}`}>
        {b?.next.slice(0, 5).map((e) => (
          <View className="board-next-row" key={e.displayNumber}>
            <Text className="board-next-number">{e.displayNumber}</Text>
            <Text className="board-next-name">{e.maskedName}</Text>
          </View>
        ))}
        {b && b.next.length === 0 ? <Text className="board-label">暂无候诊</Text> : null}
      </View>
      <Text className={`board-foot${p.stale ? ' board-stale' : ''}`}>
        {p.stale ? '网络不稳定，显示的是上次的信息' : b ? `候诊 ${b.waiting} 人` : ''}
      </Text>
    </View>
  );
}
