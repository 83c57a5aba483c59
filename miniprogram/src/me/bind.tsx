import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import { ApiError, messageOf } from '../services/request';
import { cachedUser, getToken, isStaff } from '../services/session';
import { bindStaff } from '../services/staff-bind';
import './bind.css';

const openStaffHome = () => Taro.reLaunch({ url: '/staff/index' });

/** The server's words for a refused code (a 400 names the field's problem). */
function refusal(e: unknown): string {
  if (e instanceof ApiError && e.fields[0]) return e.fields[0].message;
  return messageOf(e, '绑定失败，请稍后重试');
}

/** 员工绑定: a new member types the 6-digit invite code from 员工管理 and becomes staff on this account. */
export default function BindStaff() {
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const [staff, setStaff] = useState(isStaff(cachedUser()));

  useDidShow(() => {
    if (!getToken()) Taro.reLaunch({ url: '/pages/login/index' });
    else setStaff(isStaff(cachedUser()));
  });

  const bind = async () => {
    if (busy || code.length !== 6) return;
    setBusy(true);
    setProblem('');
    try {
      await bindStaff(code);
      openStaffHome();
    } catch (e) {
      setProblem(refusal(e));
    } finally {
      setBusy(false);
    }
  };

  if (staff) {
    return (
      <View className="page" id="bind-page">
        <Text className="title">员工绑定</Text>
        <Banner id="bind-already" kind="info" text="此微信账号已绑定员工身份。" />
        <Button id="bind-open-staff" className="btn btn-primary" onClick={openStaffHome}>
          进入员工工作台
        </Button>
      </View>
    );
  }

  return (
    <View className="page" id="bind-page">
      <Text className="title">员工绑定</Text>
      <View className="card">
        <Text className="bind-note">请输入管理者在“员工管理”中为您生成的 6 位邀请码。</Text>
        <Text className="muted">邀请码 10 分钟内有效，只能使用一次。</Text>
        <Input
          id="bind-code"
          className={`input bind-code${problem ? ' input-error' : ''}`}
          type="number"
          value={code}
          maxlength={6}
          placeholder="6 位数字"
          onInput={(e) => {
            setCode(e.detail.value.replace(/\D/g, '').slice(0, 6));
            setProblem('');
          }}
        />
        <Button
          id="bind-submit"
          className="btn btn-primary btn-big"
          disabled={busy || code.length !== 6 || undefined}
          onClick={() => void bind()}
        >
          {busy ? '正在绑定…' : '绑定'}
        </Button>
        <Banner id="bind-error" text={problem} />
      </View>
    </View>
  );
}
