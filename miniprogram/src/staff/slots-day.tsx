import type { SlotView } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import DateField from '../components/DateField';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../hooks/use-load';
import { closeSlot, listSlots } from '../services/booking';
import { messageOf } from '../services/request';
import { addDays, longDate, timeRange } from '../utils/days';
import { confirmDanger } from '../utils/dialogs';

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

/** What closing a slot means, said before it happens. */
function closingQuestion(s: SlotView): string {
  return s.booked > 0
    ? `该时段已有 ${s.booked} 位患者预约，停诊后请前台逐一通知。确定停诊？`
    : '该时段还没有患者预约，停诊后将不能再预约。确定停诊？';
}

/** One slot of the day: its time, how full it is, and 停诊 while it is open and ahead. */
function SlotRow({ s, closing, onClose }: { s: SlotView; closing: boolean; onClose: () => void }) {
  return (
    <View className="q-row" id={`day-slot-${s.id}`}>
      <Text className="q-row-name">
        {timeRange(s.startsAt, s.endsAt)} {s.doctorName ?? ''}
      </Text>
      <Text className="muted slot-count">
        已约 {s.booked}/{s.capacity}
      </Text>
      {s.closed ? (
        <Text className="status status-cancelled">已停诊</Text>
      ) : (
        <Button
          id={`close-${s.id}`}
          className="btn btn-danger btn-small"
          disabled={closing || s.started || undefined}
          onClick={onClose}
        >
          {closing ? '正在停诊…' : '停诊'}
        </Button>
      )}
    </View>
  );
}

/** A department's slots on one day, where a manager closes one (停诊) after saying who is booked. */
export function DaySlots({ deptId, today, opened }: { deptId: string; today: string; opened: number }) {
  const [day, setDay] = useState(today);
  const [closing, setClosing] = useState('');
  const [done, setDone] = useState('');
  const [problem, setProblem] = useState('');
  const slots = useLoad(
    async () => ({
      key: `${deptId}|${day}`,
      items:
        deptId && isDate(day)
          ? (await listSlots(deptId, day)).items.slice().sort((a, b) => a.startsAt.localeCompare(b.startsAt))
          : [],
    }),
    // `opened` counts the patterns opened above: the day may have new slots.
    [deptId, day, opened],
  );
  const shown = slots.data?.key === `${deptId}|${day}` ? slots.data : undefined;

  const close = async (s: SlotView) => {
    if (closing) return;
    setDone('');
    setProblem('');
    const sure = await confirmDanger({
      title: '确认停诊',
      content: closingQuestion(s),
      confirmText: '停诊',
      cancelText: '取消',
    });
    if (!sure) return;
    setClosing(s.id);
    try {
      await closeSlot(s.id);
      const time = `${longDate(s.date)} ${timeRange(s.startsAt, s.endsAt)}`;
      setDone(
        s.booked > 0
          ? `已停诊 ${time}。已预约的 ${s.booked} 位患者仍在前台的预约名单上，标有“停诊”，请逐一通知。`
          : `已停诊 ${time}。`,
      );
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setClosing('');
      void slots.reload();
    }
  };

  return (
    <View id="day-slots">
      <DateField
        id="field-day"
        label="日期"
        placeholder={today}
        start={addDays(today, -30)}
        end={addDays(today, 365)}
        value={day}
        error={isDate(day) ? undefined : '请按“2025-01-31”的样子填写日期'}
        onChange={(v) => {
          setDay(v.trim());
          setDone('');
        }}
      />
      <Banner id="close-error" text={problem} />
      <Banner id="close-done" kind="info" text={done} />
      {isDate(day) ? (
        <Loaded
          state={{ ...slots, data: shown }}
          id="day-slots-error"
          empty={{ when: (x) => x.items.length === 0, text: `${longDate(day)} 没有号源` }}
        >
          {(x) => (
            <View>
              {x.items.map((s) => (
                <SlotRow key={s.id} s={s} closing={closing === s.id} onClose={() => void close(s)} />
              ))}
            </View>
          )}
        </Loaded>
      ) : null}
    </View>
  );
}
