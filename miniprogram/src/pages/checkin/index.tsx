import { clinicDate } from '@shared/dates';
import type { AppointmentView } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { checkIn, myAppointments } from '../../services/booking';
import { ApiError } from '../../services/request';
import { getToken } from '../../services/session';
import { longDate, timeRange } from '../../utils/days';

/** The appointment id from ?appointmentId= or a WeChat QR code's scene ("appointmentId=..." or the bare id). */
function appointmentIdOf(params: Record<string, string | undefined>): string {
  if (params.appointmentId) return decodeURIComponent(params.appointmentId);
  const scene = params.scene ? decodeURIComponent(params.scene) : '';
  const m = /(?:^|&)(?:appointmentId|a)=([^&]+)/.exec(scene);
  return m?.[1] ?? (scene.includes('=') ? '' : scene);
}

const goTicket = (ticketId: string) =>
  Taro.redirectTo({ url: `/pages/ticket/index?id=${encodeURIComponent(ticketId)}` });

export default function CheckIn() {
  const router = useRouter();
  const wanted = appointmentIdOf(router.params);
  const [items, setItems] = useState<AppointmentView[] | undefined>();
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState('');
  const [failed, setFailed] = useState('');
  const today = clinicDate(new Date());

  const load = async () => {
    if (!getToken()) {
      Taro.reLaunch({ url: '/pages/login/index' });
      return;
    }
    try {
      const all = (await myAppointments()).items;
      setItems(all.filter((a) => (wanted ? a.id === wanted : a.date === today && a.status !== 'cancelled')));
      setProblem('');
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) setProblem(e instanceof ApiError ? e.message : '加载失败');
    }
  };

  useDidShow(() => {
    void load();
  });

  const run = async (a: AppointmentView) => {
    if (busy) return;
    setBusy(a.id);
    setFailed('');
    try {
      const t = await checkIn(a.id);
      Taro.showToast({ title: `签到成功 ${t.displayNumber}`, icon: 'none' });
      goTicket(t.id);
    } catch (e) {
      setFailed(e instanceof ApiError ? e.message : '签到失败，请稍后重试或到前台签到');
    } finally {
      setBusy('');
    }
  };

  return (
    <View className="page" id="checkin">
      <Text className="title">到院签到</Text>
      <Text className="subtitle">到达医院后签到，系统会为您取一个排队号。</Text>
      {problem ? (
        <View className="banner banner-error" id="checkin-error">
          <Text className="banner-line">{problem}</Text>
          <Text className="link" onClick={() => void load()}>
            点此重试
          </Text>
        </View>
      ) : null}
      {failed ? (
        <View className="banner banner-error" id="checkin-failed">
          <Text className="banner-title">签到没有成功</Text>
          <Text className="banner-line">{failed}</Text>
        </View>
      ) : null}
      {!items && !problem ? <Text className="muted">正在加载…</Text> : null}
      {items && items.length === 0 ? (
        <View className="card empty" id="checkin-empty">
          <Text className="empty-text">
            {wanted ? '没有找到这条预约，它可能属于其他微信账号。' : '您今天没有需要签到的预约。'}
          </Text>
          <Text className="muted">没有预约也可以直接到前台取号。</Text>
          <Button
            className="btn"
            style={{ marginTop: '16px' }}
            onClick={() => Taro.redirectTo({ url: '/pages/appointments/index' })}
          >
            查看我的预约
          </Button>
        </View>
      ) : null}
      {items?.map((a) => (
        <View className="card" key={a.id} id={`appointment-${a.id}`}>
          <Text className="card-title">
            {a.patientName} · {a.departmentName}
          </Text>
          <Text className="banner-line">
            {longDate(a.date)} {timeRange(a.startsAt, a.endsAt)}
          </Text>
          {a.status === 'booked' && a.date === today ? (
            <Button
              id={`checkin-${a.id}`}
              className="btn btn-primary btn-big"
              style={{ marginTop: '14px', marginBottom: 0 }}
              disabled={Boolean(busy) || undefined}
              onClick={() => void run(a)}
            >
              {busy === a.id ? '正在签到…' : '签到'}
            </Button>
          ) : a.ticketId ? (
            <Button
              id={`ticket-link-${a.id}`}
              className="btn btn-primary"
              style={{ marginTop: '14px', marginBottom: 0 }}
              onClick={() => goTicket(a.ticketId ?? '')}
            >
              已签到，查看排队 ›
            </Button>
          ) : (
            <Text className="muted">
              {a.status === 'booked' ? `这是 ${longDate(a.date)} 的预约，请当天到院后再签到。` : '这条预约不需要签到。'}
            </Text>
          )}
        </View>
      ))}
    </View>
  );
}
