import { clinicDate } from '@shared/dates';
import type { MeView } from '@shared/schemas/auth';
import { type AppointmentView, appointmentStatusLabels, type TicketView } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { Loaded } from '../components/Loaded';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { checkIn, dayAppointments } from '../services/booking';
import { showError } from '../services/request';
import { longDate, timeRange } from '../utils/days';
import { describe, type Issued, IssuedCard } from './checkin-issued';
import { WalkIn } from './checkin-walkin';
import DeptChips from './DeptChips';
import { useDepartments } from './use-departments';
import './staff.css';

/** One booking of the day: 签到 while booked; a closed slot's booking says so, for the desk to call. */
function AppointmentRow({ a, busy, onCheckIn }: { a: AppointmentView; busy: string; onCheckIn: () => void }) {
  return (
    <View className={`q-row${a.slotClosed ? ' q-row-closed' : ''}`} id={`staff-appointment-${a.id}`}>
      <View className="q-row-main">
        <Text className="q-name">{a.patientName}</Text>
        <Text className="muted"> {timeRange(a.startsAt, a.endsAt)}</Text>
        {a.slotClosed ? (
          <Text className="closed-note" id={`slot-closed-${a.id}`}>
            <Text className="closed-tag">停诊</Text>
            {a.status === 'booked' ? '请通知患者改约' : ''}
          </Text>
        ) : null}
      </View>
      {a.status === 'booked' ? (
        <Button
          id={`staff-checkin-${a.id}`}
          className="btn btn-primary btn-small"
          disabled={Boolean(busy) || undefined}
          onClick={onCheckIn}
        >
          {busy === a.id ? '签到中…' : '签到'}
        </Button>
      ) : (
        <Text className={`status status-${a.status}`}>{appointmentStatusLabels[a.status] ?? a.status}</Text>
      )}
    </View>
  );
}

function CheckInDesk({ user }: { user: MeView }) {
  const d = useDepartments(user);
  const deptId = d.deptId;
  const today = clinicDate(new Date());
  const day = useLoad(
    async () => ({
      deptId,
      items: deptId
        ? (await dayAppointments(deptId, today)).items.slice().sort((a, b) => a.startsAt.localeCompare(b.startsAt))
        : [],
    }),
    [deptId, today],
  );
  const shown = day.data?.deptId === deptId ? day.data : undefined;
  const [busy, setBusy] = useState('');
  const [issued, setIssued] = useState<Issued | undefined>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: a number shown belongs to the department it was given in
  useEffect(() => setIssued(undefined), [deptId]);

  const show = async (t: TicketView, how: Issued['how']) => {
    setIssued(await describe(t, how));
    void day.reload();
  };

  const doCheckIn = async (a: AppointmentView) => {
    if (busy) return;
    setBusy(a.id);
    try {
      await show(await checkIn(a.id), 'appointment');
    } catch (e) {
      showError(e);
    } finally {
      setBusy('');
    }
  };

  return (
    <View className="page" id="staff-checkin">
      <Text className="title">前台签到</Text>
      <DeptChips idPrefix="checkin-dept" d={d} />
      {issued ? <IssuedCard issued={issued} /> : null}

      <Text className="section-title">今日预约（{longDate(today)}）</Text>
      {deptId ? (
        <Loaded
          state={{ ...day, data: shown }}
          id="staff-checkin-error"
          empty={{ when: (x) => x.items.length === 0, text: '今天这个科室没有预约' }}
        >
          {(x) => (
            <View id="staff-checkin-list">
              {x.items.map((a) => (
                <AppointmentRow key={a.id} a={a} busy={busy} onCheckIn={() => void doCheckIn(a)} />
              ))}
            </View>
          )}
        </Loaded>
      ) : null}

      <Text className="section-title">现场挂号（无预约）</Text>
      <WalkIn deptId={deptId} deptName={d.dept?.name ?? ''} onIssued={(t) => show(t, 'walkin')} />
    </View>
  );
}

export default function StaffCheckInPage() {
  return <StaffGate>{(user) => <CheckInDesk user={user} />}</StaffGate>;
}
