import { consultationAssignees, consultationWorkers, hasRole } from '@shared/roles';
import type { MeView } from '@shared/schemas/auth';
import type { ConsultationStatus, ConsultationView } from '@shared/schemas/consultations';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import Chips from '../components/Chips';
import { consultTime } from '../components/ConsultMessages';
import { Loaded } from '../components/Loaded';
import { LoadMore } from '../components/LoadMore';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { useMore } from '../hooks/use-more';
import { listConsultations } from '../services/consultations';
import { waitedLong, waitedText } from './consult-waited';
import './staff.css';
import './consult.css';

const PAGE = 20;
type Tab = ConsultationStatus | 'mine';
const queryOf = (tab: Tab) => (tab === 'mine' ? { status: 'waiting' as const, assignedTo: 'me' } : { status: tab });
const emptyText: Record<Tab, string> = {
  waiting: '没有待回复的咨询。',
  answered: '没有已回复、等待患者的咨询。',
  closed: '还没有已结束的咨询。',
  mine: '没有转给您、待您回复的咨询。',
};

const open = (id: string) => Taro.navigateTo({ url: `/staff/consult-thread?id=${encodeURIComponent(id)}` });

function ThreadCard({ t }: { t: ConsultationView }) {
  const waiting = t.status === 'waiting';
  const long = waiting && waitedLong(t.lastMessageAt);
  return (
    <View
      className={`card consult-item${long ? ' consult-item-long' : ''}`}
      id={`staff-thread-${t.threadId}`}
      onClick={() => open(t.threadId)}
    >
      <View className="row-between">
        <Text className="line-strong">{t.patientName}</Text>
        {waiting ? (
          <Text className={`consult-waited${long ? ' consult-waited-long' : ''}`}>
            已等 {waitedText(t.lastMessageAt)}
          </Text>
        ) : (
          <Text className="muted">{consultTime(t.lastMessageAt)}</Text>
        )}
      </View>
      <Text className="consult-preview">{t.preview || '（照片）'}</Text>
      <Text className="muted">
        {t.clinicName}
        {t.assignedDoctorName ? ` · 已转给医生 ${t.assignedDoctorName}` : ''}
      </Text>
    </View>
  );
}

function Threads({ tab }: { tab: Tab }) {
  const list = useLoad(() => listConsultations(queryOf(tab), undefined, PAGE), [tab]);
  const { more, loadMore } = useMore(
    list,
    (cursor) => listConsultations(queryOf(tab), cursor, PAGE),
    (t) => t.threadId,
  );
  return (
    <Loaded state={list} id="consult-error" empty={{ when: (d) => d.items.length === 0, text: emptyText[tab] }}>
      {(d) => (
        <View id="consult-list">
          {d.items.map((t) => (
            <ThreadCard key={t.threadId} t={t} />
          ))}
          <LoadMore id="consult-more" more={more} hasMore={Boolean(d.nextCursor)} onMore={() => void loadMore()} />
        </View>
      )}
    </Loaded>
  );
}

function ConsultDesk({ user }: { user: MeView }) {
  const [tab, setTab] = useState<Tab>('waiting');
  const tabs: { value: Tab; label: string }[] = [
    { value: 'waiting', label: '待回复' },
    { value: 'answered', label: '已回复' },
    { value: 'closed', label: '已结束' },
    ...(hasRole(user, consultationAssignees) ? [{ value: 'mine' as const, label: '转给我的' }] : []),
  ];
  return (
    <View className="page" id="staff-consult">
      <Text className="title">在线咨询</Text>
      <Text className="muted">患者的提问，等得最久的在前。超过 2 小时未回复的标为橙色。</Text>
      <Chips idPrefix="consult-tab" options={tabs} selected={tab} onToggle={(v) => setTab(v as Tab)} />
      <Threads tab={tab} />
    </View>
  );
}

/** 在线咨询 (staff): the clinic's questions by status, to answer, pass to a doctor or close. */
export default function StaffConsultations() {
  return (
    <StaffGate
      only={{
        roles: consultationWorkers,
        title: '在线咨询',
        id: 'consult-denied',
        text: '在线咨询由客服、护士、医生回复。',
      }}
    >
      {(user) => <ConsultDesk user={user} />}
    </StaffGate>
  );
}
