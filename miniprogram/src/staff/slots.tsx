import { clinicDate } from '@shared/dates';
import type { MeView } from '@shared/schemas/auth';
import { createSlotsInput, type DoctorView, type SlotView } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import DateField from '../components/DateField';
import FormField from '../components/FormField';
import StaffGate from '../components/StaffGate';
import { closeSlot, createSlots, listDoctors, listSlots } from '../services/booking';
import { ApiError, showError } from '../services/request';
import { addDays, longDate, timeRange } from '../utils/days';
import { errorsByPath, errorsFromApi, type FieldErrors } from '../utils/form';
import DeptChips from './DeptChips';
import { hasRole, MANAGERS } from './roles';
import { useDepartments } from './use-departments';
import './staff.css';

const weekdayOptions = ['一', '二', '三', '四', '五', '六', '日'].map((w, i) => ({
  value: String(i + 1),
  label: `周${w}`,
}));

interface SlotsForm {
  doctorId: string;
  fromDate: string;
  toDate: string;
  weekdays: string[];
  times: string;
  duration: string;
  capacity: string;
}

/** "9:00, 09:30 10:00" -> ['09:00', '09:30', '10:00'] */
function parseTimes(s: string): string[] {
  return s
    .split(/[\s,，、;；]+/)
    .filter(Boolean)
    .map((t) => t.replace('：', ':').replace(/^(\d):/, '0$1:'));
}

