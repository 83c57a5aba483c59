import {
  messageChannelLabels,
  messageKindLabels,
  messageStatusLabels,
  type OutboxView,
} from '@shared/schemas/messages';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import FormField from '../components/FormField';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../hooks/use-load';
import { devOutbox } from '../services/messages';
import { listMyPatients } from '../services/patients';
import { messageOf } from '../services/request';
import { dateTime as when } from '../utils/days';

function OutboxCard({ m }: { m: OutboxView }) {
  return (
    <View className="card" id={`inbox-${m.id}`}>
      <View className="row-between">
        <Text className="line-strong">{messageKindLabels[m.kind] ?? m.kind}</Text>
        <Text className={`status inbox-status-${m.status}`}>{messageStatusLabels[m.status] ?? m.status}</Text>
      </View>
      <Text className="muted">渠道：{m.channel ? messageChannelLabels[m.channel] : '发送时决定'}</Text>
      <Text className="banner-line">{m.text}</Text>
      <Text className="muted">{m.sentAt ? `发送于 ${when(m.sentAt)}` : `计划 ${when(m.dueAt)}`}</Text>
      {m.reason ? <Text className="muted">原因：{m.reason}</Text> : null}
      {m.kind === 'survey' ? (
        // What tapping the message's link does on a phone: the form of its invitation (survey#patient#<id>).
        <Button
          id={`inbox-survey-${m.id.split('#')[2] ?? ''}`}
          className="btn btn-primary"
          onClick={() => Taro.navigateTo({ url: `/survey/index?id=${encodeURIComponent(m.id.split('#')[2] ?? '')}` })}
        >
          打开评价链接
        </Button>
      ) : null}
    </View>
  );
}

/**
 * Local stack only: what a patient would have received, message by message — the outbox as the
 * local sink keeps it. Pick one of the signed-in account's profiles, or type any patient id.
 */
export default function Inbox() {
  const profiles = useLoad(async () => (await listMyPatients()).items);
  const [typed, setTyped] = useState('');
  const [patientId, setPatientId] = useState('');
  const [shown, setShown] = useState<{ items: OutboxView[]; error: string; busy: boolean }>();
  const open = async (id: string) => {
    if (!id) return;
    setPatientId(id);
    setShown({ items: [], error: '', busy: true });
    try {
      setShown({ items: (await devOutbox(id)).items, error: '', busy: false });
    } catch (e) {
      setShown({ items: [], error: messageOf(e, '读取失败，请确认本地服务已启动'), busy: false });
    }
  };
  return (
    <View className="page" id="inbox">
      <Text className="title">本地收件箱</Text>
      <Banner kind="info" text="仅本地演示：这里列出定时任务为患者准备的每条消息，以及会通过哪个渠道发出。" />
      <Text className="section-title">选择就诊人</Text>
      <Loaded state={profiles} id="inbox-profiles-error">
        {(items) => (
          <Chips
            idPrefix="inbox-patient"
            options={items.map((p) => ({ value: p.id, label: p.name }))}
            selected={patientId}
            onToggle={(id) => void open(id)}
          />
        )}
      </Loaded>
      <FormField id="inbox-patient-id" label="或输入患者编号" value={typed} onChange={setTyped} placeholder="p_…" />
      <Button id="inbox-open" className="btn" onClick={() => void open(typed.trim())}>
        查看
      </Button>
      {shown ? (
        <View id="inbox-list">
          <Banner id="inbox-error" text={shown.error} />
          {shown.busy ? <Text className="muted loading-note">正在加载…</Text> : null}
          {!shown.busy && !shown.error && shown.items.length === 0 ? (
            <View className="card empty">
              <Text className="empty-text">这位患者还没有消息。</Text>
            </View>
          ) : null}
          {shown.items.map((m) => (
            <OutboxCard key={m.id} m={m} />
          ))}
        </View>
      ) : null}
    </View>
  );
}
