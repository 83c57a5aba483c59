import type { MeView } from '@shared/schemas/auth';
import { callNextInput, type StaffTicketView, ticketStatusLabels } from '@shared/schemas/visit-day';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import StaffGate from '../components/StaffGate';
import { usePolling } from '../hooks/use-polling';
import { callNext, queueTickets, type TicketAction, ticketAction } from '../services/queue';
import { ApiError, showError } from '../services/request';
import { roomText } from '../utils/days';
import DeptChips from './DeptChips';
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

function Badges({ t }: { t: StaffTicketView }) {
  return (
    <>
      {t.vip ? (
        <Text className="vip" id={`vip-${t.id}`}>
          ★ VIP
        </Text>
      ) : null}
      {t.visitCount > 0 ? <Text className="returning">复诊 {t.visitCount} 次</Text> : null}
    </>
  );
}

function QueueDesk({ user }: { user: MeView }) {
  const d = useDepartments(user);
  const [room, setRoom] = useState<string>(() => (Taro.getStorageSync(ROOM_KEY) as string) || '');
  const [roomError, setRoomError] = useState('');
  const [tickets, setTickets] = useState<StaffTicketView[] | undefined>();
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState('');
  const [note, setNote] = useState('');
  const deptRef = useRef(d.deptId);
  deptRef.current = d.deptId;
  const canCall = hasRole(user, CALLERS);
  const canVisit = hasRole(user, VISIT_ROLES);

  // A new desk starts with the department's own room.
  useEffect(() => {
    if (!room && d.dept?.room) setRoom(d.dept.room);
  }, [d.dept, room]);

  const load = async () => {
    const queueId = d.deptId;
    if (!queueId) return;
    try {
      const r = await queueTickets(queueId);
      if (queueId !== deptRef.current) return; // answer for a department no longer shown
      setTickets(r.items);
      setStale(false);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 403 || e.status === 401)) setNote(e.message);
      setStale(true);
    }
  };
  const { refresh } = usePolling(load, 5000);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the department changes
  useEffect(() => {
    setTickets(undefined);
    refresh();
  }, [d.deptId]);

  const changeRoom = (v: string) => {
    setRoom(v);
    setRoomError('');
    Taro.setStorageSync(ROOM_KEY, v);
  };

  const doCallNext = async () => {
    if (busy) return;
    const parsed = callNextInput.safeParse({ room });
    if (!parsed.success) {
      setRoomError(parsed.error.issues[0]?.message ?? '请填写诊室');
      return;
    }
    setBusy('call-next');
    setNote('');
    try {
      const t = await callNext(d.deptId, parsed.data.room);
      setNote(`已呼叫 ${t.displayNumber} ${t.patientName} 到 ${roomText(t.room)}`);
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'QUEUE_EMPTY') setNote('当前没有候诊的患者');
      else showError(e);
    } finally {
      setBusy('');
    }
  };

  const act = async (t: StaffTicketView, action: TicketAction) => {
    if (busy) return;
    setBusy(`${action}-${t.id}`);
    try {
      await ticketAction(t.id, action);
      Taro.showToast({ title: `${t.displayNumber} ${actionDone[action]}`, icon: 'none' });
      await load();
    } catch (e) {
      showError(e);
      void load();
    } finally {
      setBusy('');
    }
  };

  const openVisit = (t: StaffTicketView) =>
    Taro.navigateTo({
      url: `/staff/visit?ticketId=${encodeURIComponent(t.id)}&patientId=${encodeURIComponent(t.patientId)}&number=${encodeURIComponent(t.displayNumber)}&name=${encodeURIComponent(t.patientName)}`,
    });

  const list = tickets ?? [];
  const myRoom = room.trim();
  const current = list
    .filter((t) => t.status === 'called' || t.status === 'serving')
    .sort(
      (a, b) =>
        Number(b.room === myRoom) - Number(a.room === myRoom) || (b.calledAt ?? '').localeCompare(a.calledAt ?? ''),
    );
  const waiting = list.filter((t) => t.status === 'waiting').sort((a, b) => a.number - b.number);
  const skipped = list.filter((t) => t.status === 'skipped').sort((a, b) => a.number - b.number);
  const done = list.filter((t) => t.status === 'done').length;

  return (
    <View className="page" id="queue">
      <Text className="title">叫号台</Text>
      <Text className="label">科室</Text>
      <DeptChips
        idPrefix="queue-dept"
        depts={d.depts}
        value={d.deptId}
        problem={d.problem}
        onRetry={d.retry}
        onChange={d.setDeptId}
      />
      <View className="field" style={{ marginTop: '8px' }}>
        <Text className="label">
          我的诊室<Text className="label-hint">本机记住，叫号时告诉患者去哪里</Text>
        </Text>
        <Input
          id="queue-room"
          className={`input${roomError ? ' input-error' : ''}`}
          value={room}
          placeholder="如 3 或 3诊室"
          maxlength={20}
          onInput={(e) => changeRoom(e.detail.value)}
        />
        {roomError ? (
          <Text className="error-text" id="error-room">
            {roomError}
          </Text>
        ) : null}
      </View>

      {canCall ? (
        <Button
          id="call-next"
          className="btn btn-primary call-next"
          disabled={Boolean(busy) || !d.deptId || undefined}
          onClick={() => void doCallNext()}
        >
          {busy === 'call-next' ? '正在叫号…' : tickets ? `叫下一位（候诊 ${waiting.length} 人）` : '叫下一位'}
        </Button>
      ) : (
        <View className="banner banner-info">
          <Text className="banner-line">您可以查看队列；叫号需要前台、护士或医生角色。</Text>
        </View>
      )}
      {note ? (
        <View className="banner banner-info" id="queue-note">
          <Text className="banner-line">{note}</Text>
        </View>
      ) : null}
      {stale ? (
        <Text className="stale" id="queue-stale">
          网络不稳定，正在重试…（显示的是上次的队列）
        </Text>
      ) : null}

      {current.map((t) => (
        <View className={`q-current${t.vip ? ' q-current-vip' : ''}`} key={t.id} id={`current-${t.id}`}>
          <View className="row" style={{ flexWrap: 'wrap' }}>
            <Text className="q-number">{t.displayNumber}</Text>
            <Text className="q-name">{t.patientName}</Text>
            <Badges t={t} />
          </View>
          <Text className="muted">
            {ticketStatusLabels[t.status]} · {roomText(t.room)}
            {t.tags.filter((x) => x.toUpperCase() !== 'VIP').length
              ? ` · ${t.tags.filter((x) => x.toUpperCase() !== 'VIP').join('、')}`
              : ''}
          </Text>
          {canCall ? (
            <View className="q-actions">
              <Button
                id={`recall-${t.id}`}
                className="btn"
                disabled={Boolean(busy) || undefined}
                onClick={() => void act(t, 'recall')}
              >
                重呼
              </Button>
              <Button
                id={`skip-${t.id}`}
                className="btn btn-danger"
                disabled={Boolean(busy) || undefined}
                onClick={() => void act(t, 'skip')}
              >
                过号
              </Button>
              {canVisit ? (
                <Button id={`visit-${t.id}`} className="btn btn-primary" onClick={() => openVisit(t)}>
                  接诊
                </Button>
              ) : null}
              <Button
                id={`complete-${t.id}`}
                className="btn"
                disabled={Boolean(busy) || undefined}
                onClick={() => void act(t, 'complete')}
              >
                完成
              </Button>
            </View>
          ) : null}
        </View>
      ))}

      <View className="row-between" style={{ marginTop: '8px' }}>
        <Text className="section-title">{tickets ? `候诊 ${waiting.length} 人` : '候诊'}</Text>
        {tickets ? <Text className="muted">已完成 {done} 人</Text> : null}
      </View>
      {tickets && waiting.length === 0 ? (
        <View className="card empty" id="queue-empty">
          <Text className="empty-text">目前没有候诊的患者</Text>
        </View>
      ) : null}
      {!tickets && d.deptId ? <Text className="muted">正在加载队列…</Text> : null}
      <View id="queue-list">
        {waiting.map((t) => (
          <View className={`q-row${t.vip ? ' q-row-vip' : ''}`} key={t.id} id={`queue-${t.id}`}>
            <Text className="q-row-number">{t.displayNumber}</Text>
            <Text className="q-row-name">
              {t.patientName}
              {t.appointmentId ? <Text className="tag">预约</Text> : null}
            </Text>
            <Badges t={t} />
          </View>
        ))}
      </View>

      {skipped.length > 0 ? (
        <View id="skipped-list">
          <Text className="section-title">已过号 {skipped.length} 人</Text>
          {skipped.map((t) => (
            <View className={`q-row${t.vip ? ' q-row-vip' : ''}`} key={t.id} id={`skipped-${t.id}`}>
              <Text className="q-row-number">{t.displayNumber}</Text>
              <Text className="q-row-name">{t.patientName}</Text>
              <Badges t={t} />
              {canCall ? (
                <Button
                  id={`return-${t.id}`}
                  className="btn btn-small"
                  style={{ marginLeft: '8px' }}
                  disabled={Boolean(busy) || undefined}
                  onClick={() => void act(t, 'return')}
                >
                  回到队列
                </Button>
              ) : null}
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}

export default function QueuePage() {
  return <StaffGate>{(user) => <QueueDesk user={user} />}</StaffGate>;
}
