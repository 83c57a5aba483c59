import { normalizePhone } from '@shared/phone';
import type { MeView } from '@shared/schemas/auth';
import {
  type Category,
  type Channel,
  categories,
  categoryLabels,
  channelLabels,
  channels,
} from '@shared/schemas/common';
import { type DuplicateMatch, duplicatesInput, staffCreatePatientInput } from '@shared/schemas/patient';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { Banner } from '../components/Banner';
import Chips from '../components/Chips';
import DateField from '../components/DateField';
import FormField from '../components/FormField';
import StaffGate from '../components/StaffGate';
import { createLead, duplicatePhoneDetails, findDuplicates } from '../services/patients';
import { ApiError, showError } from '../services/request';
import { errorsByPath, errorsFromApi, type FieldErrors, optionalText } from '../utils/form';

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

function toInput(f: LeadForm) {
  return {
    name: f.name,
    phone: f.phone,
    gender: f.gender || undefined,
    birthDate: optionalText(f.birthDate),
    channel: f.channel || undefined,
    needs: f.needs.length ? f.needs : undefined,
    notes: optionalText(f.notes),
  };
}

function matchLine(m: DuplicateMatch): string {
  const owner = m.ownerStaffName ? `（归属：${m.ownerStaffName}）` : '';
  if (m.matchedOn.includes('phone')) return `手机号已存在：${m.maskedName} ${m.maskedPhone}${owner}`;
  const what = m.matchedOn.includes('name_birthdate') ? '同名且同生日' : '同名';
  return `${what}：${m.maskedName} ${m.maskedPhone}${owner}`;
}

