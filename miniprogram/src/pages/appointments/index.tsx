import { clinicDate } from '@shared/dates';
import type { AppointmentView } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import AppointmentSummary from '../../components/AppointmentSummary';
import { Loaded } from '../../components/Loaded';
import { useLoad } from '../../hooks/use-load';
import { cancelAppointment, checkIn, myAppointments } from '../../services/booking';
import { ApiError, showError } from '../../services/request';
import { longDate, timeRange } from '../../utils/days';
import { confirmDanger, notice } from '../../utils/dialogs';
import { appointmentOrder } from './appointment-order';
import './index.css';

const cancelMessages: Record<string, string> = {
  SLOT_STARTED: '预约时段已经开始，不能在线取消，请联系前台。',
  NOT_CANCELLABLE: '这条预约已签到、已就诊或已取消，不能再取消。',
};

const goBook = () => Taro.navigateTo({ url: '/pages/book/index' });
const goTicket = (ticketId: string) =>
  Taro.navigateTo({ url: `/pages/ticket/index?id=${encodeURIComponent(ticketId)}` });

const bookFirst = (
  <Button className="btn btn-primary" onClick={goBook}>
    去预约挂号
  </Button>
);

export default function Appointments() {
  const state = useLoad(async () => (await myAppointments()).items.slice().sort(appointmentOrder));
  const [busy, setBusy] = useState('');

  const cancel = async (a: AppointmentView) => {
    const sure = await confirmDanger({
      title: '取消预约',
      content: `确定取消 ${a.patientName} ${longDate(a.date)} ${timeRange(a.startsAt, a.endsAt)} 在${a.clinicName}${a.departmentName}的预约吗？`,
      confirmText: '确定取消',
      cancelText: '再想想',
    });
    if (!sure) return;
    setBusy(a.id);
    try {
      const updated = await cancelAppointment(a.id);
      state.setData((state.data ?? []).map((x) => (x.id === a.id ? updated : x)).sort(appointmentOrder));
      Taro.showToast({ title: '已取消', icon: 'success' });
    } catch (e) {
      const m = e instanceof ApiError ? cancelMessages[e.code] : undefined;
      if (m) notice('无法取消', m);
      else showError(e);
      void state.reload();
    } finally {
      setBusy('');
    }
  };

  const doCheckIn = async (a: AppointmentView) => {
    setBusy(a.id);
    try {
      goTicket((await checkIn(a.id)).id);
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
      <Loaded
        state={state}
        id="appointments-error"
        empty={{ when: (items) => items.length === 0, text: '您还没有预约。', action: bookFirst }}
      >
        {(items) => (
          <View>
            {items.map((a) => {
              const booked = a.status === 'booked';
              const started = Date.parse(a.startsAt) <= now;
              return (
                <View className="card" key={a.id} id={`appointment-${a.id}`}>
                  <AppointmentSummary a={a} today={today} />
                  {booked && a.date === today ? (
                    <Button
                      id={`checkin-${a.id}`}
                      className="btn btn-primary btn-big appointment-action"
                      disabled={busy === a.id || undefined}
                      onClick={() => void doCheckIn(a)}
                    >
                      {busy === a.id ? '正在签到…' : '到院签到'}
                    </Button>
                  ) : null}
                  {a.ticketId && a.status === 'checked_in' ? (
                    <Button
                      id={`ticket-link-${a.id}`}
                      className="btn appointment-action"
                      onClick={() => goTicket(a.ticketId ?? '')}
                    >
                      查看排队 ›
                    </Button>
                  ) : null}
                  {booked && !started ? (
                    <Button
                      id={`cancel-${a.id}`}
                      className="btn btn-danger appointment-action"
                      disabled={busy === a.id || undefined}
                      onClick={() => void cancel(a)}
                    >
                      取消预约
                    </Button>
                  ) : null}
                </View>
              );
            })}
            <Button className="btn" onClick={goBook}>
              + 新的预约
            </Button>
          </View>
        )}
      </Loaded>
    </View>
  );
}
