import { clinicDate } from '@shared/dates';
import type { GroupCardView, GroupMemberView } from '@shared/schemas/patient-groups';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import PhoneCallButton from '../components/PhoneCallButton';
import { createGroupTasks, groupMembers, reminderPreview, sendGroupReminders } from '../services/patient-groups';
import { messageOf } from '../services/request';
import { notice } from '../utils/dialogs';

const today = () => clinicDate(new Date());

type View2 = 'due' | 'returned';
const views: { value: View2; label: string }[] = [
  { value: 'due', label: '待跟进' },
  { value: 'returned', label: '已回院' },
];

function MemberRow({ m }: { m: GroupMemberView }) {
  return (
    <View className="card pg-member" id={`member-${m.patientId}`}>
      <View className="pg-member-head">
        <Text className="card-title">{m.patientName}</Text>
        <Text className={m.returnedAt ? 'pg-tag pg-tag-back' : m.dueDate < today() ? 'pg-tag pg-tag-late' : 'pg-tag'}>
          {m.returnedAt ? `${m.returnedAt.slice(5, 10)} 已回院` : `应诊 ${m.dueDate}`}
        </Text>
      </View>
      <Text className="pg-reason">{m.reason}</Text>
      <Text className="muted pg-meta">
        上次就诊 {m.lastVisitDate}
        {m.taskId ? ' · 已生成回访任务' : ''}
        {m.remindedAt ? ' · 已发提醒' : ''}
      </Text>
      {m.phone ? (
        <View className="fu-phone">
          <Text>{m.phone}</Text>
          {m.phoneMasked ? null : <PhoneCallButton id={`call-${m.patientId}`} phone={m.phone} />}
        </View>
      ) : null}
    </View>
  );
}

/** A group's members page by page, with 生成回访任务 and 发送提醒 for those still due. */
export function GroupMembers({
  card,
  month,
  onChanged,
}: {
  card: GroupCardView;
  month: string;
  onChanged: () => void;
}) {
  const [view, setView] = useState<View2>('due');
  const [items, setItems] = useState<GroupMemberView[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState('');

  const load = async (from?: string) => {
    setLoading(true);
    setError('');
    try {
      const page = await groupMembers(card.group, month, view, from);
      setItems((prev) => (from ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoading(false);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new group, month or list starts again
  useEffect(() => void load(), [card.group, month, view]);

  const tasks = async () => {
    const ok = await Taro.showModal({
      title: '生成回访任务',
      content: `为「${card.label}」的 ${card.stillDue} 位待跟进患者各生成一条电话回访任务？已生成的不会重复。`,
      confirmText: '生成',
      cancelText: '取消',
    });
    if (!ok.confirm) return;
    setBusy('tasks');
    try {
      const r = await createGroupTasks(card.group, month);
      notice(
        '已生成回访任务',
        `新生成 ${r.created} 条${r.existing ? `，${r.existing} 条此前已生成` : ''}。可在“今日回访”中认领。`,
      );
      await load();
      onChanged();
    } catch (e) {
      notice('未能生成', messageOf(e));
    } finally {
      setBusy('');
    }
  };

  const remind = async () => {
    setBusy('remind');
    try {
      const p = await reminderPreview(card.group, month);
      const fresh = p.withConsent - p.alreadyQueued;
      const ok = await Taro.showModal({
        title: '发送提醒',
        content:
          `将向 ${fresh} 位同意接收营销信息的患者发送提醒短信/微信。` +
          `${p.noConsent ? `${p.noConsent} 位未同意，不发送。` : ''}` +
          `${p.alreadyQueued ? `${p.alreadyQueued} 位此前已发送。` : ''}` +
          '7 天内已收到营销信息的患者将自动跳过，21:00–09:00 不发送。',
        confirmText: fresh ? '发送' : '知道了',
        cancelText: '取消',
        showCancel: fresh > 0,
      });
      if (!ok.confirm || fresh === 0) return;
      const r = await sendGroupReminders(card.group, month);
      notice('提醒已排队发送', `本次 ${r.queued} 位，可在“消息中心”查看发送结果。`);
      await load();
    } catch (e) {
      notice('未能发送', messageOf(e));
    } finally {
      setBusy('');
    }
  };

  return (
    <View id="group-members">
      <Text className="section-title">{card.label}</Text>
      <Chips idPrefix="members" options={views} selected={view} onToggle={(v) => setView(v as View2)} />
      {view === 'due' ? (
        <View className="pg-actions">
          <Button
            id="make-tasks"
            className="btn btn-primary"
            disabled={Boolean(busy) || !card.stillDue || undefined}
            onClick={() => void tasks()}
          >
            {busy === 'tasks' ? '正在生成…' : '生成回访任务'}
          </Button>
          <Button
            id="send-reminders"
            className="btn"
            disabled={Boolean(busy) || !card.stillDue || undefined}
            onClick={() => void remind()}
          >
            {busy === 'remind' ? '请稍候…' : '发送提醒'}
          </Button>
        </View>
      ) : null}
      <Banner id="members-error" text={error} />
      {!loading && !error && items.length === 0 ? (
        <Text className="muted" id="members-empty">
          {view === 'due' ? '这个分组没有待跟进的患者。' : '本月还没有患者回院。'}
        </Text>
      ) : null}
      {items.map((m) => (
        <MemberRow key={m.patientId} m={m} />
      ))}
      {cursor ? (
        <Button id="members-more" className="btn" disabled={loading || undefined} onClick={() => void load(cursor)}>
          {loading ? '正在加载…' : '加载更多'}
        </Button>
      ) : null}
    </View>
  );
}
