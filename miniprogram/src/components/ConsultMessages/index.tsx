import { clinicDate, clinicTime } from '@shared/dates';
import {
  type ConsultationMessageView,
  type ConsultationThread,
  consultationStatusLabels,
} from '@shared/schemas/consultations';
import { Text, View } from '@tarojs/components';
import { ConsultPhoto } from '../ConsultPhoto';
import './index.css';

/** 今天 14:05, or 12月3日 14:05 for another day (the clinic's time zone). */
export function consultTime(iso: string, today = clinicDate(new Date())): string {
  const day = clinicDate(new Date(iso));
  const [, m, d] = day.split('-');
  return `${day === today ? '今天' : `${Number(m)}月${Number(d)}日`} ${clinicTime(iso)}`;
}

function who(m: ConsultationMessageView, side: 'patient' | 'staff'): string {
  if (m.from === 'staff') return m.authorName;
  return side === 'patient' ? '您' : `患者 ${m.authorName}`;
}

/**
 * A thread as a conversation: the viewer's own side on the right, the other on the left, each
 * message with who wrote it (客服 张* / 医生 …), when, its text and its photo.
 */
/** A thread's first line on both sides: whose question, and its status tag. */
export function ConsultTitle({ t }: { t: ConsultationThread }) {
  return (
    <View className="row-between">
      <Text className="line-strong">{t.patientName}</Text>
      <Text className={`tag consult-tag consult-status-${t.status}`} id="consult-status">
        {consultationStatusLabels[t.status]}
      </Text>
    </View>
  );
}

export function ConsultMessages({ thread, side }: { thread: ConsultationThread; side: 'patient' | 'staff' }) {
  return (
    <View id="consult-messages">
      {thread.messages.map((m) => {
        const mine = (m.from === 'patient') === (side === 'patient');
        return (
          <View key={m.messageId} className={`bubble-row${mine ? ' bubble-row-mine' : ''}`}>
            <View className={`bubble${mine ? ' bubble-mine' : ''}`} id={`message-${m.messageId}`}>
              <Text className="bubble-who">
                {who(m, side)} · {consultTime(m.at)}
              </Text>
              {m.text ? <Text className="bubble-text">{m.text}</Text> : null}
              {m.photoId ? <ConsultPhoto threadId={thread.threadId} photoId={m.photoId} /> : null}
            </View>
          </View>
        );
      })}
    </View>
  );
}
