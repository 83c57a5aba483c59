import type { MeView } from '@shared/schemas/auth';
import { categoryLabels } from '@shared/schemas/common';
import { type FollowUpListView, type FollowUpView, outcomeLabels } from '@shared/schemas/follow-ups';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import Chips from '../components/Chips';
import { Loaded } from '../components/Loaded';
import PhoneCallButton from '../components/PhoneCallButton';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { claimFollowUp, listFollowUps } from '../services/follow-ups';
import { showError } from '../services/request';
import { timelineUrl } from '../services/timeline';
import { ComplaintDetails } from './follow-up-complaint';
import { OutcomeForm } from './follow-up-outcome';
import { FOLLOW_UP_WORKERS } from './roles';
import './staff.css';
import './follow-ups.css';

const tabs: { value: FollowUpListView; label: string; empty: string }[] = [
  { value: 'today', label: '今日回访', empty: '今天没有要回访的患者。' },
  { value: 'overdue', label: '逾期', empty: '没有逾期的回访。' },
  { value: 'mine', label: '我的', empty: '您还没有认领回访。' },
];

/** One task: who, why, when, the phone with 拨打, then 认领 or the outcome form for the claimer. */
function TaskCard({ t, me, onChange }: { t: FollowUpView; me?: string; onChange: () => void }) {
  const [busy, setBusy] = useState(false);
  const claim = async () => {
    setBusy(true);
    try {
      await claimFollowUp(t.id);
      onChange();
    } catch (e) {
      showError(e);
      onChange();
    } finally {
      setBusy(false);
    }
  };
  const mine = Boolean(me) && t.claimedBy === me;
  return (
    <View className="card" id={`task-${t.id}`}>
      <View className="row-between">
        <Text className="card-title">
          {t.patientName} · {categoryLabels[t.category]}
        </Text>
        <Text
          className="link"
          id={`timeline-${t.id}`}
          onClick={() => void Taro.navigateTo({ url: timelineUrl(t.patientId, t.patientName) })}
        >
          时间线
        </Text>
      </View>
      {t.kind === 'complaint' ? <ComplaintDetails t={t} /> : null}
      <Text className="muted fu-meta">
        就诊 {t.visitDate}
        {t.kind === 'complaint' ? '' : ` · 应回访 ${t.dueDate}`}
        {t.noAnswers ? ` · 未接通 ${t.noAnswers} 次` : ''}
      </Text>
      {t.reason ? <Text className="muted fu-meta">分组：{t.reason}</Text> : null}
      {t.phone ? (
        <View className="fu-phone">
          <Text id={`phone-${t.id}`}>{t.phone}</Text>
          {t.phoneMasked ? null : <PhoneCallButton id={`call-${t.id}`} phone={t.phone} />}
        </View>
      ) : null}
      {t.history.map((h) => (
        <Text key={h.at} className="muted fu-history">
          {h.at.slice(5, 10)} {h.byName}：{outcomeLabels[h.outcome]}
          {h.note ? `，${h.note}` : ''}
          {h.nextDate ? `，下次 ${h.nextDate}` : ''}
        </Text>
      ))}
      {mine ? (
        <OutcomeForm taskId={t.id} complaint={t.kind === 'complaint'} onSaved={onChange} />
      ) : t.claimedBy ? (
        <Text className="muted fu-meta">已由 {t.claimedByName} 认领</Text>
      ) : (
        <Button
          id={`claim-${t.id}`}
          className="btn btn-primary"
          disabled={busy || undefined}
          onClick={() => void claim()}
        >
          {busy ? '正在认领…' : '认领'}
        </Button>
      )}
    </View>
  );
}

function FollowUps({ user }: { user: MeView }) {
  const [view, setView] = useState<FollowUpListView>('today');
  const list = useLoad(() => listFollowUps(view), [view]);
  const tab = tabs.find((x) => x.value === view)!;
  return (
    <View className="page" id="follow-ups">
      <View className="row-between">
        <Text className="title">回访</Text>
        <Text
          className="link"
          id="go-follow-up-plans"
          onClick={() => void Taro.navigateTo({ url: '/staff/follow-up-plans' })}
        >
          回访计划
        </Text>
      </View>
      <Chips idPrefix="tab" options={tabs} selected={view} onToggle={(v) => setView(v as FollowUpListView)} />
      <Loaded state={list} id="follow-ups-error" empty={{ when: (l) => l.items.length === 0, text: tab.empty }}>
        {(l) => (
          <View id="task-list">
            {l.items.map((t) => (
              <TaskCard key={t.id} t={t} me={user.staffId} onChange={() => void list.reload()} />
            ))}
          </View>
        )}
      </Loaded>
    </View>
  );
}

export default function FollowUpsPage() {
  return (
    <StaffGate
      only={{
        roles: FOLLOW_UP_WORKERS,
        title: '今日回访',
        id: 'follow-ups-not-allowed',
        text: '回访需要客服或管理者角色。',
      }}
    >
      {(user) => <FollowUps user={user} />}
    </StaffGate>
  );
}
