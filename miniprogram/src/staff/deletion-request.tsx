import { Button, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import { recordDeletion } from '../services/patient-deletion';
import { messageOf } from '../services/request';

/** 登记删除申请: a patient asked (by phone, at the desk) to have their record deleted; staff record it with why. */
export function DeletionRequest({ patientId }: { patientId: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [state, setState] = useState({ busy: false, error: '', done: false });
  if (state.done) {
    return (
      <Banner
        id="deletion-done"
        kind="info"
        title="已登记删除申请"
        text="该患者的个人信息已删除，就诊记录和统计以编号保留。"
      />
    );
  }
  const submit = async () => {
    if (reason.trim().length < 2) {
      setState({ busy: false, error: '请填写删除原因（至少 2 个字）', done: false });
      return;
    }
    setState({ busy: true, error: '', done: false });
    try {
      await recordDeletion(patientId, reason.trim());
      setState({ busy: false, error: '', done: true });
    } catch (e) {
      setState({ busy: false, error: messageOf(e, '登记没有完成，请稍后重试'), done: false });
    }
  };
  return (
    <View className="card" id="deletion-request">
      <Text className="card-title">登记删除申请</Text>
      <Text className="muted">
        患者要求删除个人信息时在此登记。姓名、手机号、身份证号、地址、病史、备注等将被删除；就诊记录、费用和统计数字以编号保留。删除后不能恢复。
      </Text>
      {open ? (
        <View>
          <Textarea
            id="deletion-reason"
            className="textarea"
            value={reason}
            maxlength={200}
            placeholder="删除原因，例如：患者来电要求删除个人信息"
            onInput={(e) => {
              setReason(e.detail.value);
              if (state.error) setState({ ...state, error: '' });
            }}
          />
          <Banner id="deletion-error" text={state.error} />
          <Button
            id="deletion-submit"
            className="btn btn-danger"
            disabled={state.busy || undefined}
            onClick={() => void submit()}
          >
            {state.busy ? '正在删除…' : '确认删除该患者的个人信息'}
          </Button>
          <Button id="deletion-cancel" className="btn" onClick={() => setOpen(false)}>
            取消
          </Button>
        </View>
      ) : (
        <Button id="deletion-open" className="btn btn-danger" onClick={() => setOpen(true)}>
          登记删除申请
        </Button>
      )}
    </View>
  );
}
