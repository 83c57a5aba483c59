import { clinicDate } from '@shared/dates';
import { maskPhone } from '@shared/phone';
import type { MeView } from '@shared/schemas/auth';
import { type Category, categoryLabels } from '@shared/schemas/common';
import type { StaffPatientView } from '@shared/schemas/patient';
import {
  type AppointmentView,
  appointmentStatusLabels,
  formatFen,
  type TicketView,
  type VisitView,
} from '@shared/schemas/visit-day';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import StaffGate from '../components/StaffGate';
import { checkIn, dayAppointments } from '../services/booking';
import { queueTickets, walkIn } from '../services/queue';
import { ApiError, showError } from '../services/request';
import { patientVisits, searchPatientsByPhone } from '../services/visits';
import { longDate, timeRange } from '../utils/days';
import DeptChips from './DeptChips';
import { useDepartments } from './use-departments';
import './staff.css';

interface Issued {
  ticket: TicketView;
  vip: boolean;
  visitCount: number;
  lastVisit?: VisitView;
  how: 'appointment' | 'walkin';
}

function visitLine(v: VisitView): string {
  const cat = categoryLabels[v.category as Category] ?? v.category;
  return `${v.date} ${cat} ${formatFen(v.chargeFen)}${v.doctorName ? `（${v.doctorName}）` : ''}`;
}

