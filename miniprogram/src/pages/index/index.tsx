import { ticketStatusLabels } from '@shared/queue-rules';
import { type Role, roleLabels } from '@shared/roles';
import type { MeView } from '@shared/schemas/auth';
import type { TicketView } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { Loaded } from '../../components/Loaded';
import { useLoad } from '../../hooks/use-load';
import { fetchMe } from '../../services/auth';
import { myTickets } from '../../services/queue';
import { ApiError } from '../../services/request';
import { cachedUser, clearSession, getToken, isStaff } from '../../services/session';
import './index.css';

function roleText(user: MeView): string {
  if (user.kind !== 'staff') return '患者';
  return user.roles.map((r) => roleLabels[r as Role] ?? r).join('、') || '员工';
}

const go = (url: string) => () => Taro.navigateTo({ url });

/** Who is signed in, and today's queue numbers of their profiles. */
async function readHome(): Promise<{ user: MeView; tickets: TicketView[] }> {
  if (!getToken()) {
    Taro.reLaunch({ url: '/pages/login/index' });
    throw new ApiError(401, 'UNAUTHENTICATED', '请先登录');
  }
  // Today's numbers are a bonus on this page: their failure alone shows nothing.
  const [user, tickets] = await Promise.all([
    fetchMe(),
    myTickets().then(
      (r) => r.items,
      () => [],
    ),
  ]);
  return { user, tickets };
}

function HomeTicket({ t }: { t: TicketView }) {
  return (
    <View
      id={`home-ticket-${t.id}`}
      className="home-ticket"
      onClick={go(`/pages/ticket/index?id=${encodeURIComponent(t.id)}`)}
    >
      <View className="home-ticket-text">
        <Text className="home-ticket-clinic">{t.clinicName}</Text>
        <Text className="banner-line">
          {t.departmentName} · {t.patientName}
        </Text>
        <Text className="banner-line">
          {t.status !== 'waiting'
            ? (ticketStatusLabels[t.status] ?? t.status)
            : t.ahead > 0
              ? `前面还有 ${t.ahead} 位`
              : '下一位就是您'}{' '}
          ›
        </Text>
      </View>
      <Text className="home-ticket-number">{t.displayNumber}</Text>
    </View>
  );
}

export default function Home() {
  const state = useLoad(readHome);
  const { setData } = state;
  // The last known user shows at once (and offline); the read replaces it.
  useEffect(() => {
    const user = cachedUser();
    if (user && getToken()) setData({ user, tickets: [] });
  }, [setData]);
  const user = state.data?.user;

  const logout = () => {
    clearSession();
    Taro.reLaunch({ url: '/pages/login/index' });
  };

  return (
    <View className="page" id="home">
      <Text className="title">您好{user?.name ? `，${user.name}` : ''}</Text>
      <Loaded state={state} id="home-error">
        {({ user: me, tickets }) => (
          <View>
            <View className="card" id="whoami">
              <Text className="card-title">当前登录</Text>
              <Text className="muted" id="whoami-role">
                身份：{roleText(me)}
              </Text>
            </View>
            {tickets.length > 0 ? <Text className="section-title">我的排队</Text> : null}
            {tickets.map((t) => (
              <HomeTicket key={t.id} t={t} />
            ))}
          </View>
        )}
      </Loaded>

      <Button id="go-book" className="btn btn-primary btn-big" onClick={go('/pages/book/index')}>
        预约挂号
      </Button>
      <Button id="go-appointments" className="btn btn-big" onClick={go('/pages/appointments/index')}>
        我的预约
      </Button>
      <Button id="go-checkin" className="btn btn-big" onClick={go('/pages/checkin/index')}>
        到院签到
      </Button>
      <Button id="go-consult" className="btn" onClick={go('/me/consult')}>
        在线咨询
      </Button>
      <Button id="go-patients" className="btn" onClick={go('/me/patients')}>
        我的就诊人
      </Button>
      <Button id="go-add-patient" className="btn" onClick={go('/pages/patient-form/index')}>
        新增就诊人
      </Button>
      <Button id="go-surveys" className="btn" onClick={go('/survey/list')}>
        就诊评价
      </Button>
      <Button id="go-my-messages" className="btn" onClick={go('/me/messages')}>
        我的消息
      </Button>
      <Button id="go-message-settings" className="btn" onClick={go('/me/settings')}>
        消息设置
      </Button>
      {process.env.TARO_ENV === 'h5' ? (
        <Button id="go-inbox" className="btn" onClick={go('/dev/inbox')}>
          本地收件箱（演示）
        </Button>
      ) : null}
      {isStaff(user) ? (
        <Button id="go-staff" className="btn" onClick={go('/staff/index')}>
          员工工作台
        </Button>
      ) : user ? (
        <Text id="go-bind" className="link" onClick={go('/me/bind')}>
          我是医院员工
        </Text>
      ) : null}
      <Button id="logout" className="btn btn-danger" onClick={logout}>
        退出登录
      </Button>
    </View>
  );
}
