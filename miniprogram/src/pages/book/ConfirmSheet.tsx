import type { SlotView } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import { Banner } from '../../components/Banner';
import { longDate, timeRange } from '../../utils/days';
import KeyValue from './KeyValue';

interface Props {
  slot: SlotView;
  patientName?: string;
  /** 仁和口腔·徐汇院 正畸科 */
  place: string;
  error: string;
  sending: boolean;
  onBack: () => void;
  onConfirm: () => void;
}

/** The last look before booking, over the page. */
export default function ConfirmSheet({ slot, patientName, place, error, sending, onBack, onConfirm }: Props) {
  return (
    <View>
      <View className="sheet-mask" onClick={() => (sending ? undefined : onBack())} />
      <View className="sheet" id="book-sheet">
        <Text className="card-title">请确认预约信息</Text>
        <Banner id="book-error" text={error} />
        <KeyValue k="就诊人" v={patientName ?? '请先选择就诊人'} />
        <KeyValue k="科室" v={place} />
        <KeyValue k="时间" v={`${longDate(slot.date)} ${timeRange(slot.startsAt, slot.endsAt)}`} />
        {slot.doctorName ? <KeyValue k="医生" v={slot.doctorName} /> : null}
        <View className="btn-row">
          <Button className="btn" disabled={sending || undefined} onClick={onBack}>
            返回
          </Button>
          <Button
            id="book-confirm"
            className="btn btn-primary"
            disabled={sending || !patientName || undefined}
            onClick={onConfirm}
          >
            {sending ? '正在预约…' : '确认预约'}
          </Button>
        </View>
      </View>
    </View>
  );
}
