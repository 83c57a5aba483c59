import type { MeView } from '@shared/schemas/auth';
import {
  type Category,
  type Channel,
  categories,
  categoryLabels,
  channelLabels,
  channels,
} from '@shared/schemas/common';
import { staffCreatePatientInput } from '@shared/schemas/patient';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import DateField from '../components/DateField';
import FormField from '../components/FormField';
import StaffGate from '../components/StaffGate';
import { useZodForm } from '../hooks/use-zod-form';
import { createLead, duplicatePhoneDetails } from '../services/patients';
import type { ApiError } from '../services/request';
import { optionalText } from '../utils/form';
import { DuplicateWarning, useDuplicateCheck } from './lead-duplicates';

interface LeadForm {
  name: string;
  phone: string;
  gender: '' | 'male' | 'female';
  birthDate: string;
  channel: Channel | '';
  needs: Category[];
  notes: string;
}

const empty: LeadForm = { name: '', phone: '', gender: '', birthDate: '', channel: '', needs: [], notes: '' };

const toInput = (f: LeadForm) => ({
  name: f.name,
  phone: f.phone,
  gender: f.gender || undefined,
  birthDate: optionalText(f.birthDate),
  channel: f.channel || undefined,
  needs: f.needs.length ? f.needs : undefined,
  notes: optionalText(f.notes),
});

const PHONE_TAKEN = '该手机号已建档，不能重复录入。请核对号码或联系档案归属人。';

function LeadEntry({ user }: { user: MeView }) {
  const form = useZodForm({ schema: staffCreatePatientInput, initial: empty, toInput });
  const v = form.values;
  const dup = useDuplicateCheck(v.name, v.phone, v.birthDate);
  const [saved, setSaved] = useState('');

  // A phone already on file: the server refuses it too; say whose it is, masked.
  const onRefused = (e: ApiError) => {
    if (e.code !== 'DUPLICATE_PHONE') return false;
    const d = duplicatePhoneDetails(e.details);
    form.setBanner(`该手机号已建档${d ? `（${d.maskedName} ${d.maskedPhone}）` : ''}，不能重复录入。`);
    form.setErrors({ phone: '该手机号已建档' });
    return true;
  };

  const submit = () => {
    setSaved('');
    if (dup.phoneTaken) {
      form.setBanner(PHONE_TAKEN);
      return;
    }
    void form.submit(
      async (input) => {
        const created = await createLead(input);
        Taro.showToast({ title: '建档成功', icon: 'success' });
        // The next lead often comes from the same place: the channel stays chosen.
        form.reset({ ...empty, channel: v.channel });
        setSaved(`已为 ${created.name} 建档，可在市场工作台的“我的建档”中回电。`);
      },
      { onRefused },
    );
  };

  const toggleNeed = (n: string) => {
    const c = n as Category;
    form.set('needs', v.needs.includes(c) ? v.needs.filter((x) => x !== c) : [...v.needs, c]);
  };
  const canGoBack = Taro.getCurrentPages().length > 1;

  return (
    <View className="page" id="lead-form">
      <Text className="title">录入新患者</Text>
      <Text className="subtitle">录入人：{user.name || user.staffId || '我'}（档案归属于您）</Text>
      {saved ? (
        <Banner kind="info" id="lead-saved" text={saved}>
          {canGoBack ? (
            <Button id="lead-back" className="btn btn-small" onClick={() => void Taro.navigateBack()}>
              返回
            </Button>
          ) : null}
        </Banner>
      ) : null}
      <Banner id="form-error" text={form.banner} />

      <FormField {...form.field('name')} label="姓名" placeholder="患者姓名" maxlength={30} />
      <FormField {...form.field('phone')} label="手机号" type="phone" />
      <DuplicateWarning {...dup} />

      <View className="field">
        <Text className="label">
          性别<Text className="label-hint">选填</Text>
        </Text>
        <Chips
          idPrefix="gender"
          options={[
            { value: 'male', label: '男' },
            { value: 'female', label: '女' },
          ]}
          selected={v.gender}
          onToggle={(g) => form.set('gender', v.gender === g ? '' : (g as 'male' | 'female'))}
        />
      </View>

      <DateField {...form.field('birthDate')} label="出生日期" hint="选填" />

      <View className="field">
        <Text className="label">来源渠道</Text>
        <Chips
          idPrefix="channel"
          options={channels.map((c) => ({ value: c, label: channelLabels[c] }))}
          selected={v.channel}
          onToggle={(c) => form.set('channel', c as Channel)}
        />
        {form.errors.channel ? (
          <Text className="error-text" id="error-channel">
            请选择来源渠道
          </Text>
        ) : null}
      </View>

      <View className="field">
        <Text className="label">
          意向项目<Text className="label-hint">可多选</Text>
        </Text>
        <Chips
          idPrefix="need"
          options={categories.map((c) => ({ value: c, label: categoryLabels[c] }))}
          selected={v.needs}
          onToggle={toggleNeed}
        />
      </View>

      <FormField {...form.field('notes')} label="备注" hint="选填" multiline maxlength={500} />

      <Button
        id="submit"
        className={`btn btn-primary${dup.phoneTaken ? ' btn-disabled' : ''}`}
        disabled={form.sending || dup.phoneTaken || undefined}
        onClick={submit}
      >
        {dup.phoneTaken ? '手机号已建档，无法保存' : form.sending ? '正在保存…' : '保存建档'}
      </Button>
    </View>
  );
}

export default function LeadPage() {
  return <StaffGate>{(user) => <LeadEntry user={user} />}</StaffGate>;
}
