import type { MeView } from '@shared/schemas/auth';
import { callNextInput, type StaffTicketView, type TicketView } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Banner } from '../components/Banner';
import FormField from '../components/FormField';
import { Loaded } from '../components/Loaded';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { usePolling } from '../hooks/use-polling';
import { useZodForm } from '../hooks/use-zod-form';
import { callNext, queueTickets, type TicketAction, ticketAction } from '../services/queue';
import { messageOf } from '../services/request';
import { roomText } from '../utils/days';
import DeptChips from './DeptChips';
import { queueLists, stillCalled, withTicket } from './queue-lists';
import { type DeskActions, QueueBody } from './queue-parts';
import { CALLERS, hasRole, VISIT_ROLES } from './roles';
import { useDepartments } from './use-departments';
import './staff.css';

const ROOM_KEY = 'pl_queue_room';

const actionDone: Record<TicketAction, string> = {
  recall: '已重呼',
  skip: '已过号',
  return: '已回到队列',
  complete: '已完成',
};

/** What the desk last did; a call's note lasts only while its ticket is still at the room. */
interface Note {
  text: string;
  ticketId?: string;
}

function QueueDesk({ user }: { user: MeView }) {
  const d = useDepartments(user);
  const deptId = d.deptId;
  const form = useZodForm({
    schema: callNextInput,
    initial: { room: (Taro.getStorageSync(ROOM_KEY) as string) || '' },
  });
  const tickets = useLoad(
    async () => ({ deptId, items: deptId ? (await queueTickets(deptId)).items : [] }),
    [deptId],
    false,
  );
  // Another department's answer is never shown as this one's.
  const shown = tickets.data?.deptId === deptId ? tickets.data : undefined;
  const [note, setNote] = useState<Note | undefined>();
  const [busy, setBusy] = useState('');
  const canCall = hasRole(user, CALLERS);

  usePolling(() => (tickets.loading ? Promise.resolve() : tickets.reload()), 5000);

  // A new desk starts with the department's own room.
  const { room } = form.values;
  const deptRoom = d.dept?.room;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a known department room fills an empty field
  useEffect(() => {
    if (!room && deptRoom) form.set('room', deptRoom);
  }, [deptRoom]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a note belongs to the department it was made in
  useEffect(() => setNote(undefined), [deptId]);

  const changeRoom = (v: string) => {
    form.set('room', v);
    Taro.setStorageSync(ROOM_KEY, v);
  };

  /** The API's answer about one ticket, shown at once; the next read brings the rest. */
  const apply = (t: TicketView) => {
    if (shown) tickets.setData({ deptId, items: withTicket(shown.items, t) });
    void tickets.reload();
  };

  const doCallNext = () =>
    form.submit(
      async ({ room: r }) => {
        setNote(undefined);
        const t = await callNext(deptId, r);
        setNote({ ticketId: t.id, text: `已呼叫 ${t.displayNumber} ${t.patientName} 到 ${roomText(t.room)}` });
        apply(t);
      },
      {
        onRefused: (e) => {
          if (e.code !== 'QUEUE_EMPTY') return false;
          setNote({ text: '当前没有候诊的患者' });
          return true;
        },
      },
    );

  const act = async (t: StaffTicketView, action: TicketAction) => {
    if (busy || form.sending) return;
    setBusy(`${action}-${t.id}`);
    form.setBanner('');
    try {
      apply(await ticketAction(t.id, action));
      Taro.showToast({ title: `${t.displayNumber} ${actionDone[action]}`, icon: 'none' });
    } catch (e) {
      form.setBanner(messageOf(e));
      void tickets.reload();
    } finally {
      setBusy('');
    }
  };

  const actions: DeskActions = {
    canCall,
    canVisit: hasRole(user, VISIT_ROLES),
    busy: form.sending ? 'call-next' : busy,
    act: (t, action) => void act(t, action),
    openVisit: (t) =>
      Taro.navigateTo({
        url: `/staff/visit?ticketId=${encodeURIComponent(t.id)}&patientId=${encodeURIComponent(t.patientId)}&number=${encodeURIComponent(t.displayNumber)}&name=${encodeURIComponent(t.patientName)}`,
      }),
  };

  const lists = shown ? queueLists(shown.items, room) : undefined;
  const noteText = note && (!note.ticketId || !shown || stillCalled(shown.items, note.ticketId)) ? note.text : '';

  return (
    <View className="page" id="queue">
      <Text className="title">叫号台</Text>
      <DeptChips idPrefix="queue-dept" d={d} />
      <View className="q-room">
        <FormField
          {...form.field('room')}
          id="queue-room"
          label="我的诊室"
          hint="本机记住，叫号时告诉患者去哪里"
          placeholder="如 3 或 3诊室"
          maxlength={20}
          onChange={changeRoom}
        />
      </View>
      {canCall ? (
        <Button
          id="call-next"
          className="btn btn-primary call-next"
          disabled={Boolean(actions.busy) || !deptId || undefined}
          onClick={() => void doCallNext()}
        >
          {form.sending ? '正在叫号…' : lists ? `叫下一位（候诊 ${lists.waiting.length} 人）` : '叫下一位'}
        </Button>
      ) : (
        <Banner kind="info" text="您可以查看队列；叫号需要前台、护士或医生角色。" />
      )}
      <Banner id="queue-error" text={form.banner} />
      <Banner id="queue-note" kind="info" text={noteText} />
      {deptId ? (
        <Loaded state={{ ...tickets, data: shown }} id="queue-load-error">
          {(s) => <QueueBody lists={queueLists(s.items, room)} a={actions} />}
        </Loaded>
      ) : null}
    </View>
  );
}

export default function QueuePage() {
  return <StaffGate>{(user) => <QueueDesk user={user} />}</StaffGate>;
}
