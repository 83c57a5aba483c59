import { type StaffTicketView, ticketStatusLabels } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import type { TicketAction } from '../services/queue';
import { roomText } from '../utils/days';
import { otherTags, type QueueLists } from './queue-lists';

/** What the desk may do, and the action running now ('' when none). */
export interface DeskActions {
  canCall: boolean;
  canVisit: boolean;
  busy: string;
  act: (t: StaffTicketView, action: TicketAction) => void;
  openVisit: (t: StaffTicketView) => void;
}

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

/** A number at a room now: who, where, and what the desk does next. */
export function CurrentCard({ t, a }: { t: StaffTicketView; a: DeskActions }) {
  const tags = otherTags(t);
  const off = Boolean(a.busy) || undefined;
  return (
    <View className={`card-brand q-current${t.vip ? ' q-current-vip' : ''}`} id={`current-${t.id}`}>
      <View className="row q-wrap">
        <Text className="q-number">{t.displayNumber}</Text>
        <Text className="q-name">{t.patientName}</Text>
        <Badges t={t} />
      </View>
      <Text className="muted">
        {ticketStatusLabels[t.status]} · {roomText(t.room)}
        {tags.length ? ` · ${tags.join('、')}` : ''}
      </Text>
      {a.canCall ? (
        <View className="q-actions">
          <Button id={`recall-${t.id}`} className="btn" disabled={off} onClick={() => a.act(t, 'recall')}>
            {a.busy === `recall-${t.id}` ? '正在重呼…' : '重呼'}
          </Button>
          <Button id={`skip-${t.id}`} className="btn btn-danger" disabled={off} onClick={() => a.act(t, 'skip')}>
            {a.busy === `skip-${t.id}` ? '正在过号…' : '过号'}
          </Button>
          {a.canVisit ? (
            <Button id={`visit-${t.id}`} className="btn btn-primary" onClick={() => a.openVisit(t)}>
              接诊
            </Button>
          ) : null}
          <Button id={`complete-${t.id}`} className="btn" disabled={off} onClick={() => a.act(t, 'complete')}>
            {a.busy === `complete-${t.id}` ? '正在完成…' : '完成'}
          </Button>
        </View>
      ) : null}
    </View>
  );
}

/** A waiting number, in call order. */
export function WaitingRow({ t }: { t: StaffTicketView }) {
  return (
    <View className={`q-row${t.vip ? ' q-row-vip' : ''}`} id={`queue-${t.id}`}>
      <Text className="q-row-number">{t.displayNumber}</Text>
      <Text className="q-row-name">
        {t.patientName}
        {t.appointmentId ? <Text className="tag">预约</Text> : null}
      </Text>
      <Badges t={t} />
    </View>
  );
}

/** A number that missed its call; 回到队列 puts it back a few places ahead of the end. */
export function SkippedRow({ t, a }: { t: StaffTicketView; a: DeskActions }) {
  return (
    <View className={`q-row${t.vip ? ' q-row-vip' : ''}`} id={`skipped-${t.id}`}>
      <Text className="q-row-number">{t.displayNumber}</Text>
      <Text className="q-row-name">{t.patientName}</Text>
      <Badges t={t} />
      {a.canCall ? (
        <Button
          id={`return-${t.id}`}
          className="btn btn-small q-row-action"
          disabled={Boolean(a.busy) || undefined}
          onClick={() => a.act(t, 'return')}
        >
          {a.busy === `return-${t.id}` ? '正在处理…' : '回到队列'}
        </Button>
      ) : null}
    </View>
  );
}

/** The day's queue below the call button: numbers at rooms, the waiting list, the missed ones. */
export function QueueBody({ lists, a }: { lists: QueueLists; a: DeskActions }) {
  return (
    <View>
      {lists.current.map((t) => (
        <CurrentCard key={t.id} t={t} a={a} />
      ))}
      <View className="row-between q-head">
        <Text className="section-title">候诊 {lists.waiting.length} 人</Text>
        <Text className="muted">已完成 {lists.done} 人</Text>
      </View>
      {lists.waiting.length === 0 ? (
        <View className="card empty" id="queue-empty">
          <Text className="empty-text">目前没有候诊的患者</Text>
        </View>
      ) : null}
      <View id="queue-list">
        {lists.waiting.map((t) => (
          <WaitingRow key={t.id} t={t} />
        ))}
      </View>
      {lists.skipped.length > 0 ? (
        <View id="skipped-list">
          <Text className="section-title">已过号 {lists.skipped.length} 人</Text>
          {lists.skipped.map((t) => (
            <SkippedRow key={t.id} t={t} a={a} />
          ))}
        </View>
      ) : null}
    </View>
  );
}