function LeadEntry({ user }: { user: MeView }) {
  const [form, setForm] = useState<LeadForm>(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [tried, setTried] = useState(false);
  const [matches, setMatches] = useState<DuplicateMatch[]>([]);
  const [checkProblem, setCheckProblem] = useState('');
  const [sending, setSending] = useState(false);
  const [banner, setBanner] = useState('');
  const [saved, setSaved] = useState('');
  const seq = useRef(0);

  const validate = (f: LeadForm) => {
    const r = staffCreatePatientInput.safeParse(toInput(f));
    return r.success ? {} : errorsByPath(r.error.issues);
  };

  const set = <K extends keyof LeadForm>(key: K, value: LeadForm[K]) => {
    setSaved('');
    setForm((prev) => {
      const next = { ...prev, [key]: value };
      if (tried) setErrors(validate(next));
      return next;
    });
  };

  // As the name or phone is typed: ask who already matches (debounced, stale answers dropped).
  useEffect(() => {
    const name = form.name.trim();
    const phone = normalizePhone(form.phone);
    const body = duplicatesInput.safeParse({
      name: name.length >= 2 ? name : undefined,
      phone,
      birthDate: /^\d{4}-\d{2}-\d{2}$/.test(form.birthDate) ? form.birthDate : undefined,
    });
    const mine = ++seq.current;
    if (!body.success) {
      setMatches([]);
      setCheckProblem('');
      return;
    }
    const timer = setTimeout(() => {
      findDuplicates(body.data)
        .then((r) => {
          if (mine !== seq.current) return;
          setMatches(r.items);
          setCheckProblem('');
        })
        .catch((e) => {
          if (mine !== seq.current) return;
          setCheckProblem(
            e instanceof ApiError && e.status === 0
              ? '查重暂不可用（网络异常），保存时系统仍会检查手机号。'
              : `查重失败：${e instanceof ApiError ? e.message : '请稍后重试'}`,
          );
        });
    }, 300);
    return () => clearTimeout(timer);
  }, [form.name, form.phone, form.birthDate]);

  const phoneTaken = matches.some((m) => m.matchedOn.includes('phone'));
  const nameMatches = matches.filter((m) => !m.matchedOn.includes('phone'));

  const toggleNeed = (v: string) => {
    const c = v as Category;
    set('needs', form.needs.includes(c) ? form.needs.filter((n) => n !== c) : [...form.needs, c]);
  };

  const submit = async () => {
    if (sending) return;
    setTried(true);
    setBanner('');
    if (phoneTaken) {
      setBanner('该手机号已建档，不能重复录入。请核对号码或联系档案归属人。');
      return;
    }
    const parsed = staffCreatePatientInput.safeParse(toInput(form));
    if (!parsed.success) {
      setErrors(errorsByPath(parsed.error.issues));
      setBanner('请按提示修改标红的内容');
      return;
    }
    setErrors({});
    setSending(true);
    try {
      const created = await createLead(parsed.data);
      Taro.showToast({ title: '建档成功', icon: 'success' });
      setSaved(`已为 ${created.name} 建档`);
      setForm({ ...empty, channel: form.channel });
      setTried(false);
      setMatches([]);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'DUPLICATE_PHONE') {
        const d = duplicatePhoneDetails(e.details);
        setBanner(`该手机号已建档${d ? `（${d.maskedName} ${d.maskedPhone}）` : ''}，不能重复录入。`);
        setErrors({ phone: '该手机号已建档' });
      } else if (e instanceof ApiError && e.status === 400) {
        const fe = errorsFromApi(e.fields);
        setErrors(fe);
        setBanner(Object.keys(fe).length ? '请按提示修改标红的内容' : e.message);
      } else if (!(e instanceof ApiError && e.status === 401)) {
        showError(e);
        if (e instanceof ApiError) setBanner(e.message);
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <View className="page" id="lead-form">
      <Text className="title">录入新患者</Text>
      <Text className="subtitle">录入人：{user.name || user.staffId || '我'}（档案归属于您）</Text>
      {saved ? (
        <View className="banner banner-info" id="lead-saved">
          <Text className="banner-line">{saved}</Text>
        </View>
      ) : null}
      <Banner id="form-error" text={banner} />

      <FormField
        id="field-name"
        label="姓名"
        value={form.name}
        error={errors.name}
        placeholder="患者姓名"
        maxlength={30}
        onChange={(v) => set('name', v)}
      />
      <FormField
        id="field-phone"
        label="手机号"
        type={process.env.TARO_ENV === 'weapp' ? 'number' : 'text'}
        value={form.phone}
        error={errors.phone}
        placeholder="11 位手机号"
        maxlength={20}
        onChange={(v) => set('phone', v)}
      />

      {matches.length > 0 ? (
        <View className={`banner ${phoneTaken ? 'banner-error' : 'banner-warn'}`} id="dup-warning">
          <Text className="banner-title">{phoneTaken ? '⚠ 手机号已建档，不能重复录入' : '⚠ 可能重复，请核对'}</Text>
          {matches.map((m) => (
            <Text className="banner-line dup-line" key={m.patientId}>
              {matchLine(m)}
            </Text>
          ))}
          {!phoneTaken && nameMatches.length > 0 ? (
            <Text className="consent-text">同名不一定是同一人：请向患者核对手机号后再保存。</Text>
          ) : null}
        </View>
      ) : null}
      {checkProblem ? (
        <View className="banner banner-warn" id="dup-check-problem">
          <Text className="banner-line">{checkProblem}</Text>
        </View>
      ) : null}

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
          selected={form.gender}
          onToggle={(v) => set('gender', form.gender === v ? '' : (v as 'male' | 'female'))}
        />
      </View>

      <DateField
        id="field-birthDate"
        label="出生日期"
        hint="选填"
        value={form.birthDate}
        error={errors.birthDate}
        onChange={(v) => set('birthDate', v)}
      />

      <View className="field">
        <Text className="label">来源渠道</Text>
        <Chips
          idPrefix="channel"
          options={channels.map((c) => ({ value: c, label: channelLabels[c] }))}
          selected={form.channel}
          onToggle={(v) => set('channel', v as Channel)}
        />
        {errors.channel ? (
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
          selected={form.needs}
          onToggle={toggleNeed}
        />
      </View>

      <FormField
        id="field-notes"
        label="备注"
        hint="选填"
        multiline
        value={form.notes}
        error={errors.notes}
        maxlength={500}
        onChange={(v) => set('notes', v)}
      />

      <Button
        id="submit"
        className={`btn btn-primary${phoneTaken ? ' btn-disabled' : ''}`}
        disabled={sending || phoneTaken || undefined}
        onClick={() => void submit()}
      >
        {phoneTaken ? '手机号已建档，无法保存' : sending ? '正在保存…' : '保存建档'}
      </Button>
    </View>
  );
}

export default function LeadPage() {
  return <StaffGate>{(user) => <LeadEntry user={user} />}</StaffGate>;
}
