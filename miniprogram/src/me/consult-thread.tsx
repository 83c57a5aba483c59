import type { ConsultationThread } from '@shared/schemas/consultations';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ConsultMessages, ConsultTitle } from '../components/ConsultMessages';
import { ConsultReply } from '../components/ConsultReply';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../hooks/use-load';
import {
  addConsultationMessage,
  askReplyNotice,
  getMyConsultation,
  preloadReplyNotice,
} from '../services/consultations';
import { ApiError } from '../services/request';
import { ConsentNeeded } from './consult-consent';
import type { PickedPhoto } from './consult-photo';
import { PhotoField } from './consult-photo-field';
import { usePhotoUpload } from './use-photo-upload';
import './me.css';
import './consult.css';

/** Why a thread takes no more messages, and what to do instead. */
function Closed({ t }: { t: ConsultationThread }) {
  return (
    <View className="card consult-closed" id="consult-closed">
      <Text className="line-strong">本次咨询已结束</Text>
      <Text className="consult-note-strong">
        {t.closedBy === 'quiet' ? '7 天没有新的消息，咨询已自动结束。' : '医院已结束本次咨询。'}
        如还有问题，请重新提问。
      </Text>
      <Button
        id="consult-ask-again"
        className="btn btn-primary"
        onClick={() => Taro.navigateTo({ url: `/me/consult-new?patientId=${encodeURIComponent(t.patientId)}` })}
      >
        重新提问
      </Button>
    </View>
  );
}

function Header({ t }: { t: ConsultationThread }) {
  return (
    <View className="card" id="consult-head">
      <ConsultTitle t={t} />
      <Text className="consult-meta">{t.clinicName}</Text>
      {t.assignedDoctorName ? <Text className="consult-meta">负责医生：{t.assignedDoctorName}</Text> : null}
      {t.status === 'waiting' ? (
        <Text className="consult-meta">医生或客服会在工作时间内回复，回复后会通知您。</Text>
      ) : null}
    </View>
  );
}

/** One of my questions as a conversation, and the box to write more while it is open. */
export default function MyConsultation() {
  const id = decodeURIComponent(useRouter().params.id ?? '');
  const thread = useLoad(() => getMyConsultation(id), [id]);
  const [photo, setPhoto] = useState<PickedPhoto>();
  const upload = usePhotoUpload();
  // The profile's health-data consent was withdrawn since: asking more needs it again.
  const [noConsent, setNoConsent] = useState(false);
  useEffect(preloadReplyNotice, []);

  const send = async (text: string) => {
    await askReplyNotice();
    const photoId = await upload(photo);
    try {
      const t = await addConsultationMessage(id, { ...(text ? { text } : {}), ...(photoId ? { photoId } : {}) });
      thread.setData(t);
      setPhoto(undefined);
      setNoConsent(false);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONSENT_REQUIRED') setNoConsent(true);
      // Closed meanwhile: the page shows why.
      if (e instanceof ApiError && e.code === 'CONSULTATION_CLOSED') void thread.reload();
      throw e;
    }
  };

  return (
    <View className="page" id="consult-thread">
      <Loaded state={thread} id="consult-thread-error">
        {(t) => (
          <View>
            <Header t={t} />
            <ConsultMessages thread={t} side="patient" />
            {noConsent && t.status !== 'closed' ? <ConsentNeeded patientId={t.patientId} name={t.patientName} /> : null}
            {t.status === 'closed' ? (
              <Closed t={t} />
            ) : (
              <ConsultReply label="继续提问" placeholder="补充情况或追问" onSend={send} hasOther={Boolean(photo)}>
                <PhotoField photo={photo} onChange={setPhoto} />
              </ConsultReply>
            )}
            <Text className="consult-note">紧急情况请拨打 120 或直接来院。</Text>
          </View>
        )}
      </Loaded>
    </View>
  );
}
