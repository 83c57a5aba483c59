import { clinicDate } from '@shared/dates';
import { type AppointmentView, appointmentStatusLabels } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { cancelAppointment, checkIn, myAppointments } from '../../services/booking';
import { ApiError, showError } from '../../services/request';
import { getToken } from '../../services/session';
import { dayWord, longDate, timeRange } from '../../utils/days';

const cancelMessages: Record<string, string> = {
  SLOT_STARTED: '预约时段已经开始，不能在线取消，请联系前台。',
  NOT_CANCELLABLE: '这条预约已签到、已就诊或已取消，不能再取消。',
};

export default function Appointments() {
  const [items, setItems] = useState<AppointmentView[] | undefined>();
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState('');

  const load = async () => {
    if (!getToken()) {
      Taro.reLaunch({ url: '/pages/login/index' });
      return;
    }
    try {
      setItems((await myAppointments()).items);
      setProblem('');
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) setProblem(e instanceof ApiError ? e.message : '加载失败');
    }
  };

  useDidShow(() => {
    void load();
  });

  const cancel = async (a: AppointmentView) => {
    const r = await Taro.showModal({
      title: '取消预约',
      content: `确定取消 ${a.patientName} ${longDate(a.date)} ${timeRange(a.startsAt, a.endsAt)} 的${a.departmentName}预约吗？`,
      confirmText: '确定取消',
      cancelText: '再想想',
      confirmColor: '#b42318',
    });
    if (!r.confirm) return;
    setBusy(a.id);
    try {
      const updated = await cancelAppointment(a.id);
      setItems((cur) => cur?.map((x) => (x.id === a.id ? updated : x)));
      Taro.showToast({ title: '已取消', icon: 'success' });
    } catch (e) {
      const m = e instanceof ApiError ? cancelMessages[e.code] : undefined;
      if (m) Taro.showModal({ title: '无法取消', content: m, showCancel: false, confirmText: '知道了' });
      else showError(e);
      void load();
    } finally {
      setBusy('');
    }
  };

  const doCheckIn = async (a: AppointmentView) => {
    setBusy(a.id);
    try {
      const t = await checkIn(a.id);
      Taro.navigateTo({ url: `/pages/ticket/index?id=${encodeURIComponent(t.id)}` });
    } catch (e) {
      showError(e);
    } finally {
      setBusy('');
    }
  };

  const today = clinicDate(new Date());
  const now = Date.now();

  return (
    <View className="page" id="appointments">
      <Text className="title">我的预约</Text>
      {problem ? (
        <View className="banner banner-error" id="appointments-error">
          <Text className="banner-line">{problem}</Text>
          <Text className="link" onClick={() => void load()}>
            点此重试
          </Text>
        </View>
      ) : null}
      {!items && !problem ? <Text className="muted">正在加载…</Text> : null}
      {items && items.length === 0 ? (
        <View className="card empty" id="appointments-empty">
          <Text className="empty-text">您还没有预约。</Text>
          <Button className="btn btn-primary" onClick={() => Taro.navigateTo({ url: '/pages/book/index' })}>
            去预约挂号
          </Button>
        </View>
      ) : null}
      {items?.map((a) => {
        const booked = a.status === 'booked';
        const started = Date.parse(a.startsAt) <= now;
        return (
          <View className="card" key={a.id} id={`appointment-${a.id}`}>
            <View className="row-between">
              <Text className="card-title">
                {a.departmentName} · {a.patientName}
              </Text>
              <Text className={`status status-${a.status}`}>{appointmentStatusLabels[a.status] ?? a.status}</Text>
            </View>
            <Text className="banner-line">
              {longDate(a.date)}（{dayWord(a.date, today)}） {timeRange(a.startsAt, a.endsAt)}
            </Text>
            {booked && a.date === today ? (
              <Button
                id={`checkin-${a.id}`}
                className="btn btn-primary btn-big"
                style={{ marginTop: '12px' }}
                disabled={busy === a.id || undefined}
                onClick={() => void doCheckIn(a)}
              >
                {busy === a.id ? '正在签到…' : '到院签到'}
              </Button>
            ) : null}
            {a.ticketId ? (
              <Button
                id={`ticket-link-${a.id}`}
                className="btn"
                style={{ marginTop: '12px' }}
                onClick={() =>
                  Taro.navigateTo({ url: `/pages/ticket/index?id=${encodeURIComponent(a.ticketId ?? '')}` })
                }
              >
                查看排队 ›
              </Button>
            ) : null}
            {booked && !started ? (
              <Button
                id={`cancel-${a.id}`}
                className="btn btn-danger"
                style={{ marginTop: '4px', marginBottom: 0 }}
                disabled={busy === a.id || undefined}
                onClick={() => void cancel(a)}
              >
                取消预约
              </Button>
            ) : null}
          </View>
        );
      })}
      {items && items.length > 0 ? (
        <Button className="btn" onClick={() => Taro.navigateTo({ url: '/pages/book/index' })}>
          + 新的预约
        </Button>
      ) : null}
    </View>
  );
}
