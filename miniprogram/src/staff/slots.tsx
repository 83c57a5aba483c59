import { clinicDate } from '@shared/dates';
import type { MeView } from '@shared/schemas/auth';
import { createSlotsInput } from '@shared/schemas/visit-day';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import DateField from '../components/DateField';
import FormField from '../components/FormField';
import StaffGate from '../components/StaffGate';
import { useLoad } from '../hooks/use-load';
import { useZodForm } from '../hooks/use-zod-form';
import { createSlots, listDoctors } from '../services/booking';
import { addDays } from '../utils/days';
import ChoiceField from './ChoiceField';
import DeptChips from './DeptChips';
import { MANAGERS } from './roles';
import { DaySlots } from './slots-day';
import { slotsInput, timesError, usualWeek, weekdayOptions } from './slots-form';
import { useDepartments } from './use-departments';
import './staff.css';

function SlotsDesk({ user }: { user: MeView }) {
  const d = useDepartments(user);
  const today = clinicDate(new Date());
  // Without doctors the pattern still opens department slots: a failed read only hides the choice.
  const doctors = useLoad(
    () => (d.clinicId ? listDoctors(d.clinicId).then((r) => r.items) : Promise.resolve([])),
    [d.clinicId],
    false,
  );
  const form = useZodForm({
    schema: createSlotsInput,
    initial: usualWeek(today),
    toInput: (f) => slotsInput(d.deptId, f),
  });
  const [result, setResult] = useState('');
  const [opened, setOpened] = useState(0);
  const f = form.values;

  const submit = () =>
    form.submit(async (input) => {
      setResult('');
      const r = await createSlots(input);
      setResult(`已开放 ${r.created} 个号源${r.skipped ? `，跳过 ${r.skipped} 个（该时段已有号源）` : ''}。`);
      setOpened((n) => n + 1);
    });

  const toggleWeekday = (v: string) =>
    form.set('weekdays', f.weekdays.includes(v) ? f.weekdays.filter((w) => w !== v) : [...f.weekdays, v]);

  return (
    <View className="page" id="slots">
      <Text className="title">号源管理</Text>
      <DeptChips idPrefix="slots-dept" d={d} />

      <Text className="section-title">批量开放号源</Text>
      <ChoiceField name="doctorId" label="医生" hint="选填，不选则为科室号">
        <Chips
          idPrefix="slots-doctor"
          options={[
            { value: '', label: '不指定' },
            ...(doctors.data ?? []).map((x) => ({ value: x.id, label: x.name })),
          ]}
          selected={f.doctorId}
          onToggle={(v) => form.set('doctorId', v)}
        />
      </ChoiceField>
      <DateField {...form.field('fromDate')} label="开始日期" start={today} end={addDays(today, 365)} />
      <DateField {...form.field('toDate')} label="结束日期" start={today} end={addDays(today, 365)} />
      <ChoiceField name="weekdays" label="每周哪几天" error={form.errors.weekdays ? '请至少选择一天' : undefined}>
        <Chips idPrefix="weekday" options={weekdayOptions} selected={f.weekdays} onToggle={toggleWeekday} />
      </ChoiceField>
      <FormField
        {...form.field('times')}
        error={timesError(form.errors)}
        label="开始时间"
        hint="用逗号或空格分隔"
        multiline
      />
      <View className="row">
        <View className="slots-half">
          <FormField {...form.field('duration')} error={form.errors.durationMinutes} label="每段分钟" type="number" />
        </View>
        <View className="slots-half">
          <FormField {...form.field('capacity')} label="每段人数" type="number" />
        </View>
      </View>
      {/* Beside the button that was tapped: a message at the top of a long form goes unseen. */}
      <Banner id="form-error" text={form.banner} />
      <Banner id="slots-result" kind="info" text={result} />
      <Button
        id="slots-submit"
        className="btn btn-primary"
        disabled={form.sending || !d.deptId || undefined}
        onClick={() => void submit()}
      >
        {form.sending ? '正在开放…' : '开放号源'}
      </Button>

      <Text className="section-title">查看 / 停诊某一天</Text>
      {d.deptId ? <DaySlots deptId={d.deptId} today={today} opened={opened} /> : null}
    </View>
  );
}

export default function SlotsPage() {
  return (
    <StaffGate only={{ roles: MANAGERS, title: '号源管理', id: 'slots-not-allowed', text: '号源管理需要管理者角色。' }}>
      {(user) => <SlotsDesk user={user} />}
    </StaffGate>
  );
}
