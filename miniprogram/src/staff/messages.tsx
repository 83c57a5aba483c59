import { clinicDate, clinicTime } from '@shared/dates';
import type { MeView } from '@shared/schemas/auth';
import type { CentreMessageView, MessageSummaryView } from '@shared/schemas/messages';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import DateField from '../components/DateField';
import { Loaded } from '../components/Loaded';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { failedMessages, listJobs, messageSummary, messageTemplates, resendMessage } from '../services/message-centre';
import { showError } from '../services/request';
import { addDays } from '../utils/days';
import { Jobs } from './messages-jobs';
import { channelLabels, countColumns, kindLabels } from './messages-labels';
import { Templates } from './messages-templates';
import { hasRole, MANAGERS, MESSAGE_CENTRE } from './roles';
import './staff.css';
import './messages.css';

/** The day's counts: one card per kind and channel, each status a big number. */
function Counts({ summary }: { summary: MessageSummaryView }) {
  return (
    <View id="message-counts">
      {summary.rows.map((r) => (
        <View key={`${r.kind}-${r.channel}`} className="card mc-row" id={`count-${r.kind}-${r.channel}`}>
          <Text className="card-title">
            {kindLabels[r.kind]}
            <Text className="mc-channel">{channelLabels[r.channel]}</Text>
          </Text>
          <View className="mc-figures">
            {countColumns.map((c) => (
              <View key={c.key} className={`mc-figure${c.key === 'failed' && r.failed ? ' mc-figure-bad' : ''}`}>
                <Text className="mc-figure-value" id={`count-${r.kind}-${r.channel}-${c.key}`}>
                  {r[c.key]}
                </Text>
                <Text className="mc-figure-label">{c.label}</Text>
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  );
}

/** A failed message with the provider's reason and 重新发送 while it is still worth sending. */
function Failed({ m, onResent }: { m: CentreMessageView; onResent: () => void }) {
  const [busy, setBusy] = useState(false);
  const resend = async () => {
    setBusy(true);
    try {
      await resendMessage(m.id);
      onResent();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="card mc-failed">
      <Text className="card-title">
        {m.patientName}
        <Text className="mc-channel">
          {kindLabels[m.kind]} · {clinicTime(m.dueAt)}
        </Text>
      </Text>
      <Text className="mc-text">{m.text}</Text>
      <Text className="error-text">失败原因：{m.reason ?? '未知'}</Text>
      {m.resendable ? (
        <Button className="btn btn-primary" disabled={busy || undefined} onClick={() => void resend()}>
          {busy ? '正在重新发送…' : '重新发送'}
        </Button>
      ) : (
        <Text className="muted">已过时效，不能重发</Text>
      )}
    </View>
  );
}

function Centre({ user }: { user: MeView }) {
  const today = clinicDate(new Date());
  const [date, setDate] = useState(today);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : today;
  const summary = useLoad(() => messageSummary(day), [day]);
  const failed = useLoad(() => failedMessages(day), [day]);
  const templates = useLoad(() => messageTemplates(), []);
  const jobs = useLoad(() => listJobs(), []);
  const resent = () => {
    void failed.reload();
    void summary.reload();
  };

  return (
    <View className="page" id="message-centre">
      <Text className="title">消息中心</Text>
      <DateField
        id="field-message-date"
        label="日期"
        value={date}
        onChange={setDate}
        start={addDays(today, -365)}
        end={addDays(today, 30)}
      />
      {(summary.data?.warnings ?? []).map((w) => (
        <Banner key={w} kind="warn" text={w} />
      ))}

      <Text className="section-title">当天消息</Text>
      <Loaded
        state={summary}
        id="summary-error"
        empty={{ when: (s) => s.rows.length === 0, text: '这一天没有计划发送的消息。' }}
      >
        {(s) => <Counts summary={s} />}
      </Loaded>

      <Text className="section-title">发送失败</Text>
      <Loaded
        state={failed}
        id="failed-error"
        empty={{ when: (f) => f.items.length === 0, text: '这一天没有发送失败的消息。' }}
      >
        {(f) => (
          <View id="failed-list">
            {f.items.map((m) => (
              <Failed key={m.id} m={m} onResent={resent} />
            ))}
          </View>
        )}
      </Loaded>

      <Text className="section-title">消息模板</Text>
      <Loaded state={templates} id="templates-error">
        {(t) => <Templates items={t.items} onChange={(items) => templates.setData({ items })} />}
      </Loaded>

      <Text className="section-title">定时任务</Text>
      <Loaded state={jobs} id="jobs-error">
        {(j) => (
          <Jobs
            items={j.items}
            canPause={hasRole(user, MANAGERS)}
            onChange={(job) => {
              jobs.setData({ items: j.items.map((x) => (x.name === job.name ? job : x)) });
              void summary.reload();
            }}
          />
        )}
      </Loaded>
    </View>
  );
}

export default function MessagesPage() {
  return (
    <StaffGate
      only={{
        roles: MESSAGE_CENTRE,
        title: '消息中心',
        id: 'messages-not-allowed',
        text: '消息中心需要客服或管理者角色。',
      }}
    >
      {(user) => <Centre user={user} />}
    </StaffGate>
  );
}
