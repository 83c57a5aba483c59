import { hasRole, type RoleSet } from '@shared/roles';
import type { MeView } from '@shared/schemas/auth';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { type ReactNode, useState } from 'react';
import { fetchMe } from '../../services/auth';
import { ApiError } from '../../services/request';
import { cachedUser, getToken } from '../../services/session';
import { Banner } from '../Banner';

/** A page for some staff roles only: who may use it, and what the others are told. */
export interface PageRoles {
  roles: RoleSet;
  /** The page's title, shown above the note. */
  title: string;
  /** The note's element id (tests find it). */
  id: string;
  /** E.g. 号源管理需要管理者角色。 */
  text: string;
}

/** Shows its children to staff only (with `only`, to staff holding one of its roles); everyone else gets a polite note. */
export default function StaffGate({ children, only }: { children: (user: MeView) => ReactNode; only?: PageRoles }) {
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
        <Banner text={problem} />
        <Button className="btn" onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
          返回首页
        </Button>
      </View>
    );
  }
  if (only && !hasRole(user, only.roles)) {
    return (
      <View className="page">
        <Text className="title">{only.title}</Text>
        <Banner id={only.id} kind="info" text={only.text} />
      </View>
    );
  }
  return (
    <View>
      <View className="gate-problem">
        <Banner text={problem} />
      </View>
      {children(user)}
    </View>
  );
}
