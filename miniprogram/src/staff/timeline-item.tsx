import { clinicDate, clinicTime } from '@shared/dates';
import { type Category, categoryLabels } from '@shared/schemas/common';
import { type FollowUpStatus, followUpKindLabels, outcomeLabels } from '@shared/schemas/follow-ups';
import { messageChannelLabels, messageStatusLabels } from '@shared/schemas/messages';
import { surveyDimensionLabels, surveyDimensions } from '@shared/schemas/surveys';
import { type TimelineItem, timelineTypeLabels } from '@shared/schemas/timeline';
import { formatFen } from '@shared/schemas/visit-day';
import { Text, View } from '@tarojs/components';
import { kindLabels } from './messages-labels';

const followUpStatusLabels: Record<FollowUpStatus, string> = {
  open: '待回访',
  done: '已完成',
  unreachable: '无法联系',
};

/** 2026-12-05 14:30 in the clinic's time. */
export const whenText = (at: string) => (at ? `${clinicDate(new Date(at))} ${clinicTime(at)}` : '');

function Line({ children }: { children: React.ReactNode }) {
  return <Text className="tl-line">{children}</Text>;
}

function Body({ item, deptName }: { item: TimelineItem; deptName: (id: string) => string }) {
  switch (item.type) {
    case 'visit':
      return (
        <View>
          <Line>
            {deptName(item.departmentId) || '科室未知'} · {item.doctorName || '医生未记录'}
          </Line>
          <Line>收费 {formatFen(item.chargeFen)}</Line>
          {item.nextRevisitDate ? <Line>下次复诊 {item.nextRevisitDate}</Line> : null}
        </View>
      );
    case 'followup':
      return (
        <View>
          <Line>
            {followUpStatusLabels[item.status] ?? item.status} · 应回访 {item.dueDate}
          </Line>
          {item.outcomes.map((o) => (
            <Text key={o.at} className="tl-line muted">
              {whenText(o.at)} {o.byName}：{outcomeLabels[o.outcome] ?? o.outcome}
              {o.note ? `，${o.note}` : ''}
              {o.nextDate ? `，下次 ${o.nextDate}` : ''}
            </Text>
          ))}
        </View>
      );
    case 'survey':
      return (
        <View>
          <Line>
            {surveyDimensions
              .filter((d) => item.scores[d] !== undefined)
              .map((d) => `${surveyDimensionLabels[d]} ${item.scores[d]}星`)
              .join('，')}
          </Line>
          {item.nps !== undefined ? <Line>推荐意愿 {item.nps} 分（0–10）</Line> : null}
          {item.comment ? <Line>评价：{item.comment}</Line> : null}
        </View>
      );
    case 'message':
      return (
        <View>
          <Line>
            {messageStatusLabels[item.status] ?? item.status}
            {item.channel ? ` · ${messageChannelLabels[item.channel]}` : ''}
            {item.sentAt ? ` · 发送于 ${whenText(item.sentAt)}` : ` · 计划 ${whenText(item.dueAt)}`}
          </Line>
          {item.reason ? <Text className="tl-line muted">{item.reason}</Text> : null}
        </View>
      );
    default:
      return <Line>此类记录请在对应页面查看</Line>;
  }
}

/** What the entry is: 就诊 · 正畸, 回访 · 电话回访, 消息 · 随访提醒 … */
function heading(item: TimelineItem): string {
  const type = timelineTypeLabels[item.type] ?? timelineTypeLabels.other;
  switch (item.type) {
    case 'visit':
      return `${type} · ${categoryLabels[item.category as Category] ?? item.category}`;
    case 'followup':
      return `${type} · ${followUpKindLabels[item.kind] ?? item.kind}`;
    case 'message':
      return `${type} · ${kindLabels[item.kind] ?? item.kind}`;
    default:
      return type;
  }
}

/** One entry of a patient's timeline: what, when, and its details. */
export function TimelineCard({ item, deptName }: { item: TimelineItem; deptName: (id: string) => string }) {
  return (
    <View className={`card tl-item tl-${item.type}`} id={`tl-${item.key.replace(/[^A-Za-z0-9_-]/g, '-')}`}>
      <View className="row-between">
        <Text className="line-strong">
          {heading(item)}
          {item.type === 'survey' && item.low ? <Text className="tag tl-low">低分</Text> : null}
        </Text>
        <Text className="muted tl-when">{whenText(item.at)}</Text>
      </View>
      <Body item={item} deptName={deptName} />
    </View>
  );
}