function CheckInDesk({ user }: { user: MeView }) {
  const d = useDepartments(user);
  const today = clinicDate(new Date());
  const [items, setItems] = useState<AppointmentView[] | undefined>();
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState('');
  const [issued, setIssued] = useState<Issued | undefined>();
  const [phone, setPhone] = useState('');
  const [found, setFound] = useState<StaffPatientView[] | undefined>();
  const [chosen, setChosen] = useState('');
  const [searchNote, setSearchNote] = useState('');
  const deptRef = useRef(d.deptId);
  deptRef.current = d.deptId;

  const load = async () => {
    const dept = d.deptId;
    if (!dept) return;
    try {
      const r = await dayAppointments(dept, today);
      if (dept !== deptRef.current) return;
      setItems(r.items.slice().sort((a, b) => a.startsAt.localeCompare(b.startsAt)));
      setProblem('');
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : '预约加载失败');
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the department changes
  useEffect(() => {
    setItems(undefined);
    setIssued(undefined);
    void load();
  }, [d.deptId]);

  /** Who this is: VIP and earlier visits, so the desk can greet an important or returning patient. */
  const describe = async (ticket: TicketView, how: Issued['how']): Promise<Issued> => {
    const [q, v] = await Promise.allSettled([queueTickets(ticket.queueId), patientVisits(ticket.patientId)]);
    const mine = q.status === 'fulfilled' ? q.value.items.find((t) => t.id === ticket.id) : undefined;
    const visits = v.status === 'fulfilled' ? v.value.items.filter((x) => x.date < today || !x.ticketId) : [];
    visits.sort((a, b) => b.date.localeCompare(a.date));
    return {
      ticket,
      how,
      vip: mine?.vip ?? false,
      visitCount: mine?.visitCount ?? visits.length,
      lastVisit: visits[0],
    };
  };

  const doCheckIn = async (a: AppointmentView) => {
    if (busy) return;
    setBusy(a.id);
    try {
      const t = await checkIn(a.id);
      setIssued(await describe(t, 'appointment'));
      void load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy('');
    }
  };

  const search = async () => {
    const p = phone.replace(/\D/g, '');
    if (p.length < 11) {
      setSearchNote('请输入完整的 11 位手机号');
      return;
    }
    setBusy('search');
    setSearchNote('');
    try {
      const r = await searchPatientsByPhone(p);
      setFound(r.items);
      setChosen(r.items[0]?.id ?? '');
      if (r.items.length === 0) setSearchNote('没有找到这个手机号的档案，请先建档。');
    } catch (e) {
      setSearchNote(e instanceof ApiError ? e.message : '查询失败，请稍后重试');
    } finally {
      setBusy('');
    }
  };

  const issue = async () => {
    if (busy || !chosen || !d.deptId) return;
    setBusy('issue');
    try {
      const t = await walkIn(d.deptId, chosen);
      setIssued(await describe(t, 'walkin'));
      setFound(undefined);
      setPhone('');
    } catch (e) {
      showError(e);
    } finally {
      setBusy('');
    }
  };

  return (
    <View className="page" id="staff-checkin">
      <Text className="title">前台签到</Text>
      <Text className="label">科室</Text>
      <DeptChips
        idPrefix="checkin-dept"
        depts={d.depts}
        value={d.deptId}
        problem={d.problem}
        onRetry={d.retry}
        onChange={d.setDeptId}
      />

      {issued ? (
        <View id="staff-checkin-result">
          {issued.ticket && issued.vip ? (
            <View className="notice-vip" id="notice-vip">
              <Text className="notice-vip-title">★ 重要患者（VIP）</Text>
              <Text className="banner-line">请优先接待，并告知主管医生。</Text>
            </View>
          ) : null}
          {issued.visitCount > 0 || issued.lastVisit ? (
            <View className="banner banner-info" id="notice-returning">
              <Text className="banner-title">
                复诊患者{issued.visitCount > 0 ? `（第 ${issued.visitCount + 1} 次就诊）` : ''}
              </Text>
              {issued.lastVisit ? <Text className="banner-line">最近就诊：{visitLine(issued.lastVisit)}</Text> : null}
            </View>
          ) : null}
          <View className="issued">
            <Text className="muted">
              {issued.how === 'walkin' ? '已取号' : '签到成功'} · {issued.ticket.patientName} ·{' '}
              {issued.ticket.departmentName}
            </Text>
            <Text className="issued-number" id="issued-number">
              {issued.ticket.displayNumber}
            </Text>
            <Text className="banner-line">
              前面还有 {issued.ticket.ahead} 位，预计约 {issued.ticket.etaMinutes} 分钟
            </Text>
          </View>
        </View>
      ) : null}

      <Text className="section-title">今日预约（{longDate(today)}）</Text>
      {problem ? (
        <View className="banner banner-error">
          <Text className="banner-line">{problem}</Text>
          <Text className="link" onClick={() => void load()}>
            点此重试
          </Text>
        </View>
      ) : null}
      {!items && d.deptId && !problem ? <Text className="muted">正在加载…</Text> : null}
      {items && items.length === 0 ? (
        <View className="card empty" id="staff-checkin-empty">
          <Text className="empty-text">今天这个科室没有预约</Text>
        </View>
      ) : null}
      {items?.map((a) => (
        <View className="q-row" key={a.id} id={`staff-appointment-${a.id}`}>
          <View style={{ flex: 1 }}>
            <Text className="q-name">{a.patientName}</Text>
            <Text className="muted"> {timeRange(a.startsAt, a.endsAt)}</Text>
          </View>
          {a.status === 'booked' ? (
            <Button
              id={`staff-checkin-${a.id}`}
              className="btn btn-primary btn-small"
              disabled={Boolean(busy) || undefined}
              onClick={() => void doCheckIn(a)}
            >
              {busy === a.id ? '签到中…' : '签到'}
            </Button>
          ) : (
            <Text className={`status status-${a.status}`}>{appointmentStatusLabels[a.status] ?? a.status}</Text>
          )}
        </View>
      ))}

      <Text className="section-title">现场挂号（无预约）</Text>
      <View className="card">
        <Text className="label">患者手机号</Text>
        <View className="date-row">
          <Input
            id="walkin-search"
            className="input"
            type={process.env.TARO_ENV === 'weapp' ? 'number' : 'text'}
            value={phone}
            placeholder="11 位手机号"
            maxlength={20}
            onInput={(e) => setPhone(e.detail.value)}
            onConfirm={() => void search()}
          />
          <View className="date-pick" id="walkin-search-submit" onClick={() => void search()}>
            {busy === 'search' ? '查询中…' : '查询'}
          </View>
        </View>
        {searchNote ? (
          <Text className="error-text" id="walkin-note">
            {searchNote}
          </Text>
        ) : null}
        {found && found.length === 0 ? (
          <Text className="link" onClick={() => Taro.navigateTo({ url: '/staff/lead' })}>
            去建档 ›
          </Text>
        ) : null}
        {found?.map((p) => (
          <View
            key={p.id}
            id={`walkin-patient-${p.id}`}
            className={`pick${p.id === chosen ? ' pick-on' : ''}`}
            style={{ marginTop: '10px' }}
            onClick={() => setChosen(p.id)}
          >
            <Text className="pick-name">
              {p.id === chosen ? '✓ ' : ''}
              {p.name}
              {p.tags.some((t) => t.toUpperCase() === 'VIP') ? <Text className="vip">★ VIP</Text> : null}
            </Text>
            <Text className="muted">{p.phoneMasked ? p.phone : maskPhone(p.phone)}</Text>
          </View>
        ))}
        {found && found.length > 0 ? (
          <Button
            id="walkin-issue"
            className="btn btn-primary"
            style={{ marginTop: '10px', marginBottom: 0 }}
            disabled={Boolean(busy) || !chosen || !d.deptId || undefined}
            onClick={() => void issue()}
          >
            {busy === 'issue'
              ? '正在取号…'
              : `为${found.find((p) => p.id === chosen)?.name ?? ''}取号（${d.dept?.name ?? ''}）`}
          </Button>
        ) : null}
      </View>
    </View>
  );
}

export default function StaffCheckInPage() {
  return <StaffGate>{(user) => <CheckInDesk user={user} />}</StaffGate>;
}