function SlotsDesk({ user }: { user: MeView }) {
  const d = useDepartments(user);
  const today = clinicDate(new Date());
  const [doctors, setDoctors] = useState<DoctorView[]>([]);
  const [form, setForm] = useState<SlotsForm>({
    doctorId: '',
    fromDate: addDays(today, 1),
    toDate: addDays(today, 14),
    weekdays: ['1', '2', '3', '4', '5'],
    times: '09:00, 09:30, 10:00, 10:30, 11:00, 14:00, 14:30, 15:00, 15:30, 16:00',
    duration: '30',
    capacity: '3',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState('');
  const [result, setResult] = useState('');
  const [sending, setSending] = useState(false);
  const [day, setDay] = useState(today);
  const [daySlots, setDaySlots] = useState<SlotView[] | undefined>();
  const [closing, setClosing] = useState('');

  useEffect(() => {
    if (d.clinicId)
      listDoctors(d.clinicId)
        .then((r) => setDoctors(r.items))
        .catch(() => undefined);
  }, [d.clinicId]);

  const loadDay = async () => {
    if (!d.deptId || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    try {
      const r = await listSlots(d.deptId, day);
      setDaySlots(r.items.slice().sort((a, b) => a.startsAt.localeCompare(b.startsAt)));
    } catch (e) {
      showError(e);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the department or day changes
  useEffect(() => {
    setDaySlots(undefined);
    void loadDay();
  }, [d.deptId, day]);

  const set = <K extends keyof SlotsForm>(key: K, value: SlotsForm[K]) => {
    setResult('');
    setForm((f) => ({ ...f, [key]: value }));
  };

  const submit = async () => {
    if (sending || !d.deptId) return;
    setBanner('');
    setResult('');
    const input = {
      departmentId: d.deptId,
      doctorId: form.doctorId || undefined,
      fromDate: form.fromDate,
      toDate: form.toDate,
      weekdays: form.weekdays.map(Number).sort(),
      times: parseTimes(form.times),
      durationMinutes: Number(form.duration),
      capacity: Number(form.capacity),
    };
    const parsed = createSlotsInput.safeParse(input);
    if (!parsed.success) {
      const errs = errorsByPath(parsed.error.issues);
      for (const k of Object.keys(errs)) if (k.startsWith('times.')) errs.times = errs[k] ?? '';
      setErrors(errs);
      setBanner('请按提示修改标红的内容');
      return;
    }
    setErrors({});
    setSending(true);
    try {
      const r = await createSlots(parsed.data);
      setResult(`已开放 ${r.created} 个号源${r.skipped ? `，跳过 ${r.skipped} 个（该时段已有号源）` : ''}。`);
      void loadDay();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        setErrors(errorsFromApi(e.fields));
        setBanner(e.message);
      } else showError(e);
    } finally {
      setSending(false);
    }
  };

  const close = async (s: SlotView) => {
    setClosing(s.id);
    try {
      await closeSlot(s.id);
      await loadDay();
    } catch (e) {
      showError(e);
    } finally {
      setClosing('');
    }
  };

  if (!hasRole(user, MANAGERS)) {
    return (
      <View className="page">
        <Text className="title">号源管理</Text>
        <View className="banner banner-info" id="slots-not-allowed">
          <Text className="banner-line">号源管理需要管理者角色。</Text>
        </View>
      </View>
    );
  }

  return (
    <View className="page" id="slots">
      <Text className="title">号源管理</Text>
      <Text className="label">科室</Text>
      <DeptChips
        idPrefix="slots-dept"
        depts={d.depts}
        value={d.deptId}
        problem={d.problem}
        onRetry={d.retry}
        onChange={d.setDeptId}
      />

      <Text className="section-title">批量开放号源</Text>
      <Banner id="form-error" text={banner} />
      <View className="field">
        <Text className="label">
          医生<Text className="label-hint">选填，不选则为科室号</Text>
        </Text>
        <Chips
          idPrefix="slots-doctor"
          options={[{ value: '', label: '不指定' }, ...doctors.map((x) => ({ value: x.id, label: x.name }))]}
          selected={form.doctorId}
          onToggle={(v) => set('doctorId', v)}
        />
      </View>
      <DateField
        id="field-fromDate"
        label="开始日期"
        placeholder={today}
        start={today}
        end={addDays(today, 365)}
        value={form.fromDate}
        error={errors.fromDate}
        onChange={(v) => set('fromDate', v)}
      />
      <DateField
        id="field-toDate"
        label="结束日期"
        placeholder={addDays(today, 14)}
        start={today}
        end={addDays(today, 365)}
        value={form.toDate}
        error={errors.toDate}
        onChange={(v) => set('toDate', v)}
      />
      <View className="field">
        <Text className="label">每周哪几天</Text>
        <Chips
          idPrefix="weekday"
          options={weekdayOptions}
          selected={form.weekdays}
          onToggle={(v) =>
            set('weekdays', form.weekdays.includes(v) ? form.weekdays.filter((w) => w !== v) : [...form.weekdays, v])
          }
        />
        {errors.weekdays ? (
          <Text className="error-text" id="error-weekdays">
            请至少选择一天
          </Text>
        ) : null}
      </View>
      <FormField
        id="field-times"
        label="开始时间"
        hint="用逗号或空格分隔"
        multiline
        value={form.times}
        error={errors.times}
        onChange={(v) => set('times', v)}
      />
      <View className="row">
        <View style={{ flex: 1, marginRight: '8px' }}>
          <FormField
            id="field-duration"
            label="每段分钟"
            type="number"
            value={form.duration}
            error={errors.durationMinutes}
            onChange={(v) => set('duration', v)}
          />
        </View>
        <View style={{ flex: 1 }}>
          <FormField
            id="field-capacity"
            label="每段人数"
            type="number"
            value={form.capacity}
            error={errors.capacity}
            onChange={(v) => set('capacity', v)}
          />
        </View>
      </View>
      {result ? (
        <View className="banner banner-info" id="slots-result">
          <Text className="banner-line">{result}</Text>
        </View>
      ) : null}
      <Button
        id="slots-submit"
        className="btn btn-primary"
        disabled={sending || !d.deptId || undefined}
        onClick={() => void submit()}
      >
        {sending ? '正在开放…' : '开放号源'}
      </Button>

      <Text className="section-title">查看 / 停诊某一天</Text>
      <DateField
        id="field-day"
        label="日期"
        placeholder={today}
        start={addDays(today, -30)}
        end={addDays(today, 365)}
        value={day}
        onChange={setDay}
      />
      {daySlots && daySlots.length === 0 ? <Text className="muted">{longDate(day)} 没有号源</Text> : null}
      {daySlots?.map((s) => (
        <View className="q-row" key={s.id} id={`day-slot-${s.id}`}>
          <Text className="q-row-name">
            {timeRange(s.startsAt, s.endsAt)} {s.doctorName ?? ''}
          </Text>
          <Text className="muted" style={{ marginRight: '8px' }}>
            {s.booked}/{s.capacity}
          </Text>
          {s.closed ? (
            <Text className="status status-cancelled">已停诊</Text>
          ) : (
            <Button
              id={`close-${s.id}`}
              className="btn btn-danger btn-small"
              disabled={closing === s.id || s.started || undefined}
              onClick={() => void close(s)}
            >
              停诊
            </Button>
          )}
        </View>
      ))}
    </View>
  );
}

export default function SlotsPage() {
  return <StaffGate>{(user) => <SlotsDesk user={user} />}</StaffGate>;
}
