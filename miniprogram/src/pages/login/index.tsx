import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Banner } from '../../components/Banner';
import { devLogin, PrivacyRefusedError, wechatLogin } from '../../services/auth';
import { ApiError } from '../../services/request';

const isWeapp = process.env.TARO_ENV === 'weapp';

const demoUsers: { openid: string; role?: string; label: string }[] = [
  { openid: 'demo-patient', label: '患者（演示）' },
  { openid: 'demo-marketing', role: 'marketing', label: '市场专员' },
  { openid: 'demo-frontdesk', role: 'frontdesk', label: '前台' },
  { openid: 'demo-nurse', role: 'nurse', label: '护士' },
  { openid: 'demo-doctor', role: 'doctor', label: '医生' },
  { openid: 'demo-service', role: 'service', label: '客服' },
  { openid: 'demo-manager', role: 'manager', label: '管理者' },
  { openid: 'demo-admin', role: 'admin', label: '系统管理员' },
];

function messageOf(e: unknown): string {
  if (e instanceof ApiError || e instanceof PrivacyRefusedError) return e.message;
  return '登录失败，请稍后重试';
}

export default function Login() {
  const [busy, setBusy] = useState('');
  const [problem, setProblem] = useState('');
  const [openid, setOpenid] = useState('');

  const done = () => Taro.reLaunch({ url: '/pages/index/index' });

  const run = async (key: string, fn: () => Promise<unknown>) => {
    if (busy) return;
    setBusy(key);
    setProblem('');
    try {
      await fn();
      done();
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setBusy('');
    }
  };

  return (
    <View className="page" id="login">
      <Text className="title">欢迎使用就诊服务</Text>
      <Text className="subtitle">登录后可为您和家人建档、预约、查看排队进度。</Text>
      <Banner id="login-error" text={problem} />

      {isWeapp ? (
        <View>
          <Text className="consent-text">
            登录即表示您已阅读并同意《用户服务协议》和《隐私保护指引》。我们仅在您授权后使用您的信息。
          </Text>
          <Button
            id="login-wechat"
            className="btn btn-primary"
            disabled={Boolean(busy) || undefined}
            onClick={() => void run('wechat', wechatLogin)}
          >
            {busy === 'wechat' ? '正在登录…' : '微信一键登录'}
          </Button>
        </View>
      ) : (
        <View>
          <Banner kind="info" text="本地演示登录：选择一个演示身份。" />
          {demoUsers.map((u) => (
            <Button
              key={u.openid}
              id={`login-${u.openid}`}
              className={`btn${u.role ? '' : ' btn-primary'}`}
              disabled={Boolean(busy) || undefined}
              onClick={() => void run(u.openid, () => devLogin(u.openid, u.role))}
            >
              {busy === u.openid ? '正在登录…' : u.label}
            </Button>
          ))}
          <View className="card">
            <Text className="label">其他演示账号（openid）</Text>
            <Input
              id="login-openid"
              className="input"
              value={openid}
              placeholder="如 my-test-user"
              maxlength={64}
              onInput={(e) => setOpenid(e.detail.value)}
            />
            <View style={{ height: '12px' }} />
            <Button
              id="login-openid-submit"
              className="btn"
              disabled={Boolean(busy) || !openid.trim() || undefined}
              onClick={() => void run('openid', () => devLogin(openid.trim()))}
            >
              以此 openid 登录
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
