import type { SlotView } from '@shared/schemas/visit-day';
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { Loaded } from '../../components/Loaded';
import { useLoad } from '../../hooks/use-load';
import { listSlots } from '../../services/booking';
import { longDate, timeRange } from '../../utils/days';

interface Props {
  departmentId: string;
  date: string;
  /** Bumped by the page when a booking was refused because the slots changed. */
  version: number;
  onPick: (slot: SlotView) => void;
  /** A note under the title (a patient still to choose). */
  children?: ReactNode;
}

function noteOf(s: SlotView): string {
  if (s.closed) return '已停诊';
  if (s.started) return '已开始';
  if (s.remaining <= 0) return '已满';
  return `剩余 ${s.remaining}`;
}

/** A day's slots of a department; the page mounts a fresh list for each department and date. */
export default function SlotList({ departmentId, date, version, onPick, children }: Props) {
  const state = useLoad(
    async () =>
      (await listSlots(departmentId, date)).items.slice().sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
    [departmentId, date, version],
  );
  return (
    <View id="book-slots">
      <Text className="section-title">5. 选择时段（{longDate(date)}）</Text>
      {children}
      <Loaded
        state={state}
        id="book-slots-error"
        empty={{ when: (slots) => slots.length === 0, text: '这一天暂无可预约的号源，请换一天看看。' }}
      >
        {(slots) =>
          slots.map((s) => {
            const off = s.closed || s.started || s.remaining <= 0;
            return (
              <View
                key={s.id}
                id={`slot-${s.id}`}
                className={`slot${off ? ' slot-off' : ''}`}
                onClick={() => (off ? undefined : onPick(s))}
              >
                <View>
                  <Text className="slot-time">{timeRange(s.startsAt, s.endsAt)}</Text>
                  {s.doctorName ? <Text className="muted"> {s.doctorName}</Text> : null}
                </View>
                <Text className="slot-left">{noteOf(s)}</Text>
              </View>
            );
          })
        }
      </Loaded>
    </View>
  );
}
