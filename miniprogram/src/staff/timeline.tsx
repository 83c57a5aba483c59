import type { MeView } from '@shared/schemas/auth';
import type { ListResult } from '@shared/schemas/common';
import type { TimelineItem } from '@shared/schemas/timeline';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Banner } from '../components/Banner';
import { Loaded } from '../components/Loaded';
import { LoadMore } from '../components/LoadMore';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { useMore } from '../hooks/use-more';
import { auditUrl } from '../services/audit';
import { listDepartments } from '../services/booking';
import { mergeUrl } from '../services/merge';
import { patientTimeline } from '../services/timeline';
import { DeletionRequest } from './deletion-request';
import { DELETION_RECORDERS, hasRole, MANAGERS } from './roles';
import { TimelineCard } from './timeline-item';
import './staff.css';
import './timeline.css';

const PAGE = 20;
const param = (v: string | undefined) => (v ? decodeURIComponent(v) : '');

/** Department names of the clinics a page shows, read once per clinic. */
const deptNames = new Map<string, string>();
const clinicsRead = new Set<string>();
async function learnDepartments(items: TimelineItem[]): Promise<void> {
  const clinics = [...new Set(items.map((i) => i.clinicId))].filter((c) => c && !clinicsRead.has(c));
  await Promise.all(
    clinics.map(async (c) => {
      const depts = await listDepartments(c).catch(() => ({ items: [] }));
      clinicsRead.add(c);
      for (const d of depts.items) deptNames.set(d.id, d.name);
    }),
  );
}

async function page(patientId: string, cursor?: string): Promise<ListResult<TimelineItem>> {
  const out = await patientTimeline(patientId, cursor, PAGE);
  await learnDepartments(out.items);
  return out;
}

function Timeline({ user }: { user: MeView }) {
  const params = useRouter().params;
  const patientId = param(params.patientId);
  const name = param(params.name);
  const list = useLoad(() => page(patientId), [patientId], false);
  const { more, loadMore } = useMore(
    list,
    (cursor) => page(patientId, cursor),
    (i) => i.key,
  );

  return (
    <View className="page" id="timeline">
      <Text className="title">时间线</Text>
      {name ? <Text className="subtitle">{name}</Text> : null}
      <Text className="muted">就诊、回访、满意度评价和消息，最新的在前。</Text>
      {patientId && hasRole(user, MANAGERS) ? (
        <Text
          className="link"
          id="timeline-audit"
          onClick={() => void Taro.navigateTo({ url: auditUrl(patientId, name) })}
        >
          审计记录 ›
        </Text>
      ) : null}
      {hasRole(user, MANAGERS) && patientId ? (
        <Text id="timeline-merge" className="link" onClick={() => Taro.navigateTo({ url: mergeUrl(patientId) })}>
          与另一份档案合并 ›
        </Text>
      ) : null}
      {patientId ? (
        <Loaded
          state={list}
          id="timeline-error"
          empty={{ when: (d) => d.items.length === 0, text: '还没有就诊、回访或消息记录。' }}
        >
          {(d) => (
            <View id="timeline-list">
              {d.items.map((i) => (
                <TimelineCard key={i.key} item={i} deptName={(id) => deptNames.get(id) ?? ''} />
              ))}
              <LoadMore
                id="timeline-more"
                more={more}
                hasMore={Boolean(d.nextCursor)}
                onMore={() => void loadMore()}
                endText="没有更早的记录了"
              />
            </View>
          )}
        </Loaded>
      ) : (
        <Banner id="timeline-no-patient" text="没有指定患者，请从回访或患者列表进入。" />
      )}
      {patientId && hasRole(user, DELETION_RECORDERS) ? <DeletionRequest patientId={patientId} /> : null}
    </View>
  );
}

/** 时间线: one patient's visits, follow-ups, survey answers and messages, for any staff member. */
export default function TimelinePage() {
  return <StaffGate>{(user) => <Timeline user={user} />}</StaffGate>;
}
