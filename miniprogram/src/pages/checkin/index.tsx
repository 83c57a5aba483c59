import { clinicDate } from '@shared/dates';
import type { AppointmentView } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import AppointmentSummary from '../../components/AppointmentSummary';
import { Banner } from '../../components/Banner';
import { Loaded } from '../../components/Loaded';
import { useLoad } from '../../hooks/use-load';
import { checkIn, myAppointments } from '../../services/booking';
import { messageOf } from '../../services/request';
import { longDate } from '../../utils/days';
import { appointmentOrder } from '../appointments/appointment-order';
import './index.css';

/** The appointment id from ?appointmentId= or a WeChat QR code's scene ("appointmentId=..." or the bare id). */
function appointmentIdOf(params: Record<string, string | undefined>): string {
  if (params.appointmentId) return decodeURIComponent(params.appointmentId);
  const scene = params.scene ? decodeURIComponent(params.scene) : '';
  const m = /(?:^|&)(?:appointmentId|a)=([^&]+)/.exec(scene);
  return m?.[1] ?? (scene.includes('=') ? '' : scene);
}

/** Why an appointment that is not 'booked' today has nothing to check in. */
const doneNotes: Record<string, string> = {
  checked_in: '已签到，请留意叫号。',
  completed: '本次就诊已完成。',
  cancelled: '这条预约已取消，不需要签到。',
};

const goTicket = (ticketId: string) =>
  Taro.redirectTo({ url: `/pages/ticket/index?id=${encodeURIComponent(ticketId)}` });

export default function CheckIn() {
  const wanted = appointmentIdOf(useRouter().params);
  const today = clinicDate(new Date());
  const state = useLoad(
    async () =>
      (await myAppointments()).items
        .filter((a) => (wanted ? a.id === wanted : a.date === today && a.status !== 'cancelled'))
        .sort(appointmentOrder),
    [wanted, today],
  );
  const [busy, setBusy] = useState('');
  const [failed, setFailed] = useState('');

  const run = async (a: AppointmentView) => {
    if (busy) return;
    setBusy(a.id);
    setFailed('');
    try {
      const t = await checkIn(a.id);
      Taro.showToast({ title: `签到成功 ${t.displayNumber}`, icon: 'none' });
      goTicket(t.id);
    } catch (e) {
      setFailed(`签到没有成功：${messageOf(e, '请稍后重试，或到前台签到')}`);
    } finally {
      setBusy('');
    }
  };

  return (
    <View className="page" id="checkin">
      <Text className="title">到院签到</Text>
      <Text className="subtitle">到达医院后签到，系统会为您取一个排队号。</Text>
      <Banner id="checkin-failed" text={failed} />
      <Loaded
        state={state}
        id="checkin-error"
        empty={{
          when: (items) => items.length === 0,
          text: wanted ? '没有找到这条预约，它可能属于其他微信账号。' : '您今天没有需要签到的预约。',
          action: (
            <View>
              <Text className="muted checkin-walk-in">没有预约也可以直接到前台取号。</Text>
              <Button className="btn" onClick={() => Taro.redirectTo({ url: '/pages/appointments/index' })}>
                查看我的预约
              </Button>
            </View>
          ),
        }}
      >
        {(items) =>
          items.map((a) => (
            <View className="card" key={a.id} id={`appointment-${a.id}`}>
              <AppointmentSummary a={a} today={today} />
              {a.status === 'booked' && a.date === today ? (
                <Button
                  id={`checkin-${a.id}`}
                  className="btn btn-primary btn-big checkin-action"
                  disabled={Boolean(busy) || undefined}
                  onClick={() => void run(a)}
                >
                  {busy === a.id ? '正在签到…' : '签到'}
                </Button>
              ) : a.ticketId && a.status === 'checked_in' ? (
                <Button
                  id={`ticket-link-${a.id}`}
                  className="btn btn-primary checkin-action"
                  onClick={() => goTicket(a.ticketId ?? '')}
                >
                  已签到，查看排队 ›
                </Button>
              ) : (
                <Text className="muted checkin-note">
                  {a.status === 'booked'
                    ? `这是 ${longDate(a.date)} 的预约，请当天到院后再签到。`
                    : doneNotes[a.status]}
                </Text>
              )}
            </View>
          ))
        }
      </Loaded>
    </View>
  );
}
