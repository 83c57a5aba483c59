import { ageOn, clinicDate, isRealDate } from '@shared/dates';
import { normalizePhone } from '@shared/phone';
import { type Category, categories, categoryLabels } from '@shared/schemas/common';
import {
  createPatientInput,
  GUARDIAN_AGE,
  type PatientView,
  relationLabels,
  relations,
  updatePatientInput,
} from '@shared/schemas/patient';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useMemo, useState } from 'react';
import { Banner } from '../../components/Banner';
import Chips from '../../components/Chips';
import ConsentSwitch from '../../components/ConsentSwitch';
import DateField from '../../components/DateField';
import FormField from '../../components/FormField';
import {
  createMyPatient,
  type DuplicatePhoneDetails,
  duplicatePhoneDetails,
  listMyPatients,
  updateConsents,
  updateMyPatient,
} from '../../services/patients';
import { ApiError, showError } from '../../services/request';
import { errorsByPath, errorsFromApi, type FieldErrors, optionalText } from '../../utils/form';

type Relation = (typeof relations)[number];

interface FormState {
  name: string;
  gender: '' | 'male' | 'female';
  birthDate: string;
  phone: string;
  idCardNo: string;
  occupation: string;
  address: string;
  medicalHistory: string;
  needs: Category[];
  relation: Relation;
  healthData: boolean;
  marketing: boolean;
  guardian: boolean;
}

const empty: FormState = {
  name: '',
  gender: '',
  birthDate: '',
  phone: '',
  idCardNo: '',
  occupation: '',
  address: '',
  medicalHistory: '',
  needs: [],
  relation: 'self',
  healthData: false,
  marketing: false,
  guardian: false,
};

const isWeapp = process.env.TARO_ENV === 'weapp';

function isMinor(birthDate: string): boolean {
  return isRealDate(birthDate) && ageOn(birthDate, clinicDate(new Date())) < GUARDIAN_AGE;
}

function fromView(p: PatientView): FormState {
  return {
    name: p.name,
    gender: p.gender ?? '',
    birthDate: p.birthDate ?? '',
    phone: p.phone,
    idCardNo: p.idCardNo ?? '',
    occupation: p.occupation ?? '',
    address: p.address ?? '',
    medicalHistory: p.medicalHistory ?? '',
    needs: (p.needs ?? []).filter((n): n is Category => (categories as readonly string[]).includes(n)),
    relation: p.relation ?? 'self',
    healthData: p.consents.healthData,
    marketing: p.consents.marketing,
    guardian: Boolean(p.consents.guardian),
  };
}

/** The body createPatientInput expects; health fields only go with health consent. */
function toInput(f: FormState, phoneCode?: string) {
  const minor = isMinor(f.birthDate);
  return {
    name: f.name,
    gender: f.gender || undefined,
    birthDate: f.birthDate.trim(),
    phone: f.phone,
    idCardNo: f.healthData ? optionalText(f.idCardNo) : undefined,
    occupation: optionalText(f.occupation),
    address: optionalText(f.address),
    medicalHistory: f.healthData ? optionalText(f.medicalHistory) : undefined,
    needs: f.needs,
    relation: f.relation,
    consents: { healthData: f.healthData, marketing: f.marketing, ...(minor ? { guardian: f.guardian } : {}) },
    ...(phoneCode ? { phoneCode } : {}),
  };
}

