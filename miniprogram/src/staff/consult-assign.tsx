import type { ConsultationThread } from '@shared/schemas/consultations';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../hooks/use-load';
import { listDoctors } from '../services/booking';
import { assignConsultation } from '../services/consultations';
import { messageOf } from '../services/request';

interface Props {
  thread: ConsultationThread;
  onDone: (t: ConsultationThread) => void;
  onCancel: () => void;
}

/** 转给医生: the doctors of the thread's clinic; one tap picks, 确认 passes the question on. */
export function AssignDoctor({ thread, onDone, onCancel }: Props) {
  const doctors = useLoad(async () => (await listDoctors(thread.clinicId)).items, [thread.clinicId], false);
  const [doctorId, setDoctorId] = useState(thread.assignedDoctorId ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const assign = async () => {
    if (!doctorId) {
      setProblem('请先选择一位医生');
      return;
    }
    setBusy(true);
    setProblem('');
    try {
      onDone(await assignConsultation(thread.threadId, doctorId));
    } catch (e) {
      setProblem(messageOf(e, '转交没有成功，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="card card-brand" id="consult-assign">
      <Text className="card-title">转给哪位医生</Text>
      <Loaded
        state={doctors}
        id="consult-doctors-error"
        empty={{ when: (d) => d.length === 0, text: '本门诊还没有医生账号。' }}
      >
        {(list) => (
          <Chips
            idPrefix="consult-doctor"
            options={list.map((d) => ({ value: d.id, label: d.name }))}
            selected={doctorId}
            onToggle={setDoctorId}
          />
        )}
      </Loaded>
      <Banner id="consult-assign-error" text={problem} />
      <Button
        id="consult-assign-yes"
        className="btn btn-primary"
        disabled={busy || undefined}
        onClick={() => void assign()}
      >
        {busy ? '正在转交…' : '确认转给这位医生'}
      </Button>
      <Button id="consult-assign-no" className="btn" onClick={onCancel}>
        取消
      </Button>
    </View>
  );
}
