import { clinicDate, clinicTime, isRealDate } from '@shared/dates';
import { type Category, categoryLabels } from '@shared/schemas/common';
import type { HisEventStatus, HisEventView } from '@shared/schemas/his';
import { formatFen } from '@shared/schemas/visit-day';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import DateField from '../components/DateField';
import { Loaded } from '../components/Loaded';
import { LoadMore } from '../components/LoadMore';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { useMore } from '../hooks/use-more';
import { listHisEvents } from '../services/his';
import { HisKey } from './his-key';
import { HeldActions } from './his-review';
import { MANAGERS } from './roles';
import './staff.css';
import './his.css';

const PAGE = 20;
type Tab = 'all' | HisEventStatus;
const tabs: { value: Tab; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'applied', label: '已入账' },
  { value: 'held', label: '待核对' },
];
const statusText: Record<HisEventStatus, string> = { applied: '已入账', held: '待核对' };

/** 收费 ¥x.xx, a refund (negative) as 退费 in red, or the treatment's category. */
function What({ e }: { e: HisEventView }) {
  if (e.kind === 'charge') {
    const fen = e.amountFen ?? 0;
    return fen < 0 ? (
      <Text className="his-what his-refund">退费 {formatFen(-fen)}</Text>
    ) : (
      <Text className="his-what">收费 {formatFen(fen)}</Text>
    );
  }
  return <Text className="his-what">治疗 {categoryLabels[e.category as Category] ?? e.category ?? ''}</Text>;
}

const appliedHowText = {
  matched: '重新匹配后入账',
  chosen: '管理者指定患者后入账',
  later_event: '同一患者的新单据到达后自动入账',
} as const;

function EventCard({ e: arrived }: { e: HisEventView }) {
  // A press on a held event answers the event as it is now: the card shows that, and what happened.
  const [e, setE] = useState(arrived);
  const [note, setNote] = useState('');
  const held = e.status === 'held';
  return (
    <View className={`card his-item${held ? ' his-held' : ''}`} id={`his-event-${e.documentNo}`}>
      <View className="row-between">
        <What e={e} />
        <Text className={`tag${held ? ' his-held-tag' : ''}`}>{statusText[e.status]}</Text>
      </View>
      <Text className="his-line">{clinicTime(e.at)}</Text>
      <Text className="his-line">
        {[e.maskedPhone, e.hisPatientNo ? `HIS 患者号 ${e.hisPatientNo}` : ''].filter(Boolean).join(' · ')}
      </Text>
      <Text className="his-line muted">单据号 {e.documentNo}</Text>
      {held && e.reasonText ? <Text className="his-reason">原因：{e.reasonText}</Text> : null}
      {e.appliedHow ? (
        <Text className="his-line muted">
          {appliedHowText[e.appliedHow]}
          {e.appliedAt ? `（${clinicTime(e.appliedAt)}）` : ''}
        </Text>
      ) : null}
      <Banner id={`his-note-${e.documentNo}`} kind={held ? 'warn' : 'info'} text={note} />
      {held ? (
        <HeldActions
          e={e}
          onDone={(now, told) => {
            setE(now);
            setNote(told);
          }}
        />
      ) : null}
    </View>
  );
}

function Events({ date, tab }: { date: string; tab: Tab }) {
  const status = tab === 'all' ? undefined : tab;
  const list = useLoad(() => listHisEvents(date, status, undefined, PAGE), [date, tab], false);
  const { more, loadMore } = useMore(
    list,
    (cursor) => listHisEvents(date, status, cursor, PAGE),
    (e) => e.documentNo,
  );
  const day = date === clinicDate(new Date()) ? '今天' : date;
  const emptyText =
    tab === 'held'
      ? `${day}没有待核对的 HIS 记录：发来的都已入账。`
      : tab === 'applied'
        ? `${day} HIS 发来的记录还没有一条入账。`
        : `${day} HIS 还没有发来收费或治疗记录。`;
  return (
    <Loaded state={list} id="his-error" empty={{ when: (d) => d.items.length === 0, text: emptyText }}>
      {(d) => (
        <View id="his-list">
          {d.items.map((e) => (
            <EventCard key={e.documentNo} e={e} />
          ))}
          <LoadMore
            id="his-more"
            more={more}
            hasMore={Boolean(d.nextCursor)}
            onMore={() => void loadMore()}
            endText="这一天的记录已全部显示"
          />
        </View>
      )}
    </Loaded>
  );
}

function HisDesk() {
  const today = clinicDate(new Date());
  const [typed, setTyped] = useState(today);
  const [tab, setTab] = useState<Tab>('all');
  // The list follows the field once it holds a real date; a half-typed one keeps the last day shown.
  const [date, setDate] = useState(today);
  const pick = (v: string) => {
    setTyped(v);
    if (isRealDate(v) && v <= today) setDate(v);
  };
  return (
    <View className="page" id="his">
      <Text className="title">HIS 对接记录</Text>
      <Text className="muted">
        收费系统（HIS）发来的收费和治疗记录：已入账的已计入患者档案；待核对的没有入账，原因写在卡片上，可重新匹配或指定患者。
      </Text>
      <DateField
        id="field-his-date"
        label="到达日期"
        value={typed}
        error={isRealDate(typed) && typed <= today ? undefined : '请填写今天或更早的日期'}
        onChange={pick}
      />
      <Chips idPrefix="his-tab" options={tabs} selected={tab} onToggle={(v) => setTab(v as Tab)} />
      <Events date={date} tab={tab} />
      <HisKey />
    </View>
  );
}

/** HIS 对接记录: what the clinic's HIS sent on a day, what was applied and what was held and why (managers). */
export default function HisPage() {
  return (
    <StaffGate
      only={{ roles: MANAGERS, title: 'HIS 对接记录', id: 'his-denied', text: 'HIS 对接记录仅供管理者查看。' }}
    >
      {() => <HisDesk />}
    </StaffGate>
  );
}