export default function PatientForm() {
  const router = useRouter();
  const editId = router.params.id ? decodeURIComponent(router.params.id) : '';
  const [form, setForm] = useState<FormState>(empty);
  const [original, setOriginal] = useState<PatientView | undefined>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [tried, setTried] = useState(false);
  const [sending, setSending] = useState(false);
  const [banner, setBanner] = useState('');
  const [dup, setDup] = useState<DuplicatePhoneDetails | undefined>();
  const [loadProblem, setLoadProblem] = useState('');

  useEffect(() => {
    Taro.setNavigationBarTitle({ title: editId ? '编辑就诊人' : '新增就诊人' });
    if (!editId) return;
    listMyPatients()
      .then(({ items }) => {
        const p = items.find((x) => x.id === editId);
        if (!p) {
          setLoadProblem('没有找到这位就诊人，可能已被删除。');
          return;
        }
        setOriginal(p);
        setForm(fromView(p));
      })
      .catch((e) => setLoadProblem(e instanceof ApiError ? e.message : '加载失败，请稍后重试'));
  }, [editId]);

  const minor = isMinor(form.birthDate);

  const validate = (f: FormState): FieldErrors => {
    const r = createPatientInput.safeParse(toInput(f));
    return r.success ? {} : errorsByPath(r.error.issues);
  };

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((prev) => {
      const next = { ...prev, [key]: value };
      if (tried) setErrors(validate(next));
      return next;
    });
    if (key === 'phone') setDup(undefined);
  };

  const toggleNeed = (v: string) => {
    const c = v as Category;
    set('needs', form.needs.includes(c) ? form.needs.filter((n) => n !== c) : [...form.needs, c]);
  };

  const submit = async (phoneCode?: string) => {
    if (sending) return;
    setTried(true);
    setBanner('');
    const parsed = createPatientInput.safeParse(toInput(form, phoneCode));
    if (!parsed.success) {
      setErrors(errorsByPath(parsed.error.issues));
      setBanner('请按提示修改标红的内容');
      return;
    }
    setErrors({});
    setSending(true);
    try {
      if (editId && original) {
        await saveEdit(parsed.data);
        Taro.showToast({ title: '已保存', icon: 'success' });
      } else {
        const created = await createMyPatient(parsed.data);
        Taro.showToast({ title: created.claimed ? '已找回您的档案' : '建档成功', icon: 'success' });
      }
      setDup(undefined);
      setTimeout(() => Taro.redirectTo({ url: '/pages/patients/index' }), 800);
    } catch (e) {
      handleError(e);
    } finally {
      setSending(false);
    }
  };

  const saveEdit = async (data: ReturnType<typeof createPatientInput.parse>) => {
    if (!original) return;
    const c = original.consents;
    const consentChange = {
      ...(data.consents.healthData !== c.healthData ? { healthData: data.consents.healthData } : {}),
      ...(data.consents.marketing !== c.marketing ? { marketing: data.consents.marketing } : {}),
      ...(data.consents.guardian !== undefined && data.consents.guardian !== Boolean(c.guardian)
        ? { guardian: data.consents.guardian }
        : {}),
    };
    if (Object.keys(consentChange).length > 0) await updateConsents({ patientId: original.id, ...consentChange });
    const update = updatePatientInput.parse({
      name: data.name,
      gender: data.gender,
      birthDate: data.birthDate,
      idCardNo: data.idCardNo,
      occupation: data.occupation,
      address: data.address,
      medicalHistory: data.medicalHistory,
      needs: data.needs,
      relation: data.relation,
    });
    await updateMyPatient(original.id, update);
  };

  const handleError = (e: unknown) => {
    if (!(e instanceof ApiError)) {
      showError(e);
      return;
    }
    if (e.code === 'DUPLICATE_PHONE') {
      setDup(duplicatePhoneDetails(e.details) ?? { maskedName: '', maskedPhone: '', claimable: false });
      setErrors({ phone: '该手机号已建档' });
      return;
    }
    if (e.status === 400) {
      const fieldErrors = errorsFromApi(e.fields);
      setErrors(fieldErrors);
      setBanner(Object.keys(fieldErrors).length ? '请按提示修改标红的内容' : e.message);
      return;
    }
    if (e.status === 401) return; // already on the way to the login page
    setBanner(e.message);
    showError(e);
  };

  const phoneForClaim = useMemo(() => normalizePhone(form.phone) ?? form.phone, [form.phone]);

  if (loadProblem) {
    return (
      <View className="page">
        <View className="banner banner-error">
          <Text className="banner-line">{loadProblem}</Text>
        </View>
        <Button className="btn" onClick={() => Taro.navigateBack()}>
          返回
        </Button>
      </View>
    );
  }

  return (
    <View className="page" id="patient-form">
      <Text className="title">{editId ? '编辑就诊人' : '新增就诊人'}</Text>
      <Banner id="form-error" text={banner} />

      <View className="field">
        <Text className="label">就诊人是您的</Text>
        <Chips
          idPrefix="relation"
          options={relations.map((r) => ({ value: r, label: relationLabels[r] }))}
          selected={form.relation}
          onToggle={(v) => set('relation', v as Relation)}
        />
      </View>

      <FormField
        id="field-name"
        label="姓名"
        value={form.name}
        error={errors.name}
        placeholder="请输入真实姓名"
        maxlength={30}
        onChange={(v) => set('name', v)}
      />

      <View className="field">
        <Text className="label">性别</Text>
        <Chips
          idPrefix="gender"
          options={[
            { value: 'male', label: '男' },
            { value: 'female', label: '女' },
          ]}
          selected={form.gender}
          onToggle={(v) => set('gender', v as 'male' | 'female')}
        />
        {errors.gender ? (
          <Text className="error-text" id="error-gender">
            {errors.gender}
          </Text>
        ) : null}
      </View>

      <DateField
        id="field-birthDate"
        label="出生日期"
        value={form.birthDate}
        error={errors.birthDate}
        onChange={(v) => set('birthDate', v)}
      />

      <FormField
        id="field-phone"
        label="手机号"
        hint={editId ? '手机号不可修改' : '用于就诊提醒'}
        type={process.env.TARO_ENV === 'weapp' ? 'number' : 'text'}
        value={form.phone}
        error={errors.phone}
        placeholder="11 位手机号"
        maxlength={20}
        disabled={Boolean(editId) || undefined}
        onChange={(v) => set('phone', v)}
      />

      {dup ? (
        <View className="banner banner-warn" id="dup-phone">
          <Text className="banner-title">
            该手机号已建档{dup.maskedName || dup.maskedPhone ? `（${dup.maskedName} ${dup.maskedPhone}）` : ''}
          </Text>
          {dup.claimable ? (
            <View>
              <Text className="banner-line">如果这是您本人的档案，验证手机号后即可找回并关联到您的账号。</Text>
              <View style={{ height: '10px' }} />
              {isWeapp ? (
                <Button
                  id="verify-phone"
                  className="btn btn-primary"
                  openType="getPhoneNumber"
                  disabled={sending || undefined}
                  onGetPhoneNumber={(e) => {
                    const code = (e.detail as { code?: string }).code;
                    if (code) void submit(code);
                    else Taro.showToast({ title: '未获得手机号授权', icon: 'none' });
                  }}
                >
                  验证手机号并找回档案
                </Button>
              ) : (
                <Button
                  id="verify-phone"
                  className="btn btn-primary"
                  disabled={sending || undefined}
                  onClick={() => void submit(`dev:${phoneForClaim}`)}
                >
                  验证手机号并找回档案（本地演示）
                </Button>
              )}
            </View>
          ) : (
            <Text className="banner-line">如需找回或修改该档案，请联系医院前台。</Text>
          )}
        </View>
      ) : null}

      <View className="field">
        <Text className="label">
          关注的项目<Text className="label-hint">可多选</Text>
        </Text>
        <Chips
          idPrefix="need"
          options={categories.map((c) => ({ value: c, label: categoryLabels[c] }))}
          selected={form.needs}
          onToggle={toggleNeed}
        />
      </View>

      <FormField
        id="field-occupation"
        label="职业"
        hint="选填"
        value={form.occupation}
        error={errors.occupation}
        maxlength={50}
        onChange={(v) => set('occupation', v)}
      />
      <FormField
        id="field-address"
        label="住址"
        hint="选填"
        value={form.address}
        error={errors.address}
        maxlength={200}
        onChange={(v) => set('address', v)}
      />

      <Text className="card-title">授权</Text>
      <ConsentSwitch
        id="consent-healthData"
        title="健康信息授权"
        text="同意医院保存和使用病史、身份证号等健康信息，仅用于诊疗。开启后才能填写下面两项；可随时撤回。"
        checked={form.healthData}
        error={errors['consents.healthData']}
        onChange={(v) => set('healthData', v)}
      />

      <FormField
        id="field-idCardNo"
        label="身份证号"
        hint={form.healthData ? '选填' : '需先开启健康信息授权'}
        type="idcard"
        value={form.idCardNo}
        error={errors.idCardNo}
        maxlength={18}
        disabled={!form.healthData || undefined}
        onChange={(v) => set('idCardNo', v)}
      />
      <FormField
        id="field-medicalHistory"
        label="既往病史、过敏史"
        hint={form.healthData ? '选填' : '需先开启健康信息授权'}
        multiline
        value={form.medicalHistory}
        error={errors.medicalHistory}
        maxlength={1000}
        disabled={!form.healthData || undefined}
        onChange={(v) => set('medicalHistory', v)}
      />

      <ConsentSwitch
        id="consent-marketing"
        title="营销信息授权（可选）"
        text="同意接收节日问候、优惠活动等消息。不同意不影响就诊，可随时关闭。"
        checked={form.marketing}
        error={errors['consents.marketing']}
        onChange={(v) => set('marketing', v)}
      />

      {minor ? (
        <ConsentSwitch
          id="consent-guardian"
          title="监护人同意"
          text={`就诊人未满 ${GUARDIAN_AGE} 周岁，需要您作为监护人同意处理其个人信息。`}
          checked={form.guardian}
          error={errors['consents.guardian']}
          onChange={(v) => set('guardian', v)}
        />
      ) : null}

      <Button id="submit" className="btn btn-primary" disabled={sending || undefined} onClick={() => void submit()}>
        {sending ? '正在保存…' : editId ? '保存修改' : '提交建档'}
      </Button>
    </View>
  );
}
