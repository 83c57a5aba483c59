import { type Role, roleLabels } from '@shared/roles';
import type { MeView } from '@shared/schemas/auth';
import { type TicketView, ticketStatusLabels } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { fetchMe } from '../../services/auth';
import { myTickets } from '../../services/queue';
import { ApiError } from '../../services/request';
import { cachedUser, clearSession, getToken, isStaff } from '../../services/session';

function roleText(user: MeView): string {
  if (user.kind !== 'staff') return '患者';
  return user.roles.map((r) => roleLabels[r as Role] ?? r).join('、') || '员工';
}

export default function Home() {
  const [user, setUser] = useState<MeView | undefined>(cachedUser());
  const [problem, setProblem] = useState('');
  const [tickets, setTickets] = useState<TicketView[]>([]);

  const load = async () => {
    if (!getToken()) {
      Taro.reLaunch({ url: '/pages/login/index' });
      return;
    }
    setProblem('');
    // Today's numbers are a bonus on this page: a failure here shows nothing.
    myTickets()
      .then((r) => setTickets(r.items))
      .catch(() => undefined);
    try {
      setUser(await fetchMe());
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return; // request() already went to login
      setProblem(e instanceof ApiError ? e.message : '加载失败，请稍后重试');
    }
  };

  useDidShow(() => {
    void load();
  });

  const logout = () => {
    clearSession();
    Taro.reLaunch({ url: '/pages/login/index' });
  };

  return (
    <View className="page" id="home">
      <Text className="title">您好{user?.name ? `，${user.name}` : ''}</Text>
      {user ? (
        <View className="card" id="whoami">
          <Text className="card-title">当前登录</Text>
          <Text className="muted" id="whoami-role">
            身份：{roleText(user)}
          </Text>
        </View>
      ) : null}
      {problem ? (
        <View className="banner banner-error" id="home-error">
          <Text className="banner-line">{problem}</Text>
          <Text className="link" onClick={() => void load()}>
            点此重试
          </Text>
        </View>
      ) : null}

      {tickets.map((t) => (
        <View
          key={t.id}
          id={`home-ticket-${t.id}`}
          className="home-ticket"
          onClick={() => Taro.navigateTo({ url: `/pages/ticket/index?id=${encodeURIComponent(t.id)}` })}
        >
          <View>
            <Text className="banner-line">
              {t.departmentName} · {t.patientName}
            </Text>
            <Text className="banner-line">
              {t.status === 'waiting' ? `前面还有 ${t.ahead} 位` : (ticketStatusLabels[t.status] ?? t.status)} ›
            </Text>
          </View>
          <Text className="home-ticket-number">{t.displayNumber}</Text>
        </View>
      ))}

      <Button
        id="go-book"
        className="btn btn-primary btn-big"
        onClick={() => Taro.navigateTo({ url: '/pages/book/index' })}
      >
        预约挂号
      </Button>
      <Button
        id="go-appointments"
        className="btn btn-big"
        onClick={() => Taro.navigateTo({ url: '/pages/appointments/index' })}
      >
        我的预约
      </Button>
      <Button id="go-checkin" className="btn btn-big" onClick={() => Taro.navigateTo({ url: '/pages/checkin/index' })}>
        到院签到
      </Button>
      <Button id="go-patients" className="btn" onClick={() => Taro.navigateTo({ url: '/pages/patients/index' })}>
        我的就诊人
      </Button>
      <Button id="go-add-patient" className="btn" onClick={() => Taro.navigateTo({ url: '/pages/patient-form/index' })}>
        新增就诊人
      </Button>
      {isStaff(user) ? (
        <Button id="go-staff" className="btn" onClick={() => Taro.navigateTo({ url: '/staff/index' })}>
          员工工作台
        </Button>
      ) : null}
      <Button id="logout" className="btn btn-danger" onClick={logout}>
        退出登录
      </Button>
    </View>
  );
}
