import { normalizePhone } from '@shared/phone';
import { type Category, categories, categoryLabels } from '@shared/schemas/common';
import { createPatientInput, type PatientView, relationLabels, relations } from '@shared/schemas/patient';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { Banner } from '../../components/Banner';
import DateField from '../../components/DateField';
import FormField from '../../components/FormField';
import LabeledChips from '../../components/LabeledChips';
import { Loaded } from '../../components/Loaded';
import { useLoad } from '../../hooks/use-load';
import { useZodForm } from '../../hooks/use-zod-form';
import {
  createMyPatient,
  duplicatePhoneDetails,
  listMyPatients,
  updateConsents,
  updateMyPatient,
} from '../../services/patients';
import type { ApiError } from '../../services/request';
import ConsentBlock from './ConsentBlock';
import DuplicatePhone, { type Duplicate } from './DuplicatePhone';
import {
  birthDateError,
  editOf,
  emptyForm,
  fromView,
  holderPhone,
  type Relation,
  toInput,
  wheelStart,
  withIdCard,
} from './form-state';
import PhoneField from './PhoneField';
import './index.css';

const relationOptions = relations.map((r) => ({ value: r, label: relationLabels[r] }));
const genderOptions = [
  { value: 'male', label: '男' },
  { value: 'female', label: '女' },
];
const needOptions = categories.map((c) => ({ value: c, label: categoryLabels[c] }));

export default function PatientForm() {
  const router = useRouter();
  const editId = router.params.id ? decodeURIComponent(router.params.id) : '';
  // The account's profiles: the one to edit, or the holder's phone to offer a family member.
  const family = useLoad(async () => (await listMyPatients()).items, [], false);
  const original = editId ? family.data?.find((p) => p.id === editId) : undefined;
  const form = useZodForm({ schema: createPatientInput, initial: emptyForm, toInput });
  const { values, errors, set } = form;
  const [dup, setDup] = useState<Duplicate | undefined>();
  const [idNote, setIdNote] = useState('');
  const [saved, setSaved] = useState(false);
  const filled = useRef(false);

  useEffect(() => {
    Taro.setNavigationBarTitle({ title: editId ? '编辑就诊人' : '新增就诊人' });
  }, [editId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: fill once, when the profile arrives
  useEffect(() => {
    if (!original || filled.current) return;
    filled.current = true;
    form.reset(fromView(original));
  }, [original]);

  const setPhone = (phone: string) => {
    set('phone', phone);
    setDup(undefined);
  };

  const setIdCard = (typed: string) => {
    const next = withIdCard(values, typed);
    const filledBirth = next.birthDate !== values.birthDate;
    const filledGender = next.gender !== values.gender;
    form.setValues(next);
    if (filledBirth || filledGender) {
      setIdNote(`已按身份证号填写${[filledBirth && '出生日期', filledGender && '性别'].filter(Boolean).join('和')}`);
    } else if (!next.idCardNo) setIdNote('');
  };

  const toggleNeed = (v: string) => {
    const c = v as Category;
    set('needs', values.needs.includes(c) ? values.needs.filter((n) => n !== c) : [...values.needs, c]);
  };

  const refused = (e: ApiError): boolean => {
    if (e.code !== 'DUPLICATE_PHONE') return false;
    const details = duplicatePhoneDetails(e.details) ?? { maskedName: '', maskedPhone: '', claimable: false };
    const mine = (e.details as { mine?: boolean } | undefined)?.mine === true;
    setDup({ ...details, message: e.message, mine });
    form.setErrors({ phone: mine ? '您已添加过这位就诊人' : '该手机号已建档' });
    // Said again beside the button the person just tapped; the details stand under the phone.
    form.setBanner(`${e.message}，请看手机号下方的说明`);
    return true;
  };

  const save = (phoneCode?: string) =>
    form.submit(
      async (data) => {
        if (original) {
          const { consents, update } = editOf(original, data);
          if (Object.keys(consents).length > 0) await updateConsents({ patientId: original.id, ...consents });
          await updateMyPatient(original.id, update);
          Taro.showToast({ title: '已保存', icon: 'success' });
        } else {
          const created = await createMyPatient(phoneCode ? { ...data, phoneCode } : data);
          Taro.showToast({ title: created.claimed ? '已找回您的档案' : '建档成功', icon: 'success' });
        }
        setSaved(true);
        setDup(undefined);
        setTimeout(() => Taro.redirectTo({ url: '/me/patients' }), 800);
      },
      { onRefused: refused },
    );

  const verify = (code?: string) => void save(code ?? `dev:${normalizePhone(values.phone) ?? values.phone}`);

  const fields = (profiles: PatientView[]) => (
    <View>
      <LabeledChips
        label="就诊人是您的"
        idPrefix="relation"
        options={relationOptions}
        selected={values.relation}
        onToggle={(v) => set('relation', v as Relation)}
      />
      <FormField {...form.field('name')} label="姓名" placeholder="请输入真实姓名" maxlength={30} />
      <LabeledChips
        label="性别"
        idPrefix="gender"
        options={genderOptions}
        selected={values.gender}
        error={errors.gender}
        errorId="error-gender"
        onToggle={(v) => set('gender', v as 'male' | 'female')}
      />
      <DateField
        {...form.field('birthDate')}
        label="出生日期"
        error={birthDateError(values.birthDate, errors.birthDate)}
        around={wheelStart(values.relation)}
      />
      <PhoneField
        value={values.phone}
        error={errors.phone}
        locked={Boolean(editId)}
        shared={original?.phoneShared}
        family={values.relation !== 'self'}
        holder={holderPhone(profiles)}
        onChange={setPhone}
      />
      {dup ? <DuplicatePhone dup={dup} sending={form.sending} onVerify={verify} /> : null}
      <LabeledChips
        label="关注的项目"
        hint="可多选"
        idPrefix="need"
        options={needOptions}
        selected={values.needs}
        onToggle={toggleNeed}
      />
      <FormField {...form.field('occupation')} label="职业" hint="选填" maxlength={50} />
      <FormField {...form.field('address')} label="住址" hint="选填" maxlength={200} />
      <ConsentBlock form={form} onIdCard={setIdCard} idNote={idNote} />
      <Banner id="form-error-bottom" text={form.banner} />
      <Button
        id="submit"
        className="btn btn-primary"
        disabled={form.sending || saved || undefined}
        onClick={() => void save()}
      >
        {form.sending ? '正在保存…' : saved ? '已保存' : editId ? '保存修改' : '提交建档'}
      </Button>
    </View>
  );

  return (
    <View className="page" id="patient-form">
      <Text className="title">{editId ? '编辑就诊人' : '新增就诊人'}</Text>
      <Banner id="form-error" text={form.banner} />
      {editId ? (
        <Loaded
          state={family}
          id="form-load-error"
          empty={{
            when: (items) => !items.some((p) => p.id === editId),
            text: '没有找到这位就诊人，可能已被删除。',
            action: (
              <Button className="btn" onClick={() => Taro.redirectTo({ url: '/me/patients' })}>
                返回我的就诊人
              </Button>
            ),
          }}
        >
          {(items) => fields(items)}
        </Loaded>
      ) : (
        fields(family.data ?? [])
      )}
    </View>
  );
}
