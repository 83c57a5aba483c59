import { type MyMessageView, messageChannelLabels, messageKindLabels } from '@shared/schemas/messages';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../hooks/use-load';
import { myMessages } from '../services/messages';
import { messageOf } from '../services/request';
import { dateTime as when } from '../utils/days';
import './me.css';

const NONE_YET = '还没有发给您的消息。预约成功后和复诊前，我们会提醒您。';

function MessageCard({ m }: { m: MyMessageView }) {
  return (
    <View className="card msg" id={`msg-${m.id}`}>
      <View className="row-between">
        <Text className="msg-kind">{messageKindLabels[m.kind] ?? m.kind}</Text>
        <Text className="muted">{m.channel ? `${messageChannelLabels[m.channel]}发送` : ''}</Text>
      </View>
      <Text className="muted msg-whose">给 {m.patientName}</Text>
      <Text className="msg-text">{m.text}</Text>
      <Text className="muted">{when(m.sentAt ?? m.dueAt)}</Text>
      {m.kind === 'survey' ? (
        // A survey invitation's id is survey#patient#<invitation id>: its button opens that form.
        <Button
          id={`msg-survey-${m.id}`}
          className="btn btn-primary"
          onClick={() => Taro.navigateTo({ url: `/survey/index?id=${encodeURIComponent(m.id.split('#')[2] ?? '')}` })}
        >
          去评价
        </Button>
      ) : null}
    </View>
  );
}

/** 我的消息: what was sent to me and my family, newest first, large and plain. */
export default function Messages() {
  const state = useLoad(() => myMessages());
  const [more, setMore] = useState<{ items: MyMessageView[]; cursor?: string; busy: boolean; error: string }>();
  const cursor = more ? more.cursor : state.data?.nextCursor;
  const loadMore = async () => {
    const shown = more?.items ?? [];
    setMore({ items: shown, cursor, busy: true, error: '' });
    try {
      const page = await myMessages(cursor);
      setMore({ items: [...shown, ...page.items], cursor: page.nextCursor, busy: false, error: '' });
    } catch (e) {
      setMore({ items: shown, cursor, busy: false, error: messageOf(e, '加载失败，请稍后重试') });
    }
  };
  return (
    <View className="page" id="my-messages">
      <Text className="title">我的消息</Text>
      <Loaded state={state} id="messages-error" empty={{ when: (d) => d.items.length === 0, text: NONE_YET }}>
        {(first) => (
          <View id="message-list">
            {[...first.items, ...(more?.items ?? [])].map((m) => (
              <MessageCard key={m.id} m={m} />
            ))}
            <Banner text={more?.error} />
            {cursor ? (
              <Button id="messages-more" className="btn" disabled={more?.busy || undefined} onClick={loadMore}>
                {more?.busy ? '正在加载…' : '查看更早的消息'}
              </Button>
            ) : null}
          </View>
        )}
      </Loaded>
    </View>
  );
}
