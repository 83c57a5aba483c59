import { type ConsultationView, consultationStatusLabels } from '@shared/schemas/consultations';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { consultTime } from '../components/ConsultMessages';
import { Loaded } from '../components/Loaded';
import { LoadMore } from '../components/LoadMore';
import { useLoad } from '../hooks/use-load';
import { useMore } from '../hooks/use-more';
import { listMyConsultations } from '../services/consultations';
import './me.css';
import './consult.css';

const ask = () => Taro.navigateTo({ url: '/me/consult-new' });
const open = (id: string) => Taro.navigateTo({ url: `/me/consult-thread?id=${encodeURIComponent(id)}` });

const NONE_YET = '您还没有咨询过。有关治疗、用药或术后的问题，可以在这里向医院提问。';
const askButton = (
  <Button id="consult-ask" className="btn btn-primary btn-big" onClick={ask}>
    我要提问
  </Button>
);

function ThreadCard({ t }: { t: ConsultationView }) {
  return (
    <View className="card consult-item" id={`thread-${t.threadId}`} onClick={() => open(t.threadId)}>
      <View className="row-between">
        <Text className="line-strong">{t.patientName}</Text>
        <Text className={`tag consult-tag consult-status-${t.status}`}>{consultationStatusLabels[t.status]}</Text>
      </View>
      <Text className="consult-preview">{t.preview || '（照片）'}</Text>
      <Text className="consult-meta">
        {t.clinicName} · {consultTime(t.lastMessageAt)}
      </Text>
    </View>
  );
}

/** 在线咨询: my questions to the clinic, the newest first, each with whether it has been answered. */
export default function MyConsultations() {
  const list = useLoad(async () => {
    const page = await listMyConsultations();
    return { ...page, items: page.items.slice().sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt)) };
  });
  const { more, loadMore } = useMore(
    list,
    (cursor) => listMyConsultations(cursor),
    (t) => t.threadId,
  );
  return (
    <View className="page" id="my-consultations">
      <Text className="title">在线咨询</Text>
      <Text className="consult-note">医生或客服会在工作时间内回复您。紧急情况请拨打 120 或直接来院。</Text>
      <Loaded
        state={list}
        id="consult-error"
        empty={{ when: (d) => d.items.length === 0, text: NONE_YET, action: askButton }}
      >
        {(d) => (
          <View id="consult-list">
            {askButton}
            {d.items.map((t) => (
              <ThreadCard key={t.threadId} t={t} />
            ))}
            <LoadMore id="consult-more" more={more} hasMore={Boolean(d.nextCursor)} onMore={() => void loadMore()} />
          </View>
        )}
      </Loaded>
    </View>
  );
}
