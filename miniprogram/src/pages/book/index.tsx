import type { ClinicView, DepartmentView } from '@shared/schemas/auth';
import type { PatientView } from '@shared/schemas/patient';
import type { AppointmentView, SlotView } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Banner } from '../../components/Banner';
import { book, listClinics, listDepartments, listSlots } from '../../services/booking';
import { listMyPatients } from '../../services/patients';
import { ApiError } from '../../services/request';
import { getToken } from '../../services/session';
import { dayWord, longDate, monthDay, nextDays, timeRange } from '../../utils/days';

const bookingMessages: Record<string, string> = {
  SLOT_FULL: '号源已满：这个时段刚刚被约满了，请选择其他时段。',
  SLOT_CLOSED: '该时段已停止预约（医生停诊或号源关闭），请选择其他时段。',
  SLOT_STARTED: '该时段已经开始，不能再预约，请选择更晚的时段。',
  ALREADY_BOOKED: '该就诊人当天在这个科室已有预约，无需重复预约。可在“我的预约”中查看或取消。',
};

function messageOf(e: unknown): string {
  if (e instanceof ApiError) return bookingMessages[e.code] ?? e.message;
  return '预约失败，请稍后重试';
}

export default function Book() {
  const [patients, setPatients] = useState<PatientView[] | undefined>();
  const [clinics, setClinics] = useState<ClinicView[]>([]);
  const [depts, setDepts] = useState<DepartmentView[]>([]);
  const [slots, setSlots] = useState<SlotView[] | undefined>();
  const [patientId, setPatientId] = useState('');
  const [clinicId, setClinicId] = useState('');
  const [deptId, setDeptId] = useState('');
  const [date, setDate] = useState('');
  const [picked, setPicked] = useState<SlotView | undefined>();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState('');
  const [bookError, setBookError] = useState('');
  const [done, setDone] = useState<AppointmentView | undefined>();
  const [loadingSlots, setLoadingSlots] = useState(false);
  const days = nextDays(14);

  const loadBase = async () => {
    if (!getToken()) {
      Taro.reLaunch({ url: '/pages/login/index' });
      return;
    }
    setProblem('');
    try {
      const [p, c] = await Promise.all([listMyPatients(), listClinics()]);
      setPatients(p.items);
      setClinics(c.items);
      if (p.items.length === 1 && p.items[0]) setPatientId((cur) => cur || (p.items[0]?.id ?? ''));
      if (c.items.length === 1 && c.items[0]) setClinicId((cur) => cur || (c.items[0]?.id ?? ''));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) setProblem(e instanceof ApiError ? e.message : '加载失败');
    }
  };

  useDidShow(() => {
    if (!patients) void loadBase();
  });

  useEffect(() => {
    setDepts([]);
    setDeptId('');
    if (!clinicId) return;
    listDepartments(clinicId)
      .then((r) => {
        setDepts(r.items);
        if (r.items.length === 1 && r.items[0]) setDeptId(r.items[0].id);
      })
      .catch((e) => setProblem(e instanceof ApiError ? e.message : '科室加载失败'));
  }, [clinicId]);

  const loadSlots = async (dept = deptId, day = date) => {
    if (!dept || !day) return;
    setLoadingSlots(true);
    try {
      const r = await listSlots(dept, day);
      setSlots(r.items.slice().sort((a, b) => a.startsAt.localeCompare(b.startsAt)));
      setProblem('');
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : '号源加载失败');
    } finally {
      setLoadingSlots(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload only when the choice changes
  useEffect(() => {
    setSlots(undefined);
    void loadSlots(deptId, date);
  }, [deptId, date]);

  const open = (s: SlotView) => {
    setBookError('');
    setPicked(s);
  };

  const confirm = async () => {
    if (!picked || !patientId || sending) return;
    setSending(true);
    setBookError('');
    try {
      const a = await book(patientId, picked.id);
      setDone(a);
      setPicked(undefined);
    } catch (e) {
      setBookError(messageOf(e));
      if (e instanceof ApiError && e.status === 409) {
        if (e.code !== 'ALREADY_BOOKED') void loadSlots();
      }
    } finally {
      setSending(false);
    }
  };

  const patient = patients?.find((p) => p.id === patientId);
  const clinic = clinics.find((c) => c.id === clinicId);
  const dept = depts.find((d) => d.id === deptId);

  if (done) {
    return (
      <View className="page" id="book-success">
        <View className="banner banner-info">
          <Text className="banner-title">✓ 预约成功</Text>
          <Text className="banner-line">请按预约时间到院，到院后在前台或用“到院签到”取号。</Text>
        </View>
        <View className="card">
          <View className="kv">
            <Text className="kv-key">就诊人</Text>
            <Text className="kv-value">{done.patientName}</Text>
          </View>
          <View className="kv">
            <Text className="kv-key">科室</Text>
            <Text className="kv-value">{done.departmentName}</Text>
          </View>
          <View className="kv">
            <Text className="kv-key">日期</Text>
            <Text className="kv-value">
              {longDate(done.date)}（{dayWord(done.date)}）
            </Text>
          </View>
          <View className="kv">
            <Text className="kv-key">时间</Text>
            <Text className="kv-value">{timeRange(done.startsAt, done.endsAt)}</Text>
          </View>
          {clinic ? (
            <View className="kv">
              <Text className="kv-key">地址</Text>
              <Text className="kv-value">
                {clinic.name} {clinic.address}
              </Text>
            </View>
          ) : null}
        </View>
        <Button
          id="book-go-appointments"
          className="btn btn-primary"
          onClick={() => Taro.redirectTo({ url: '/pages/appointments/index' })}
        >
          查看我的预约
        </Button>
        <Button className="btn" onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
          返回首页
        </Button>
      </View>
    );
  }

  return (
    <View className="page" id="book">
      <Text className="title">预约挂号</Text>
      {problem ? (
        <View className="banner banner-error" id="book-problem">
          <Text className="banner-line">{problem}</Text>
          <Text className="link" onClick={() => void (patients ? loadSlots() : loadBase())}>
            点此重试
          </Text>
        </View>
      ) : null}
      {!patients && !problem ? <Text className="muted">正在加载…</Text> : null}

      {patients && patients.length === 0 ? (
        <View className="card empty" id="book-no-patient">
          <Text className="empty-text">预约前请先添加就诊人（可以是您本人或家人）。</Text>
          <Button
            className="btn btn-primary"
            onClick={() => Taro.navigateTo({ url: '/pages/patient-form/index' })}
            id="book-add-patient"
          >
            添加就诊人
          </Button>
        </View>
      ) : null}

      {patients && patients.length > 0 ? (
        <View>
          <Text className="section-title">1. 选择就诊人</Text>
          <View className="chips">
            {patients.map((p) => (
              <View
                key={p.id}
                id={`book-patient-${p.id}`}
                className={`chip${p.id === patientId ? ' chip-on' : ''}`}
                onClick={() => setPatientId(p.id)}
              >
                <Text>{p.id === patientId ? `✓ ${p.name}` : p.name}</Text>
              </View>
            ))}
          </View>

          <Text className="section-title">2. 选择门诊</Text>
          {clinics.map((c) => (
            <View
              key={c.id}
              id={`book-clinic-${c.id}`}
              className={`pick${c.id === clinicId ? ' pick-on' : ''}`}
              onClick={() => setClinicId(c.id)}
            >
              <Text className="pick-name">
                {c.id === clinicId ? '✓ ' : ''}
                {c.name}
              </Text>
              <Text className="muted">
                {c.city} {c.address}
              </Text>
            </View>
          ))}

          {clinicId ? (
            <View>
              <Text className="section-title">3. 选择科室</Text>
              <View className="chips">
                {depts.map((d) => (
                  <View
                    key={d.id}
                    id={`book-dept-${d.id}`}
                    className={`chip${d.id === deptId ? ' chip-on' : ''}`}
                    onClick={() => setDeptId(d.id)}
                  >
                    <Text>{d.id === deptId ? `✓ ${d.name}` : d.name}</Text>
                  </View>
                ))}
              </View>
            </View>
          ) : null}

          {deptId ? (
            <View>
              <Text className="section-title">4. 选择日期</Text>
              <View className="day-chips">
                {days.map((d) => (
                  <View
                    key={d}
                    id={`book-date-${d}`}
                    className={`day-chip${d === date ? ' day-chip-on' : ''}`}
                    onClick={() => setDate(d)}
                  >
                    <Text className="day-word">{dayWord(d)}</Text>
                    <Text className="day-date">{monthDay(d)}</Text>
                  </View>
                ))}
              </View>
            </View>
          ) : null}

          {deptId && date ? (
            <View id="book-slots">
              <Text className="section-title">5. 选择时段（{longDate(date)}）</Text>
              {loadingSlots && !slots ? <Text className="muted">正在查询号源…</Text> : null}
              {slots && slots.length === 0 ? (
                <View className="card empty" id="book-no-slots">
                  <Text className="empty-text">这一天暂无可预约的号源，请换一天看看。</Text>
                </View>
              ) : null}
              {slots?.map((s) => {
                const off = s.closed || s.started || s.remaining <= 0;
                const note = s.closed
                  ? '已停诊'
                  : s.started
                    ? '已开始'
                    : s.remaining <= 0
                      ? '已满'
                      : `剩余 ${s.remaining}`;
                return (
                  <View
                    key={s.id}
                    id={`slot-${s.id}`}
                    className={`slot${off ? ' slot-off' : ''}`}
                    onClick={() => (off ? undefined : open(s))}
                  >
                    <View>
                      <Text className="slot-time">{timeRange(s.startsAt, s.endsAt)}</Text>
                      {s.doctorName ? <Text className="muted"> {s.doctorName}</Text> : null}
                    </View>
                    <Text className="slot-left">{note}</Text>
                  </View>
                );
              })}
            </View>
          ) : null}
          {!patientId && deptId && date ? (
            <View className="banner banner-warn">
              <Text className="banner-line">请先在上方选择就诊人。</Text>
            </View>
          ) : null}
        </View>
      ) : null}

      {picked ? (
        <View>
          <View className="sheet-mask" onClick={() => (sending ? undefined : setPicked(undefined))} />
          <View className="sheet" id="book-sheet">
            <Text className="card-title">请确认预约信息</Text>
            <Banner id="book-error" text={bookError} />
            <View className="kv">
              <Text className="kv-key">就诊人</Text>
              <Text className="kv-value">{patient?.name ?? '请先选择就诊人'}</Text>
            </View>
            <View className="kv">
              <Text className="kv-key">科室</Text>
              <Text className="kv-value">
                {clinic?.name} {dept?.name}
              </Text>
            </View>
            <View className="kv">
              <Text className="kv-key">时间</Text>
              <Text className="kv-value">
                {longDate(picked.date)} {timeRange(picked.startsAt, picked.endsAt)}
              </Text>
            </View>
            {picked.doctorName ? (
              <View className="kv">
                <Text className="kv-key">医生</Text>
                <Text className="kv-value">{picked.doctorName}</Text>
              </View>
            ) : null}
            <View className="btn-row">
              <Button className="btn" disabled={sending || undefined} onClick={() => setPicked(undefined)}>
                返回
              </Button>
              <Button
                id="book-confirm"
                className="btn btn-primary"
                disabled={sending || !patientId || undefined}
                onClick={() => void confirm()}
              >
                {sending ? '正在预约…' : '确认预约'}
              </Button>
            </View>
          </View>
        </View>
      ) : null}
    </View>
  );
}
