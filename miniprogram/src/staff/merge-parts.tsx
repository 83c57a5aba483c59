import { clinicDate, clinicTime } from '@shared/dates';
import { type Channel, channelLabels } from '@shared/schemas/common';
import { type MergeCounts, type MergePreview, type MergeSide, mergeCountLabels } from '@shared/schemas/merge';
import type { StaffPatientView } from '@shared/schemas/patient';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import * as z from 'zod';
import { Banner } from '../components/Banner';
import FormField from '../components/FormField';
import PickCard from '../components/PickCard';
import { useZodForm } from '../hooks/use-zod-form';
import { findRecords } from '../services/merge';

const searchSchema = z.object({ q: z.string().trim().min(1, { message: '请输入手机号或姓名' }) });
/** When a record was entered, in the clinic's time (two records of one day differ by the minute). */
const day = (iso: string) => `${clinicDate(new Date(iso))} ${clinicTime(iso)}`;
const genderLabel = (g?: string) => (g === 'male' ? '男' : g === 'female' ? '女' : '');

/** One of the two records: found by phone or name, then picked (the other one is left out). */
export function FindRecord(p: {
  slot: 'a' | 'b';
  label: string;
  exclude?: string;
  onPick: (r: StaffPatientView) => void;
}) {
  const form = useZodForm({ schema: searchSchema, initial: { q: '' } });
  const [found, setFound] = useState<StaffPatientView[] | undefined>();
  const search = () =>
    form.submit(async ({ q }) => {
      setFound((await findRecords(q)).items.filter((r) => r.id !== p.exclude));
    });
  return (
    <View className="card" id={`merge-find-${p.slot}`}>
      <Text className="card-title">{p.label}</Text>
      <Banner id={`merge-find-${p.slot}-error`} text={form.banner} />
      <FormField
        {...form.field('q')}
        id={`merge-search-${p.slot}`}
        label="手机号或姓名"
        placeholder="输入 11 位手机号或姓名"
      />
      <Button
        id={`merge-search-${p.slot}-submit`}
        className="btn"
        disabled={form.sending || undefined}
        onClick={() => void search()}
      >
        {form.sending ? '正在查找…' : '查找'}
      </Button>
      {found && found.length === 0 ? <Text className="muted">没有找到匹配的档案。</Text> : null}
      {found?.map((r) => (
        <PickCard
          key={r.id}
          id={`merge-pick-${p.slot}-${r.id}`}
          name={r.name}
          chosen={false}
          onPick={() => p.onPick(r)}
        >
          <Text className="muted">
            {r.phone} · 建档 {day(r.createdAt)}
            {r.ownerStaffName ? ` · ${r.ownerStaffName}` : ''}
          </Text>
        </PickCard>
      ))}
    </View>
  );
}

function Row(p: { label: string; a: string; b: string; differs?: boolean; id?: string }) {
  return (
    <View className={`mg-row${p.differs ? ' mg-differs' : ''}`} id={p.id}>
      <Text className="mg-key">{p.label}</Text>
      <Text className="mg-cell">{p.a || '—'}</Text>
      <Text className="mg-cell">{p.b || '—'}</Text>
    </View>
  );
}

const channelOf = (c: string) => channelLabels[c as Channel] ?? c;

/** The two records side by side: who they are, where they came from, what each holds; differences marked. */
export function Compare({ preview }: { preview: MergePreview }) {
  const { left, right } = preview;
  const differs = new Set(preview.conflicts.map((c) => c.field));
  const field = (label: string, f: (s: MergeSide) => string, key?: string) => (
    <Row label={label} a={f(left)} b={f(right)} differs={key ? differs.has(key as never) : false} />
  );
  return (
    <View className="card mg-table" id="merge-compare">
      <Row label="" a="档案一" b="档案二" />
      {field('姓名', (s) => s.patient.name, 'name')}
      {field('性别', (s) => genderLabel(s.patient.gender), 'gender')}
      {field('出生日期', (s) => s.patient.birthDate ?? '', 'birthDate')}
      {field('身份证号', (s) => s.patient.idCardNo ?? '', 'idCardNo')}
      {field('手机号', (s) => s.patient.phone)}
      {field('建档时间', (s) => day(s.patient.createdAt))}
      {field('负责人', (s) => s.patient.ownerStaffName ?? '')}
      {field('来源渠道', (s) => channelOf(s.patient.channel))}
      {field('活动', (s) => s.patient.campaignId ?? '')}
      <Text className="section-title">各有多少记录</Text>
      {(Object.keys(mergeCountLabels) as (keyof MergeCounts)[]).map((k) => (
        <Row
          key={k}
          id={`merge-count-${k}`}
          label={mergeCountLabels[k]}
          a={String(left.counts[k])}
          b={String(right.counts[k])}
        />
      ))}
      {preview.conflicts.length ? (
        <Banner id="merge-conflicts" kind="warn" text="标红的信息两份档案不一致：合并后以保留的档案为准。" />
      ) : null}
    </View>
  );
}
