import type { MeView } from '@shared/schemas/auth';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { type ReactNode, useState } from 'react';
import { fetchMe } from '../../services/auth';
import { ApiError } from '../../services/request';
import { cachedUser, getToken } from '../../services/session';

/** Shows its children to staff only; everyone else gets a polite note. */
export default function StaffGate({ children }: { children: (user: MeView) => ReactNode }) {
  const [user, setUser] = useState<MeView | undefined>(cachedUser());
  const [problem, setProblem] = useState('');

  useDidShow(() => {
    if (!getToken()) {
      Taro.reLaunch({ url: '/pages/login/index' });
      return;
    }
    fetchMe()
      .then((me) => {
        setUser(me);
        setProblem('');
      })
      .catch((e) => {
        // Offline: keep the cached user so the page still works; the API checks roles anyway.
        if (!(e instanceof ApiError && e.status === 401)) setProblem(e instanceof ApiError ? e.message : '');
      });
  });

  if (user?.kind !== 'staff') {
    return (
      <View className="page" id="staff-denied">
        <Text className="title">员工专区</Text>
        <View className="card">
          <Text className="banner-line">此页面仅供医院工作人员使用。</Text>
          <Text className="muted">如果您是医院员工，请使用员工账号登录，或联系管理员开通权限。</Text>
        </View>
        {problem ? (
          <View className="banner banner-error">
            <Text className="banner-line">{problem}</Text>
          </View>
        ) : null}
        <Button className="btn" onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
          返回首页
        </Button>
      </View>
    );
  }
  return (
    <View>
      {problem ? (
        <View className="banner banner-error" style={{ margin: '12px 16px 0' }}>
          <Text className="banner-line">{problem}</Text>
        </View>
      ) : null}
      {children(user)}
    </View>
  );
}
