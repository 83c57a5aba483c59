import { consultationWorkers } from '@shared/roles';
import type { ConsultationThread } from '@shared/schemas/consultations';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import { ConsultMessages, ConsultTitle } from '../components/ConsultMessages';
import { ConsultReply } from '../components/ConsultReply';
import { Loaded } from '../components/Loaded';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { closeConsultation, getConsultation, replyConsultation } from '../services/consultations';
import { ApiError, messageOf } from '../services/request';
import { confirmDanger } from '../utils/dialogs';
import { AssignDoctor } from './consult-assign';
import { waitedLong, waitedText } from './consult-waited';
import './staff.css';
import './consult.css';

function Header({ t }: { t: ConsultationThread }) {
  const long = t.status === 'waiting' && waitedLong(t.lastMessageAt);
  return (
    <View className={`card consult-item${long ? ' consult-item-long' : ''}`} id="consult-head">
      <ConsultTitle t={t} />
      <Text className="consult-line">{t.clinicName}</Text>
      {t.status === 'waiting' ? (
        <Text className={`consult-waited${long ? ' consult-waited-long' : ''}`}>
          已等 {waitedText(t.lastMessageAt)}
        </Text>
      ) : null}
      {t.assignedDoctorName ? (
        <Text className="consult-line" id="consult-assigned">
          已转给医生 {t.assignedDoctorName}
        </Text>
      ) : null}
    </View>
  );
}

function ClosedNote({ t }: { t: ConsultationThread }) {
  return (
    <Banner
      id="consult-closed"
      kind="info"
      title="本次咨询已结束"
      text={
        t.closedBy === 'quiet'
          ? '7 天没有新的消息，系统已自动结束。患者如有新问题会重新提问。'
          : '已结束的咨询不能再回复。患者如有新问题会重新提问。'
      }
    />
  );
}

function Desk() {
  const id = decodeURIComponent(useRouter().params.id ?? '');
  const thread = useLoad(() => getConsultation(id), [id]);
  const [assigning, setAssigning] = useState(false);
  const [said, setSaid] = useState({ kind: 'info' as 'info' | 'error', text: '' });
  const [closing, setClosing] = useState(false);

  const reply = async (text: string) => {
    try {
      thread.setData(await replyConsultation(id, text));
      setSaid({ kind: 'info', text: '已回复，患者会收到通知。' });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONSULTATION_CLOSED') void thread.reload();
      throw e;
    }
  };
  const close = async () => {
    const yes = await confirmDanger({
      title: '结束咨询',
      content: '结束后患者不能再在这条咨询里留言，需要时会重新提问。确定结束吗？',
      confirmText: '结束咨询',
      cancelText: '不结束',
    });
    if (!yes) return;
    setClosing(true);
    try {
      thread.setData(await closeConsultation(id));
      // The closed note below says it.
      setSaid({ kind: 'info', text: '' });
    } catch (e) {
      setSaid({ kind: 'error', text: messageOf(e, '没有结束，请稍后重试') });
    } finally {
      setClosing(false);
    }
  };

  return (
    <View className="page" id="staff-consult-thread">
      <Loaded state={thread} id="consult-thread-error">
        {(t) => (
          <View>
            <Header t={t} />
            <ConsultMessages thread={t} side="staff" />
            <Banner id="consult-said" kind={said.kind} text={said.text} />
            {t.status === 'closed' ? (
              <ClosedNote t={t} />
            ) : (
              <View>
                <ConsultReply label="回复患者" placeholder="请用患者能看懂的话回复" onSend={reply} />
                {assigning ? (
                  <AssignDoctor
                    thread={t}
                    onCancel={() => setAssigning(false)}
                    onDone={(next) => {
                      thread.setData(next);
                      setAssigning(false);
                      setSaid({ kind: 'info', text: `已转给医生 ${next.assignedDoctorName ?? ''}` });
                    }}
                  />
                ) : (
                  <Button id="consult-assign-open" className="btn" onClick={() => setAssigning(true)}>
                    转给医生
                  </Button>
                )}
                <Button
                  id="consult-close"
                  className="btn btn-danger"
                  disabled={closing || undefined}
                  onClick={() => void close()}
                >
                  {closing ? '正在结束…' : '结束咨询'}
                </Button>
              </View>
            )}
          </View>
        )}
      </Loaded>
    </View>
  );
}

/** One question as a conversation, for the clinic: reply, pass to a doctor, close. */
export default function StaffConsultation() {
  return (
    <StaffGate
      only={{
        roles: consultationWorkers,
        title: '在线咨询',
        id: 'consult-denied',
        text: '在线咨询由客服、护士、医生回复。',
      }}
    >
      {() => <Desk />}
    </StaffGate>
  );
}
