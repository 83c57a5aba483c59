import { CONSULTATION_TEXT_MAX } from '@shared/schemas/consultations';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { type ReactNode, useState } from 'react';
import { messageOf } from '../../services/request';
import { Banner } from '../Banner';
import '../ConsultMessages/index.css';

// H5 wraps a real <textarea> in a host element: the padding belongs on the inner one there.
const textareaClass = process.env.TARO_ENV === 'h5' ? 'textarea textarea-h5' : 'textarea';

interface Props {
  label: string;
  placeholder: string;
  /** Sends the text; a refusal (content security, a closed thread) throws and the text stays typed. */
  onSend: (text: string) => Promise<void>;
  /** Something besides text may be sent (a photo): the button works with no text. */
  hasOther?: boolean;
  /** Under the box, above the button (添加照片). */
  children?: ReactNode;
}

/** The reply box of a conversation: how many characters are left, one send at a time, the refusal in words. */
export function ConsultReply({ label, placeholder, onSend, hasOther = false, children }: Props) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const send = async () => {
    if (busy) return;
    if (!text.trim() && !hasOther) {
      setProblem('请先填写内容');
      return;
    }
    setBusy(true);
    setProblem('');
    try {
      await onSend(text.trim());
      setText('');
    } catch (e) {
      setProblem(`${messageOf(e, '发送失败，请稍后重试')}（您填写的内容已保留）`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="card" id="consult-reply">
      <Text className="label">{label}</Text>
      <Textarea
        id="field-reply"
        className={textareaClass}
        value={text}
        placeholder={placeholder}
        maxlength={CONSULTATION_TEXT_MAX}
        onInput={(e) => setText(e.detail.value)}
      />
      <Text className="consult-count">还可输入 {CONSULTATION_TEXT_MAX - text.length} 字</Text>
      {children}
      <Banner id="reply-error" text={problem} />
      <Button id="reply-send" className="btn btn-primary" disabled={busy || undefined} onClick={() => void send()}>
        {busy ? '正在发送…' : '发送'}
      </Button>
    </View>
  );
}
